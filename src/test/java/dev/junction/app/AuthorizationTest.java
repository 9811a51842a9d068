package dev.junction.app;

import static dev.junction.app.TokenFixture.A;
import static dev.junction.app.TokenFixture.LEAD;
import static dev.junction.app.TokenFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.plan.Disposition;
import dev.junction.store.StoreEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who a request acts as: the token's member, or, for a coordinator's token, the member named on their behalf. */
class AuthorizationTest {
  static final Member MEMBER_A = new Member(A, Member.Role.MEMBER, "000000000000000a");
  static final Member COORDINATOR = new Member(LEAD, Member.Role.COORDINATOR, "00000000000000c0");

  @Test
  void aMembersTokenActsAsTheMember() {
    assertThat(Authorization.actingAs(MEMBER_A, Optional.empty())).isEqualTo(new Authorization.Self(A));
    assertThat(Authorization.actingAs(MEMBER_A, Optional.of(Actor.of("A@X.org")))).isEqualTo(new Authorization.Self(A));
  }

  @Test
  void aMembersTokenCannotActAsAnotherMember() {
    Authorization.Acting acting = Authorization.actingAs(MEMBER_A, Optional.of(Actor.of("lead@x.org")));
    assertThat(acting.disposition()).isEqualTo(Disposition.FORBIDDEN);
    assertThat(acting).isInstanceOf(Authorization.Forbidden.class);
  }

  @Test
  void aCoordinatorsTokenActsOnBehalfOfTheMemberNamed() {
    assertThat(Authorization.actingAs(COORDINATOR, Optional.of(A))).isEqualTo(new Authorization.OnBehalf(A, COORDINATOR));
    assertThat(Authorization.actingAs(COORDINATOR, Optional.of(A)).disposition()).isEqualTo(Disposition.DONE);
    assertThat(Authorization.actingAs(COORDINATOR, Optional.empty())).isEqualTo(new Authorization.Self(LEAD));
  }

  @Test
  void aStolenNameIsNoIdentityTheTokenDecidesEndToEnd(@TempDir Path dir) throws Exception {
    try (TokenFixture fixture = new TokenFixture(dir); Workspace workspace = fixture.at(NOW)) {
      TokenService tokens = new TokenService(workspace);
      String a = ((TokenService.Issued) tokens.issue(new TokenService.IssueInput("a@x.org", Member.Role.MEMBER,
          Duration.ofDays(1), Optional.of(LEAD)))).secret();
      String lead = ((TokenService.Issued) tokens.issue(new TokenService.IssueInput("lead@x.org",
          Member.Role.COORDINATOR, Duration.ofDays(1), Optional.of(LEAD)))).secret();

      Member asA = tokens.authenticate(a).orElseThrow();
      assertThat(Authorization.actingAs(asA, Optional.of(LEAD)).disposition()).isEqualTo(Disposition.FORBIDDEN);

      Member asLead = tokens.authenticate(lead).orElseThrow();
      Authorization.OnBehalf onBehalf = (Authorization.OnBehalf) Authorization.actingAs(asLead, Optional.of(A));
      long id = tokens.recordOnBehalf(onBehalf, "POST /api/requests/1/reviews");
      assertThat(workspace.store().events(StoreEvent.ActedOnBehalf.class)).singleElement().satisfies(e -> {
        assertThat(e.id()).isEqualTo(id);
        assertThat(e.subject()).isEqualTo("a@x.org");
        assertThat(e.actor()).contains("lead@x.org");
        assertThat(e.event()).isEqualTo(new StoreEvent.ActedOnBehalf("a@x.org", asLead.token(),
            "POST /api/requests/1/reviews"));
      });
    }
  }
}
