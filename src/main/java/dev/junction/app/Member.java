package dev.junction.app;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A member as a bearer token authenticates them to the server: who ({@link Actor}), with which
 * {@link Role}, through which token (its id). What {@link TokenService#authenticate} answers and
 * {@link Authorization#actingAs} judges.
 */
public record Member(Actor actor, Role role, String token) {
  public Member {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(token, "token");
  }

  /** What a token lets its member do beyond acting as themselves. */
  public enum Role {
    /** Acts as themselves, and on behalf of any member (recorded as such); issues and revokes tokens. */
    COORDINATOR("coordinator"),
    /** Acts as themselves only. */
    MEMBER("member");

    private final String word;

    Role(String word) {
      this.word = word;
    }

    /** The word the CLI, the JSON and the store use. */
    public String word() {
      return word;
    }

    @Override
    public String toString() {
      return word;
    }

    /** The role written {@code word}, in any letter case. */
    public static Optional<Role> of(String word) {
      return Arrays.stream(values()).filter(r -> r.word.equalsIgnoreCase(word.strip())).findFirst();
    }
  }

  /** Whether the token is a coordinator's. */
  public boolean coordinator() {
    return role == Role.COORDINATOR;
  }
}
