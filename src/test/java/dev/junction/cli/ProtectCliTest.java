package dev.junction.cli;

import static dev.junction.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.protect.Install;
import dev.junction.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction protect install|status} and {@code junction override grant|close}: text, JSON and exit codes. */
@org.junit.jupiter.api.Tag("process")
class ProtectCliTest {
  static final String PLAN = """
      version: 1
      branches: {main: main, coordination: coord, session_patterns: ["claude/*-s-*"]}
      sessions:
        - {id: lead, roles: [coordinator], members: [{name: Lead, email: lead@x.org}]}
        - {id: a, branch: claude/a-s-1, members: [{name: A, email: a@x.org}]}
      phases:
        - id: p
          tasks:
            - {id: T1, title: t, owner: a, deliverables: [a.txt]}
      protection: {signed_commits: false, message_convention: true}
      """;

  /** A work tree with the plan on main, coord and a session branch, and a bare clone of it: the hub. */
  static Path hub(Path dir, String plan) throws Exception {
    Path work = dir.resolve("work");
    try (TestRepo repo = TestRepo.init(work)) {
      repo.commit("main", "chore(plan): Start [T1]\n", "junction.yaml", plan);
      repo.branch("coord", "main");
      repo.branch("claude/a-s-1", "main");
    }
    Path hub = dir.resolve("hub.git");
    Process p = new ProcessBuilder("git", "clone", "--bare", "-q", work.toString(), hub.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return hub;
  }

  @Test
  void installRefusesAWorkTreeInOneLine(@TempDir Path dir) throws Exception {
    hub(dir, PLAN);
    CliTest.Run r = run("protect", "install", dir.resolve("work").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("BARE_REPO: ", "work is not a bare git repository");
    assertThat(r.out()).isEmpty();
    assertThat(dir.resolve("work/.git/hooks/pre-receive")).doesNotExist();
  }

  @Test
  void installRefusesAHubWithoutAValidPlanNamingFileAndLine(@TempDir Path dir) throws Exception {
    Path hub = hub(dir, "version: 1\nbranches: {main: main, coordination: coord}\nbogus: 1\n");
    CliTest.Run found = run("protect", "install", hub.toString());
    assertThat(found.code()).isEqualTo(2);
    assertThat(found.err()).contains("claude/a-s-1:junction.yaml:3: bogus: unknown key",
        "no branch of " + hub + " holds a valid junction.yaml");
    // The same plan is on every branch: said once.
    assertThat(found.err().split("bogus: unknown key", -1)).hasSize(2);
    CliTest.Run named = run("protect", "install", hub.toString(), "--coordination", "coord", "--json");
    assertThat(named.code()).isEqualTo(2);
    assertThat(named.err()).contains("coord:junction.yaml:3: bogus: unknown key");
    assertThat(named.err().strip().lines()).allMatch(l -> l.startsWith("coord:junction.yaml:"));
    assertThat(named.json().get("errors")).anySatisfy(e -> {
      assertThat(e.get("line").asInt()).isEqualTo(3);
      assertThat(e.get("field").asText()).isEqualTo("bogus");
    });
    assertThat(hub.resolve("hooks/pre-receive")).doesNotExist();
    assertThat(run("protect", "install", hub.toString(), "--coordination", "nope").err())
        .contains("--coordination: no branch 'nope' in");
  }

  @Test
  void installWritesTheHookAndSaysWhatItDidInTextAndJson(@TempDir Path dir) throws Exception {
    Path hub = hub(dir, PLAN);
    Files.writeString(hub.resolve("hooks/pre-receive"), "#!/bin/sh\nexit 0\n");
    CliTest.Run text = run("protect", "install", hub.toString());
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("Installed the push guard: " + hub.resolve("hooks/pre-receive"),
        "rules from coord:junction.yaml (coordination: coord)", "class-data archive: ",
        "the hook that was there is kept as " + hub.resolve("hooks/pre-receive.before-junction"));
    String script = Files.readString(hub.resolve("hooks/pre-receive"));
    assertThat(script).contains(Install.MARKER, "dev.junction.protect.HookMain", "-XX:TieredStopAtLevel=1");
    assertThat(Files.isExecutable(hub.resolve("hooks/pre-receive"))).isTrue();
    assertThat(Files.readString(hub.resolve("config"))).contains("coordination = coord");

    JsonNode json = run("protect", "install", hub.toString(), "--json").json();
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("outcome", "hook", "coordination", "plan", "archive", "replaced");
    assertThat(json.get("outcome").asText()).isEqualTo("installed");
    assertThat(json.get("coordination").asText()).isEqualTo("coord");
    assertThat(json.get("plan").asText()).isEqualTo("coord:junction.yaml");
    assertThat(json.get("hook").asText()).isEqualTo(hub.resolve("hooks/pre-receive").toString());
    assertThat(json.get("archive").isBoolean()).isTrue();
    // Installing again keeps the guard in place and leaves the other tool's hook where it was put.
    assertThat(json.get("replaced").isNull()).isTrue();
    assertThat(hub.resolve("hooks/pre-receive.before-junction")).hasContent("#!/bin/sh\nexit 0\n");
  }

  @Test
  void statusSaysWhetherTheGuardIsInstalledAndWhatItEnforces(@TempDir Path dir) throws Exception {
    Path hub = hub(dir, PLAN);
    String r = hub.toString();
    CliTest.Run before = run("protect", "status", "--repo", r);
    assertThat(before.code()).isEqualTo(1);
    assertThat(before.out()).contains("Push guard: NOT installed (junction protect install)");
    JsonNode none = run("protect", "status", "--repo", r, "--json").json();
    assertThat(none.get("installed").asBoolean()).isFalse();
    assertThat(none.get("plan").asText()).isEqualTo("missing or invalid: every push is refused");

    assertThat(run("protect", "install", r).code()).isZero();
    CliTest.Run text = run("protect", "status", "--repo", r);
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("Push guard: installed", "Coordination: coord; plan: valid",
        "coord: no direct push (only junction land); no force push; no deletion",
        "claude/a-s-1: pushed by a's members; rewrites allowed; only merge from the coordination branch",
        "options: signed commits not required; commit subjects must follow spec 6.2");
    CliTest.Run status = run("protect", "status", "--repo", r, "--json");
    assertThat(status.code()).isZero();
    JsonNode json = status.json();
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("installed", "coordination", "plan", "options", "branches", "overrides");
    assertThat(json.get("installed").asBoolean()).isTrue();
    assertThat(json.get("coordination").asText()).isEqualTo("coord");
    assertThat(json.get("branches")).hasSize(3);
    assertThat(json.get("branches").get(0).get("branch").asText()).isEqualTo("coord");
    List<String> branchKeys = new ArrayList<>();
    json.get("branches").get(2).fieldNames().forEachRemaining(branchKeys::add);
    assertThat(branchKeys).containsExactly("branch", "rules");
    assertThat(json.get("branches").get(2).get("rules").get(2).asText()).isEqualTo("only merge from the coordination branch");
    assertThat(json.get("overrides")).isEmpty();
    assertThat(run("protect", "status", "--repo", dir.resolve("nowhere").toString()).code()).isEqualTo(2);
  }

  @Test
  void onlyACoordinatorGrantsAndClosesAnOverrideWhichStatusLists(@TempDir Path dir) throws Exception {
    Path hub = hub(dir, PLAN);
    String r = hub.toString();
    assertThat(run("protect", "install", r).code()).isZero();

    CliTest.Run notAllowed = run("override", "grant", "--branch", "coord", "--reason", "outage", "--ttl", "30m",
        "--repo", r, "--as", "a@x.org");
    assertThat(notAllowed.code()).isEqualTo(1);
    assertThat(notAllowed.out()).contains("Not allowed: a@x.org does not have the coordinator role");
    CliTest.Run badTtl = run("override", "grant", "--branch", "coord", "--reason", "outage", "--ttl", "soon",
        "--repo", r, "--as", "lead@x.org");
    assertThat(badTtl.code()).isEqualTo(2);
    assertThat(badTtl.err().strip()).isEqualTo("--ttl: 'soon' is not a duration like 30m, 2h or 1h30m");
    assertThat(run("override", "grant", "--branch", "coord", "--reason", "outage", "--ttl", "5h", "--repo", r,
        "--as", "lead@x.org").err()).contains("--ttl: '5h' is not between 1 minute and 4 hours");
    assertThat(run("override", "grant", "--branch", "claude/a-s-1", "--reason", "outage", "--ttl", "30m", "--repo", r,
        "--as", "lead@x.org").err()).contains("--branch: 'claude/a-s-1' is not protected");
    assertThat(hub.resolve("junction/overrides")).doesNotExist();

    CliTest.Run granted = run("override", "grant", "--branch", "coord", "--reason", "coordinator down", "--ttl", "30m",
        "--repo", r, "--as", "lead@x.org", "--json");
    assertThat(granted.code()).as(granted.err()).isZero();
    JsonNode g = granted.json();
    assertThat(g.get("outcome").asText()).isEqualTo("granted");
    assertThat(g.get("branch").asText()).isEqualTo("coord");
    assertThat(g.get("by").asText()).isEqualTo("lead@x.org");
    // Spec 5.4: the review is due an hour after the grant, whatever the override's own length.
    assertThat(java.time.Duration.between(java.time.Instant.parse(g.get("until").asText()),
        java.time.Instant.parse(g.get("reviewDue").asText()))).isEqualTo(java.time.Duration.ofMinutes(30));
    Path record = Path.of(g.get("record").asText());
    assertThat(record).exists().content().contains("## EMERGENCY OVERRIDE", "**Reason:** coordinator down",
        "**Approver:** Lead <lead@x.org>", "**Review:** due by");
    assertThat(record.getFileName().toString()).startsWith("EMERGENCY-OVERRIDE-").endsWith(".md");

    JsonNode listed = run("protect", "status", "--repo", r, "--json").json().get("overrides");
    assertThat(listed).hasSize(1);
    List<String> overrideKeys = new ArrayList<>();
    listed.get(0).fieldNames().forEachRemaining(overrideKeys::add);
    assertThat(overrideKeys).containsExactly("branch", "by", "reason", "until");
    assertThat(listed.get(0).get("branch").asText()).isEqualTo("coord");
    assertThat(listed.get(0).get("by").asText()).isEqualTo("lead@x.org");
    assertThat(listed.get(0).get("reason").asText()).isEqualTo("coordinator down");
    assertThat(run("protect", "status", "--repo", r).out()).contains("OVERRIDE open on coord by lead@x.org until");

    assertThat(run("override", "close", "--branch", "coord", "--repo", r, "--as", "a@x.org").code()).isEqualTo(1);
    CliTest.Run closed = run("override", "close", "--branch", "coord", "--repo", r, "--as", "lead@x.org", "--json");
    assertThat(closed.code()).as(closed.err()).isZero();
    assertThat(closed.json().get("outcome").asText()).isEqualTo("closed");
    assertThat(run("override", "close", "--branch", "coord", "--repo", r, "--as", "lead@x.org").out())
        .contains("Override closed on coord by lead@x.org: the branch is protected again");
    assertThat(run("protect", "status", "--repo", r, "--json").json().get("overrides")).isEmpty();
  }

  @Test
  void aLengthOutsideOneMinuteToFourHoursIsExit2NamingTtlAndWritesNothing(@TempDir Path dir) throws Exception {
    Path hub = hub(dir, PLAN);
    String r = hub.toString();
    assertThat(run("protect", "install", r).code()).isZero();
    for (String ttl : List.of("1s", "59s", "0m", "4h1s", "99999999999999999999h", "9223372036854775807s")) {
      CliTest.Run bad = run("override", "grant", "--branch", "coord", "--reason", "outage", "--ttl", ttl, "--repo", r,
          "--as", "lead@x.org");
      assertThat(bad.code()).as(ttl + ": " + bad.err()).isEqualTo(2);
      assertThat(bad.err().strip()).isEqualTo("--ttl: '" + ttl + "' is not between 1 minute and 4 hours");
    }
    for (String ttl : List.of("-5m", "=-5m")) {
      CliTest.Run negative = ttl.startsWith("=")
          ? run("override", "grant", "--branch", "coord", "--reason", "outage", "--ttl" + ttl, "--repo", r, "--as", "lead@x.org")
          : run("override", "grant", "--branch", "coord", "--reason", "outage", "--ttl", ttl, "--repo", r, "--as", "lead@x.org");
      assertThat(negative.code()).as(ttl + ": " + negative.err()).isEqualTo(2);
      assertThat(negative.err().strip()).as(ttl).doesNotContain("\n").contains("--ttl");
    }
    assertThat(hub.resolve("junction/overrides")).doesNotExist();
    assertThat(run("protect", "status", "--repo", r, "--json").json().get("overrides")).isEmpty();

    // The bounds themselves are accepted; two grants in the same second keep a record each.
    java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.parse("2026-11-24T09:28:43.250Z"), java.time.ZoneOffset.UTC);
    CliTest.Run shortest = run(clock, "override", "grant", "--branch", "coord", "--reason", "one minute", "--ttl", "1m",
        "--repo", r, "--as", "lead@x.org", "--json");
    assertThat(shortest.code()).as(shortest.err()).isZero();
    CliTest.Run longest = run(clock, "override", "grant", "--branch", "coord", "--reason", "four hours", "--ttl", "4h",
        "--repo", r, "--as", "lead@x.org", "--json");
    assertThat(longest.code()).as(longest.err()).isZero();
    assertThat(longest.json().get("until").asText()).isEqualTo("2026-11-24T13:28:43Z");
    assertThat(Path.of(shortest.json().get("record").asText())).hasFileName("EMERGENCY-OVERRIDE-2026-11-24T092843Z.md")
        .content().contains("**Reason:** one minute");
    assertThat(Path.of(longest.json().get("record").asText())).hasFileName("EMERGENCY-OVERRIDE-2026-11-24T092843Z-2.md")
        .content().contains("**Reason:** four hours");
    // Closed and granted again within the same second: the new grant is in force.
    assertThat(run(clock, "override", "close", "--branch", "coord", "--repo", r, "--as", "lead@x.org").code()).isZero();
    assertThat(run(clock, "protect", "status", "--repo", r, "--json").json().get("overrides")).isEmpty();
    CliTest.Run again = run(clock, "override", "grant", "--branch", "coord", "--reason", "again", "--ttl", "30m",
        "--repo", r, "--as", "lead@x.org");
    assertThat(again.code()).as(again.err()).isZero();
    JsonNode open = run(clock, "protect", "status", "--repo", r, "--json").json().get("overrides");
    assertThat(open).hasSize(1);
    assertThat(open.get(0).get("reason").asText()).isEqualTo("again");
  }

  @Test
  void benchHookTimesPushesAndTheHookAndPrintsFigures() throws Exception {
    CliTest.Run r = run("bench", "hook", "--pushes", "1", "--files", "20", "--commits", "20", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = r.json();
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("files", "commits", "pushes", "branch", "pusher", "archive", "pushWithGuard",
        "pushWithExitZeroHook", "guardAddsMillis", "hookAlone", "hookAloneWithoutArchive", "hookAloneWithoutMemo",
        "jvmStart", "processors", "loadAverage");
    assertThat(json.get("pusher").asText()).isEqualTo("session-1@infrafabric.example");
    for (String kind : List.of("pushWithGuard", "pushWithExitZeroHook", "hookAlone", "hookAloneWithoutMemo", "jvmStart")) {
      JsonNode f = json.get(kind);
      assertThat(f.get("min").asDouble()).as(kind).isPositive().isLessThanOrEqualTo(f.get("median").asDouble());
      assertThat(f.get("median").asDouble()).as(kind).isLessThanOrEqualTo(f.get("max").asDouble());
    }
    assertThat(json.get("hookAlone").get("cpuMedian").asDouble()).isPositive();
    assertThat(run("bench", "hook", "--pushes", "0").code()).isEqualTo(2);
  }
}
