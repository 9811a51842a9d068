package dev.junction.app;

import static dev.junction.app.TokenFixture.A;
import static dev.junction.app.TokenFixture.LEAD;
import static dev.junction.app.TokenFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.plan.Disposition;
import dev.junction.plan.InputError;
import dev.junction.store.StoreEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bearer tokens through their service, on a real repository and store file, at fixed times. */
class TokenServiceTest {
  @TempDir Path dir;
  TokenFixture fixture;
  Workspace workspace;
  TokenService tokens;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new TokenFixture(dir);
    workspace = fixture.at(NOW);
    tokens = new TokenService(workspace);
  }

  @AfterEach
  void tearDown() {
    workspace.close();
    fixture.close();
  }

  TokenService.Issued issue(String member, Member.Role role, Duration ttl) throws Exception {
    return (TokenService.Issued) tokens.issue(new TokenService.IssueInput(member, role, ttl, Optional.of(LEAD)));
  }

  static InputError problem(InvalidInput e) {
    assertThat(e.problems()).hasSize(1);
    return (InputError) e.problems().get(0);
  }

  /** {@code token} with its character at {@code index} changed. */
  static String changed(String token, int index) {
    char c = token.charAt(index);
    return token.substring(0, index) + (c == 'a' ? 'b' : 'a') + token.substring(index + 1);
  }

  @Test
  void anIssuedTokenAuthenticatesItsMemberWithItsRole() throws Exception {
    TokenService.Issued issued = issue("A@x.org", Member.Role.MEMBER, TokenService.DEFAULT_TTL);
    assertThat(issued.disposition()).isEqualTo(Disposition.DONE);
    assertThat(issued.secret()).matches("jct_[0-9a-f]{16}_[A-Za-z0-9_-]{43}").startsWith("jct_" + issued.issued().id());
    assertThat(issued.issued()).isEqualTo(new TokenService.Token(issued.issued().id(), "a@x.org", "A", Member.Role.MEMBER,
        "active", "lead@x.org", NOW, NOW.plus(Duration.ofDays(90)), Optional.empty(), Optional.empty()));
    assertThat(tokens.authenticate(issued.secret())).contains(new Member(A, Member.Role.MEMBER, issued.issued().id()));

    TokenService.Issued lead = issue("lead@x.org", Member.Role.COORDINATOR, Duration.ofHours(12));
    assertThat(tokens.authenticate(lead.secret())).hasValueSatisfying(m -> {
      assertThat(m.actor()).isEqualTo(LEAD);
      assertThat(m.coordinator()).isTrue();
    });
    assertThat(workspace.store().events(StoreEvent.TokenIssued.class)).extracting(s -> s.actor().orElseThrow())
        .containsExactly("lead@x.org", "lead@x.org");
  }

  @Test
  void aWrongSecretAuthenticatesNoOne() throws Exception {
    String token = issue("a@x.org", Member.Role.MEMBER, Duration.ofDays(1)).secret();
    assertThat(tokens.authenticate(changed(token, token.length() - 1))).isEmpty();
    assertThat(tokens.authenticate(changed(token, 30))).isEmpty();
    assertThat(tokens.authenticate(token + "x")).isEmpty();
    assertThat(tokens.authenticate(token.substring(0, token.length() - 1))).isEmpty();
    assertThat(tokens.authenticate("Bearer " + token)).isEmpty();
    assertThat(tokens.authenticate("")).isEmpty();
    assertThat(tokens.authenticate(null)).isEmpty();
    assertThat(tokens.authenticate(token)).isPresent();
  }

  @Test
  void aTamperedIdPartAuthenticatesNoOneEvenWithAnotherTokensId() throws Exception {
    String a = issue("a@x.org", Member.Role.MEMBER, Duration.ofDays(1)).secret();
    String lead = issue("lead@x.org", Member.Role.COORDINATOR, Duration.ofDays(1)).secret();
    String leadId = lead.substring(4, 20);
    // A's secret under the coordinator's id: found, but its hash is not the coordinator token's.
    assertThat(tokens.authenticate("jct_" + leadId + a.substring(20))).isEmpty();
    assertThat(tokens.authenticate(changed(a, 5))).isEmpty();
    assertThat(tokens.authenticate("jct_0000000000000000" + a.substring(20))).isEmpty();
    assertThat(tokens.authenticate(a.toUpperCase(java.util.Locale.ROOT))).isEmpty();
  }

  @Test
  void aRevokedTokenAuthenticatesNoOneAndIsRevokedOnce() throws Exception {
    TokenService.Issued issued = issue("a@x.org", Member.Role.MEMBER, Duration.ofDays(1));
    String id = issued.issued().id();
    TokenService.RevokeOutcome revoked = tokens.revoke(new TokenService.RevokeInput(id, Optional.of(LEAD)));
    assertThat(revoked.disposition()).isEqualTo(Disposition.DONE);
    assertThat(((TokenService.Revoked) revoked).revoked().state()).isEqualTo("revoked");
    assertThat(((TokenService.Revoked) revoked).revoked().revokedBy()).contains("lead@x.org");
    assertThat(tokens.authenticate(issued.secret())).isEmpty();
    assertThat(tokens.revoke(new TokenService.RevokeInput(id, Optional.of(LEAD))))
        .isEqualTo(new TokenService.NotRevoked("token " + id + " was revoked already"));
    assertThat(workspace.store().events(StoreEvent.TokenRevoked.class)).hasSize(1);
  }

  @Test
  void aTokenExpiresAtItsExpiry() throws Exception {
    TokenService.Issued issued = issue("a@x.org", Member.Role.MEMBER, Duration.ofMinutes(30));
    Duration ttl = Duration.ofMinutes(30);
    try (Workspace before = fixture.at(NOW.plus(ttl).minusSeconds(1)); Workspace at = fixture.at(NOW.plus(ttl))) {
      assertThat(new TokenService(before).authenticate(issued.secret())).isPresent();
      assertThat(new TokenService(at).authenticate(issued.secret())).isEmpty();
      assertThat(new TokenService(at).list().tokens()).extracting(TokenService.Token::state).containsExactly("expired");
    }
  }

  @Test
  void aNonCoordinatorMayNotIssueAndNothingIsStored() throws Exception {
    TokenService.IssueOutcome outcome = tokens.issue(new TokenService.IssueInput("a@x.org", Member.Role.MEMBER,
        Duration.ofDays(1), Optional.of(A)));
    assertThat(outcome.disposition()).isEqualTo(Disposition.FORBIDDEN);
    assertThat(outcome).isInstanceOfSatisfying(TokenService.Forbidden.class,
        f -> assertThat(f.reason()).startsWith("a@x.org does not have the coordinator role"));
    assertThat(tokens.list().tokens()).isEmpty();
  }

  @Test
  void aMemberOutsideThePlanOrACoordinatorRoleForAMemberIsBadInput() throws Exception {
    assertThatThrownBy(() -> issue("a@x.orh", Member.Role.MEMBER, Duration.ofDays(1))).isInstanceOfSatisfying(
        InvalidInput.class, e -> assertThat(problem(e)).satisfies(p -> {
          assertThat(p.field()).isEqualTo("member");
          assertThat(p.message()).contains("did you mean a@x.org?");
        }));
    assertThatThrownBy(() -> issue("a@x.org", Member.Role.COORDINATOR, Duration.ofDays(1))).isInstanceOfSatisfying(
        InvalidInput.class, e -> assertThat(problem(e).field()).isEqualTo("role"));
    assertThatThrownBy(() -> issue("a@x.org", Member.Role.MEMBER, Duration.ofDays(400))).isInstanceOfSatisfying(
        InvalidInput.class, e -> assertThat(problem(e).field()).isEqualTo("ttl"));
    assertThat(workspace.existingStore()).isEmpty();
  }

  @Test
  void theStoreFileHoldsTheHashNeverTheSecret() throws Exception {
    TokenService.Issued issued = issue("a@x.org", Member.Role.MEMBER, Duration.ofDays(1));
    String secret = issued.secret().substring(21);
    String hash = HexFormat.of().formatHex(TokenService.sha256(issued.secret()));
    Path store = workspace.storeFile();
    workspace.close(); // SQLite folds its write-ahead log into the file on the last close
    List<Path> files = new ArrayList<>();
    try (Stream<Path> all = Files.list(store.getParent())) {
      all.filter(Files::isRegularFile).forEach(files::add);
    }
    StringBuilder bytes = new StringBuilder();
    for (Path f : files) {
      bytes.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
    }
    assertThat(bytes.toString()).contains(hash).contains(issued.issued().id()).doesNotContain(secret)
        .doesNotContain(issued.secret());
    workspace = fixture.at(NOW);
  }

  @Test
  void theListShowsEveryTokensStateAndNoSecret() throws Exception {
    assertThat(tokens.list().tokens()).isEmpty();
    assertThat(workspace.existingStore()).isEmpty();
    TokenService.Issued kept = issue("a@x.org", Member.Role.MEMBER, Duration.ofDays(1));
    TokenService.Issued gone = issue("lead@x.org", Member.Role.MEMBER, Duration.ofDays(1));
    tokens.revoke(new TokenService.RevokeInput(gone.issued().id(), Optional.of(LEAD)));
    TokenService.Listed listed = tokens.list();
    assertThat(listed.disposition()).isEqualTo(Disposition.DONE);
    assertThat(listed.tokens()).extracting(TokenService.Token::id, TokenService.Token::state)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(kept.issued().id(), "active"),
            org.assertj.core.groups.Tuple.tuple(gone.issued().id(), "revoked"));
    String json = JsonContract.write(listed);
    assertThat(json).doesNotContain(kept.secret().substring(21)).doesNotContain("hash").contains("\"role\" : \"member\"");
  }

  @Test
  void aMemberRevokesTheirOwnTokenButNotAnothers() throws Exception {
    TokenService.Issued mine = issue("a@x.org", Member.Role.MEMBER, Duration.ofDays(1));
    TokenService.Issued theirs = issue("lead@x.org", Member.Role.COORDINATOR, Duration.ofDays(1));
    assertThat(tokens.revoke(new TokenService.RevokeInput(theirs.issued().id(), Optional.of(A))).disposition())
        .isEqualTo(Disposition.FORBIDDEN);
    assertThat(tokens.authenticate(theirs.secret())).isPresent();
    assertThat(tokens.revoke(new TokenService.RevokeInput(mine.issued().id(), Optional.of(A))).disposition())
        .isEqualTo(Disposition.DONE);
    assertThatThrownBy(() -> tokens.revoke(new TokenService.RevokeInput(changed(mine.issued().id(), 0), Optional.of(LEAD))))
        .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(problem(e).field()).isEqualTo("token"));
  }

  @Test
  void anUnknownTokenIdWithNoStoreSaysNoneIssued() {
    assertThatThrownBy(() -> tokens.revoke(new TokenService.RevokeInput("0123456789abcdef", Optional.of(LEAD))))
        .isInstanceOfSatisfying(InvalidInput.class,
            e -> assertThat(problem(e)).isEqualTo(new InputError("token", "no token 0123456789abcdef (none issued)")));
  }

  @Test
  void validityIsWrittenInDaysHoursAndMinutes() {
    assertThat(TokenService.ttl("90d")).isEqualTo(Duration.ofDays(90));
    assertThat(TokenService.ttl("1d12h")).isEqualTo(Duration.ofHours(36));
    assertThat(TokenService.ttl("12h")).isEqualTo(Duration.ofHours(12));
    assertThat(TokenService.ttl("30m")).isEqualTo(Duration.ofMinutes(30));
    for (String bad : List.of("soon", "", "30", "1d-2h", "366d", "30s", "999999999d")) {
      assertThatThrownBy(() -> TokenService.ttl(bad)).as(bad).isInstanceOfSatisfying(InvalidInput.class,
          e -> assertThat(problem(e).field()).isEqualTo("ttl"));
    }
  }

  @Test
  void aRebuildGivesBackTheSameTokens() throws Exception {
    issue("a@x.org", Member.Role.MEMBER, Duration.ofDays(1));
    TokenService.Issued gone = issue("lead@x.org", Member.Role.MEMBER, Duration.ofDays(1));
    tokens.revoke(new TokenService.RevokeInput(gone.issued().id(), Optional.of(LEAD)));
    var before = workspace.store().tokens().tokens();
    workspace.store().rebuild();
    assertThat(workspace.store().tokens().tokens()).isEqualTo(before);
  }
}
