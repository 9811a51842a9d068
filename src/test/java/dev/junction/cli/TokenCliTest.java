package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.protect.Hook;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction token issue|list|revoke}: the token shown once, never listed, exit codes as documented. */
class TokenCliTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T09:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  CliTest.Run run(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--repo";
    all[args.length + 1] = dir.toString();
    return CliTest.run(CLOCK, all);
  }

  @Test
  void aCoordinatorIssuesListsAndRevokesAndTheSecretIsPrintedOnlyByTheIssue() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "chore(plan): Start [T1]\n", "junction.yaml", Plans.LEAD_AND_ONE);
      repo.branch("coordination", "main");
      StoredConfig config = repo.repo().getConfig();
      config.setString(Hook.SECTION, null, Hook.COORDINATION_KEY, "coordination");
      config.save();

      CliTest.Run forbidden = run("token", "issue", "--member", "a@x.org", "--as", "a@x.org");
      assertThat(forbidden.code()).isEqualTo(1);
      assertThat(forbidden.out()).startsWith("Not allowed: a@x.org does not have the coordinator role");

      CliTest.Run issued = run("token", "issue", "--member", "a@x.org", "--ttl", "30d", "--as", "lead@x.org");
      assertThat(issued.code()).as(issued.err()).isZero();
      String token = issued.out().lines().filter(l -> l.strip().startsWith("jct_")).findFirst().orElseThrow().strip();
      assertThat(issued.out()).contains("until 2026-12-24T09:00:00Z").contains("cannot be shown again");

      CliTest.Run json = run("token", "issue", "--member", "lead@x.org", "--role", "coordinator", "--json",
          "--as", "lead@x.org");
      assertThat(json.code()).isZero();
      JsonNode lead = json.json();
      assertThat(lead.get("outcome").asText()).isEqualTo("issued");
      assertThat(lead.get("secret").asText()).startsWith("jct_" + lead.get("issued").get("id").asText() + "_");
      assertThat(lead.get("issued").get("role").asText()).isEqualTo("coordinator");

      String id = token.substring(4, 20);
      CliTest.Run list = run("token", "list");
      assertThat(list.out()).contains(id + "  active   a@x.org (member), until 2026-12-24T09:00:00Z")
          .doesNotContain(token.substring(21));
      CliTest.Run listJson = run("token", "list", "--json");
      assertThat(listJson.json().get("tokens")).hasSize(2);
      assertThat(listJson.out()).doesNotContain(token.substring(21)).doesNotContain(lead.get("secret").asText());

      assertThat(run("token", "revoke", id, "--as", "lead@x.org").out()).contains("Token " + id + " of a@x.org revoked");
      CliTest.Run again = run("token", "revoke", id, "--as", "lead@x.org");
      assertThat(again.code()).isEqualTo(1);
      assertThat(again.out()).startsWith("Not revoked:");
      assertThat(run("token", "list").out()).contains(id + "  revoked  a@x.org");
      CliTest.Run unknown = run("token", "revoke", "ffffffffffffffff");
      assertThat(unknown.code()).isEqualTo(2);
      assertThat(unknown.err()).contains("ID: no token ffffffffffffffff");
    }
  }

  @Test
  void badMembersRolesAndDurationsNameTheirOption() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "chore(plan): Start [T1]\n", "junction.yaml", Plans.LEAD_AND_ONE);
      repo.branch("coordination", "main");
      CliTest.Run member = run("token", "issue", "--member", "b@x.org", "--as", "lead@x.org");
      assertThat(member.code()).isEqualTo(2);
      assertThat(member.err()).contains("--member: 'b@x.org' is not a member");
      CliTest.Run role = run("token", "issue", "--member", "a@x.org", "--role", "boss", "--as", "lead@x.org");
      assertThat(role.err()).contains("--role: 'boss' is not a role");
      CliTest.Run ttl = run("token", "issue", "--member", "a@x.org", "--ttl", "forever", "--as", "lead@x.org");
      assertThat(ttl.code()).isEqualTo(2);
      assertThat(ttl.err()).contains("--ttl: 'forever' is not a duration");
      assertThat(run("token", "list").out()).isEqualTo("No token issued.\n");
    }
  }
}
