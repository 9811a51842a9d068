package dev.junction.app;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.junction.land.EmergencyOverride;
import dev.junction.plan.DidYouMean;
import dev.junction.plan.Disposition;
import dev.junction.plan.InputError;
import dev.junction.plan.Plan;
import dev.junction.plan.Role;
import dev.junction.review.ReviewRules;
import dev.junction.store.EventStore;
import dev.junction.store.StoreEvent;
import dev.junction.store.Tokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's bearer tokens (issue 15, "Identity"): a coordinator issues one per member, with a
 * role and an expiry, and revokes it; the server authenticates each request by it.
 *
 * <p>A token reads {@code jct_<id>_<secret>}: {@code id} is 16 hex digits, public, the key it is
 * found by; {@code secret} is 32 random bytes in unpadded base64url. The store keeps only the
 * SHA-256 of the whole token (the secret is random, so a plain hash suffices) and compares hashes
 * in constant time. The token is shown once, when issued.
 *
 * <p>Who issues and revokes is judged against the coordination plan (the one overrides are judged
 * by): a member with the coordinator role, their own or their session's. On one machine the actor
 * is git's {@code user.email} or {@code --as}, trusted as the CLI trusts them everywhere; through
 * the server it is the authenticated member. A token is issued only to a member of the plan.
 */
public final class TokenService {
  /** How long a token is valid unless the issuer says otherwise. */
  public static final Duration DEFAULT_TTL = Duration.ofDays(90);
  /** The shortest validity one token has. */
  public static final Duration MIN_TTL = Duration.ofMinutes(1);
  /** The longest validity one token has. */
  public static final Duration MAX_TTL = Duration.ofDays(365);
  /** How every token starts. */
  public static final String PREFIX = "jct_";

  private static final Pattern TOKEN = Pattern.compile("jct_([0-9a-f]{16})_([A-Za-z0-9_-]{43})");
  private static final Pattern DAYS = Pattern.compile("^([0-9]{1,9})d(.*)$");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Workspace workspace;

  public TokenService(Workspace workspace) {
    this.workspace = Objects.requireNonNull(workspace, "workspace");
  }

