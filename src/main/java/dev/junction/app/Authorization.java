package dev.junction.app;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.junction.plan.Disposition;
import java.util.Objects;
import java.util.Optional;

/**
 * Who acts through the server (DESIGN.md, "Who acts"): the member a bearer token authenticates,
 * never a {@code --as} nobody authenticated. A request naming someone else is refused unless the
 * token is a coordinator's; then the action is the named member's, on the coordinator's behalf: the
 * service is called with the member as actor (its rules judge the member), and
 * {@link TokenService#recordOnBehalf} records the coordinator, token and operation beside it.
 * A pure rule: it reads nothing.
 */
public final class Authorization {
  private Authorization() {}

  /** Whom a request acts as. */
  public sealed interface Acting {
    Disposition disposition();
  }

  /** The token's member acts as themselves. */
  @JsonTypeName("self")
  public record Self(Actor actor) implements Acting {
    @Override
    public Disposition disposition() {
      return Disposition.DONE;
    }
  }

  /** Coordinator {@code by} acts on behalf of {@code actor}: record it with {@link TokenService#recordOnBehalf}. */
  @JsonTypeName("on-behalf")
  public record OnBehalf(Actor actor, Member by) implements Acting {
    @Override
    public Disposition disposition() {
      return Disposition.DONE;
    }
  }

  /** The token's member may not act as the one named (the server answers 403). */
  @JsonTypeName("forbidden")
  public record Forbidden(String reason) implements Acting {
    @Override
    public Disposition disposition() {
      return Disposition.FORBIDDEN;
    }
  }

  /**
   * Whom a request of {@code authenticated} acts as: themselves when it names no one else
   * ({@code requestedAs} empty, or their own e-mail in any letter case); the member named when
   * the token is a coordinator's; else forbidden.
   */
  public static Acting actingAs(Member authenticated, Optional<Actor> requestedAs) {
    Objects.requireNonNull(authenticated, "authenticated");
    Actor self = authenticated.actor();
    if (requestedAs.isEmpty() || requestedAs.get().email().equalsIgnoreCase(self.email())) {
      return new Self(self);
    }
    if (!authenticated.coordinator()) {
      return new Forbidden(self.email() + " may act only as themselves: acting as " + requestedAs.get().email()
          + " takes a coordinator's token");
    }
    return new OnBehalf(requestedAs.get(), authenticated);
  }
}