  /**
   * A validity written {@code 90d}, {@code 12h}, {@code 30m} or {@code 1d12h}, from 1 minute to 365
   * days.
   *
   * @throws InvalidInput naming {@code ttl} for anything else
   */
  public static Duration ttl(String text) {
    Matcher days = DAYS.matcher(text.strip());
    Optional<Duration> parsed;
    if (days.matches()) {
      Duration d = Duration.ofDays(Long.parseLong(days.group(1)));
      parsed = days.group(2).isEmpty() ? Optional.of(d) : EmergencyOverride.ttl(days.group(2)).map(d::plus);
    } else {
      parsed = EmergencyOverride.ttl(text);
    }
    Duration ttl = parsed.orElseThrow(() -> new InvalidInput(
        new InputError("ttl", "'" + text + "' is not a duration like 90d, 12h or 30m")));
    if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
      throw new InvalidInput(new InputError("ttl", "'" + text + "' is not between 1 minute and 365 days"));
    }
    return ttl;
  }

  /**
   * The role written {@code coordinator} or {@code member}.
   *
   * @throws InvalidInput naming {@code role} for anything else
   */
  public static Member.Role role(String text) {
    return Member.Role.of(text).orElseThrow(() -> new InvalidInput(
        new InputError("role", "'" + text + "' is not a role of a token: coordinator or member")));
  }

  /**
   * Issue a token to plan member {@code member} (an e-mail) with {@code role}, valid for
   * {@code ttl}; by {@code as}, else git's identity.
   */
  public record IssueInput(String member, Member.Role role, Duration ttl, Optional<Actor> as) {
    public IssueInput {
      Objects.requireNonNull(member, "member");
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(ttl, "ttl");
      Objects.requireNonNull(as, "as");
    }
  }

  /** Revoke token {@code id}; by {@code as}, else git's identity. */
  public record RevokeInput(String id, Optional<Actor> as) {
    public RevokeInput {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(as, "as");
    }
  }

  /** How an issue ended. */
  public sealed interface IssueOutcome {
    Disposition disposition();
  }

  /** How a revocation ended. */
  public sealed interface RevokeOutcome {
    Disposition disposition();
  }

  /**
   * A token as listed: never its secret nor its hash. {@code state} is {@code active},
   * {@code expired} or {@code revoked}.
   */
  public record Token(String id, String member, String name, Member.Role role, String state, String issuedBy,
      Instant issuedAt, Instant expires, Optional<String> revokedBy, Optional<Instant> revokedAt) {
    static Token of(Tokens.Token t, Instant now) {
      String state = t.revokedAt().isPresent() ? "revoked" : t.validAt(now) ? "active" : "expired";
      return new Token(t.id(), t.member(), t.name(), Member.Role.of(t.role()).orElseThrow(), state, t.issuedBy(),
          t.issuedAt(), t.expires(), t.revokedBy(), t.revokedAt());
    }
  }

  /** Issued: {@code secret} is the whole token, shown this once; {@code issued} is how lists show it. */
  @JsonTypeName("issued")
  public record Issued(String secret, Token issued) implements IssueOutcome {
    @Override
    public Disposition disposition() {
      return Disposition.DONE;
    }
  }

  /** Revoked: the token authenticates no one from now on. */
  @JsonTypeName("revoked")
  public record Revoked(Token revoked) implements RevokeOutcome {
    @Override
    public Disposition disposition() {
      return Disposition.DONE;
    }
  }

  /** Not revoked: it was revoked already. */
  @JsonTypeName("not-revoked")
  public record NotRevoked(String reason) implements RevokeOutcome {
    @Override
    public Disposition disposition() {
      return Disposition.NO;
    }
  }

  /** The actor may not do this: no coordinator role (and, to revoke, not the token's own member). */
  @JsonTypeName("forbidden")
  public record Forbidden(String reason) implements IssueOutcome, RevokeOutcome {
    @Override
    public Disposition disposition() {
      return Disposition.FORBIDDEN;
    }
  }

  /** Every token, oldest first, as of {@code at}. */
  @JsonTypeName("tokens")
  public record Listed(Instant at, List<Token> tokens) {
    public Listed {
      tokens = List.copyOf(tokens);
    }

    public Disposition disposition() {
      return Disposition.DONE;
    }
  }

  /**
   * Issues a token, by a coordinator of the coordination plan.
   *
   * @throws InvalidInput for a {@code member} who is in no session of the plan (with the closest
   *     members), the {@code role} coordinator for a member without that role, a {@code ttl} out of
   *     bounds, no valid plan
   */
  public IssueOutcome issue(IssueInput input) throws IOException {
    if (input.ttl().compareTo(MIN_TTL) < 0 || input.ttl().compareTo(MAX_TTL) > 0) {
      throw new InvalidInput(new InputError("ttl", "between 1 minute and 365 days"));
    }
    Plan plan = OverrideService.coordinationPlan(workspace);
    Actor actor = workspace.actor(input.as());
    if (!ReviewRules.hasRole(plan, actor.email(), Role.COORDINATOR)) {
      return new Forbidden(actor.email() + " does not have the coordinator role in " + plan.source()
          + ": only a coordinator issues tokens");
    }
    dev.junction.plan.Member member = ReviewRules.member(plan, input.member().strip()).orElseThrow(() ->
        new InvalidInput(new InputError("member", "'" + input.member() + "' is not a member of any session of "
            + plan.source() + DidYouMean.hint(input.member(), emails(plan)))));
    if (input.role() == Member.Role.COORDINATOR && !ReviewRules.hasRole(plan, member.email(), Role.COORDINATOR)) {
      throw new InvalidInput(new InputError("role", member.email() + " does not have the coordinator role in "
          + plan.source() + ": a coordinator's token is for a coordinator"));
    }
    EventStore store = workspace.store();
    Instant now = workspace.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    for (int attempt = 0; ; attempt++) {
      String id = HexFormat.of().formatHex(random(8));
      String secret = PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random(32));
      StoreEvent.TokenIssued issued = new StoreEvent.TokenIssued(id, member.email(), member.name(), input.role().word(),
          HexFormat.of().formatHex(sha256(secret)), actor.email(), now, now.plus(input.ttl()));
      if (store.tokens().issue(issued)) {
        return new Issued(secret, Token.of(store.tokens().token(id).orElseThrow(), now));
      }
      if (attempt == 3) {
        throw new IllegalStateException("four random token ids in a row were taken in " + store.url());
      }
    }
  }

  /** Every token, oldest first; none (and no store created) when there is no store. Never a secret. */
  public Listed list() throws IOException {
    Instant now = workspace.clock().instant();
    Optional<EventStore> store = workspace.existingStore();
    return new Listed(now, store.isEmpty() ? List.of()
        : store.get().tokens().tokens().stream().map(t -> Token.of(t, now)).toList());
  }

  /**
   * Revokes a token, by a coordinator of the coordination plan or the token's own member.
   *
   * @throws InvalidInput for an unknown {@code token} id (with the closest ones), no valid plan
   */
  public RevokeOutcome revoke(RevokeInput input) throws IOException {
    Optional<EventStore> existing = workspace.existingStore();
    List<Tokens.Token> all = existing.isEmpty() ? List.of() : existing.get().tokens().tokens();
    String id = input.id().strip();
    Tokens.Token token = all.stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow(() ->
        new InvalidInput(new InputError("token", "no token " + input.id() + (all.isEmpty() ? " (none issued)"
            : DidYouMean.hint(id, all.stream().map(Tokens.Token::id).toList())))));
    Plan plan = OverrideService.coordinationPlan(workspace);
    Actor actor = workspace.actor(input.as());
    if (!ReviewRules.hasRole(plan, actor.email(), Role.COORDINATOR) && !token.member().equalsIgnoreCase(actor.email())) {
      return new Forbidden(actor.email() + " does not have the coordinator role in " + plan.source()
          + ": only a coordinator, or the token's own member, revokes a token");
    }
    Instant now = workspace.clock().instant();
    if (!workspace.store().tokens().revoke(new StoreEvent.TokenRevoked(id, actor.email(), now))) {
      return new NotRevoked("token " + id + " was revoked already");
    }
    return new Revoked(Token.of(workspace.store().tokens().token(id).orElseThrow(), now));
  }

  /**
   * The member {@code bearer} (a whole token, without {@code Bearer }) authenticates: empty for
   * anything that is not a token this store issued, for a wrong secret, a revoked token and an
   * expired one, without saying which. Creates no store.
   */
  public Optional<Member> authenticate(String bearer) throws IOException {
    if (bearer == null) {
      return Optional.empty();
    }
    Matcher m = TOKEN.matcher(bearer);
    if (!m.matches()) {
      return Optional.empty();
    }
    Optional<EventStore> store = workspace.existingStore();
    Optional<Tokens.Token> found = store.isEmpty() ? Optional.empty() : store.get().tokens().token(m.group(1));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Tokens.Token t = found.get();
    boolean matches = MessageDigest.isEqual(HexFormat.of().parseHex(t.hash()), sha256(bearer));
    if (!matches || !t.validAt(workspace.clock().instant())) {
      return Optional.empty();
    }
    return Optional.of(new Member(new Actor(t.name(), t.member()), Member.Role.of(t.role()).orElseThrow(), t.id()));
  }

  /**
   * Records that a coordinator acted on behalf of a member ({@link Authorization.OnBehalf}):
   * {@code operation} names what was done, such as {@code POST /api/requests/3/reviews}. The
   * action's own events carry the member as actor; this event, about the member, carries the
   * coordinator as actor and the token used. Answers its id.
   */
  public long recordOnBehalf(Authorization.OnBehalf acting, String operation) throws IOException {
    return workspace.store().append(workspace.clock().instant(), acting.actor().email(),
        Optional.of(acting.by().actor().email()),
        new StoreEvent.ActedOnBehalf(acting.actor().email(), acting.by().token(), operation));
  }

  private static List<String> emails(Plan plan) {
    return plan.sessions().stream().flatMap(s -> s.members().stream()).map(dev.junction.plan.Member::email).toList();
  }

  private static byte[] random(int bytes) {
    byte[] out = new byte[bytes];
    RANDOM.nextBytes(out);
    return out;
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
