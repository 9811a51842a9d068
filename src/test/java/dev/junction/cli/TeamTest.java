package dev.junction.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.app.Workspace;
import dev.junction.protect.Install;
import dev.junction.server.Server;
import dev.junction.server.ServerConfig;
import dev.junction.store.EventStore;
import dev.junction.store.StoreEvent;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team around a hub, as docs/team.md sets it up: a bare hub with the push guard installed, a
 * real server beside it on a loopback port, tokens a coordinator issued on the hub, and three
 * clones (lead, a and b), each with its own HOME, joined to the server. From then on everything
 * goes through the server (the clones' CLI) or through the hub's hooks (git pushes, the pusher
 * named by {@code REMOTE_USER}): a opens a request for its pushed work, b reviews it, a lands it,
 * lead rolls it back, a syncs, a's status is read; a forged {@code --as}, a missing token and a
 * replayed write each fail as specified.
 *
 * <pre>
 * coord         o---M---R          M: a's T1 landed (Junction-Task), R: lead's revert of M
 *                \ /     \
 * claude/a-s-1    a-------S        S: sync of coord into a's branch, in the hub
 * </pre>
 *
 * The steps share one hub and run in order: the attacks first, on request #1 while it is open.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("process")
class TeamTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;
  Path hub;
  Server server;
  final Map<String, String> tokens = new HashMap<>();
  final Map<String, Path> clones = new HashMap<>();
  final Map<String, Map<String, String>> envs = new HashMap<>();

  record Ran(int code, String output) {}

  @BeforeAll
  void setUp() throws Exception {
    Path work = dir.resolve("work");
    try (TestRepo repo = TestRepo.init(work)) {
      repo.commit("main", "chore(plan): Start [T1]\n", "junction.yaml", Plans.TEAM);
      repo.branch("coord", "main");
      repo.branch("claude/a-s-1", "main");
      repo.branch("claude/b-s-2", "main");
    }
    hub = dir.resolve("hub.git");
    git(dir, Map.of(), "clone", "--bare", "-q", work.toString(), hub.toString());
    try (Repository repo = new FileRepositoryBuilder().setGitDir(hub.toFile()).setMustExist(true).build()) {
      assertThat(Install.install(repo, ProcessHandle.current().info().command().orElse("java"),
          System.getProperty("java.class.path"), Optional.empty())).isInstanceOf(Install.Installed.class);
    }
    // The coordinator on the hub's machine, trusted there (docs/team.md): the tokens.
    for (String member : List.of("lead", "a", "b")) {
      CliTest.Run issued = run(Map.of(), hub, "token", "issue", "--member", member + "@x.org", "--role",
          member.equals("lead") ? "coordinator" : "member", "--ttl", "1d", "--as", "lead@x.org", "--repo",
          hub.toString(), "--json");
      assertThat(issued.code()).as(issued.err()).isZero();
      tokens.put(member, issued.json().get("secret").asText());
    }
    Workspace.Location at = Workspace.Location.of(hub);
    server = Server.start(ServerConfig.of(at, Clock.systemUTC(), ServerConfig.HOST, 0)
        .withCommandLines(HubCommandLines.of(at, Clock.systemUTC())));
    for (String member : List.of("lead", "a", "b", "nobody")) {
      Path home = dir.resolve("home-" + member);
      Path config = home.resolve(".config");
      Files.createDirectories(config);
      seedJgitConfig(config);
      envs.put(member, Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", config.toString()));
      Path clone = dir.resolve("clone-" + member);
      git(dir, envs.get(member), "clone", "-q", "file://" + hub, clone.toString());
      clones.put(member, clone);
      List<String> join = new ArrayList<>(List.of("-C", clone.toString(), "join", server.url(), "--json"));
      if (tokens.containsKey(member)) {
        join.addAll(List.of("--token", tokens.get(member)));
      }
      CliTest.Run joined = run(envs.get(member), clone, join.toArray(String[]::new));
      assertThat(joined.code()).as(joined.err()).isZero();
      assertThat(joined.json().get("token").asBoolean()).isEqualTo(tokens.containsKey(member));
    }
    // a's work, pushed through the guard as a.
    Path a = clones.get("a");
    git(a, envs.get("a"), "checkout", "-q", "claude/a-s-1");
    Files.writeString(a.resolve("a.txt"), "a\n");
    git(a, envs.get("a"), "add", "a.txt");
    git(a, envs.get("a"), "commit", "-q", "-m", "feat(a): Add a [T1]");
    Ran pushed = push("a", "claude/a-s-1");
    assertThat(pushed.code()).as(pushed.output()).isZero();
    assertThat(pushed.output()).as("judged by the guard").contains("junction: refs/heads/claude/a-s-1: ok");
    assertThat(hubTip("claude/a-s-1")).isEqualTo(git(a, Map.of(), "rev-parse", "HEAD").trim());
    try (EventStore store = EventStore.sqlite(hub.resolve(Workspace.STORE))) {
      assertThat(store.events(StoreEvent.BranchMoved.class, "claude/a-s-1")).as("recorded by post-receive")
          .extracting(e -> e.event().pusher(), e -> e.event().newId())
          .containsExactly(tuple("a@x.org", hubTip("claude/a-s-1")));
    }

    CliTest.Run opened = as("a", "mr", "open", "T1", "--json");
    assertThat(opened.code()).as(opened.err()).isZero();
    assertThat(opened.json().get("request").get("number").asInt()).isEqualTo(1);
    assertThat(opened.json().get("request").get("author").asText()).isEqualTo("a@x.org");
  }

  @AfterAll
  void tearDown() {
    if (server != null) {
      server.close();
    }
  }

  /** JGit's measured file-timestamp resolution, so that a fresh HOME does not measure it again. */
  static void seedJgitConfig(Path config) throws IOException {
    for (Path known : List.of(Path.of(System.getProperty("user.home"), ".config", "jgit", "config"))) {
      if (Files.isRegularFile(known)) {
        Files.createDirectories(config.resolve("jgit"));
        Files.copy(known, config.resolve("jgit/config"), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  CliTest.Run run(Map<String, String> env, Path cwd, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), Clock.systemUTC(),
        new Invocation(env, false, cwd));
    return new CliTest.Run(code, out.toString(), err.toString());
  }

  /** {@code member}'s CLI in their clone, with their HOME: the server the clone joined. */
  CliTest.Run as(String member, String... args) {
    return run(envs.get(member), clones.get(member), args);
  }

  static String git(Path in, Map<String, String> env, String... args) throws IOException, InterruptedException {
    Ran r = gitRun(in, env, args);
    if (r.code() != 0) {
      throw new IOException("git " + String.join(" ", args) + ": " + r.output());
    }
    return r.output();
  }

  static Ran gitRun(Path in, Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=Tester", "-c", "user.email=tester@x.org",
        "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(in.toFile()).redirectErrorStream(true);
    pb.environment().remove("REMOTE_USER");
    pb.environment().remove("GL_USER");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Ran(p.exitValue(), out);
  }

  /** {@code member} pushes from their clone, authenticated as the web server would: {@code REMOTE_USER}. */
  Ran push(String member, String... refs) throws Exception {
    Map<String, String> env = new HashMap<>(envs.get(member));
    env.put("REMOTE_USER", member + "@x.org");
    List<String> all = new ArrayList<>(List.of("push", "origin"));
    all.addAll(List.of(refs));
    return gitRun(clones.get(member), env, all.toArray(String[]::new));
  }

  String hubTip(String branch) throws Exception {
    Ran r = gitRun(hub, Map.of(), "rev-parse", "--verify", "-q", "refs/heads/" + branch);
    return r.code() == 0 ? r.output().trim() : "";
  }

  HttpResponse<String> post(String token, String key, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + Remote.PATH))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
        .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString(UTF_8));
  }

  JsonNode request(String member, int number) throws Exception {
    CliTest.Run shown = as(member, "mr", "show", String.valueOf(number), "--json");
    assertThat(shown.code()).as(shown.err()).isZero();
    return shown.json();
  }

  @Test
  @Order(1)
  void aForgedAsIsRefusedAndApprovesNothing() throws Exception {
    JsonNode before = request("b", 1);
    CliTest.Run forged = as("a", "review", "1", "--approve", "--as", "b@x.org");
    assertThat(forged.code()).isEqualTo(1);
    assertThat(forged.err()).contains("a@x.org", "only as themselves");
    assertThat(request("b", 1)).as("nothing recorded").isEqualTo(before);
    assertThat(before.get("reviews")).isEmpty();
    assertThat(before.get("policy").get("approvals")).isEmpty();
  }

  @Test
  @Order(2)
  void aCloneWithoutATokenIsToldSoAndSendsNothing() {
    CliTest.Run none = as("nobody", "mr", "list", "--json");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.out()).isEmpty();
    assertThat(none.err()).contains("no token", "junction join");
  }

  @Test
  @Order(3)
  void aReplayedWriteIsAnsweredFromTheFirstAndRecordedOnce() throws Exception {
    int reviews = request("b", 1).get("reviews").size();
    String body = JSON.writeValueAsString(Map.of("args", List.of("review", "1", "--comment", "--finding",
        "nice-to-have: a.txt name the lock file", "--json")));
    HttpResponse<String> first = post(tokens.get("b"), "team-replay-1", body);
    HttpResponse<String> again = post(tokens.get("b"), "team-replay-1", body);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(JSON.readTree(first.body()).get("exit").asInt()).as(first.body()).isZero();
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());
    JsonNode shown = request("lead", 1);
    assertThat(shown.get("reviews")).as("one review more, not two: %s", shown).hasSize(reviews + 1);
    assertThat(shown.get("reviews").get(reviews).get("reviewer").asText()).isEqualTo("b@x.org");
    assertThat(shown.get("reviews").get(reviews).get("verdict").asText()).isEqualTo("comment");
    assertThat(shown.get("findings").findValuesAsText("text")).containsOnlyOnce("name the lock file");
  }

  @Test
  @Order(4)
  void bSeesTheRequestApprovesItALandsItLeadRollsItBackASyncs() throws Exception {
    CliTest.Run listed = as("b", "mr", "list", "--json");
    assertThat(listed.code()).as(listed.err()).isZero();
    assertThat(listed.json().get("requests").findValuesAsText("number")).containsExactly("1");

    CliTest.Run approved = as("b", "review", "1", "--approve", "--json");
    assertThat(approved.code()).as(approved.out() + approved.err()).isZero();
    JsonNode policy = request("a", 1).get("policy");
    assertThat(policy.get("missing")).as("approved by another session: %s", policy).isEmpty();

    String coordBefore = hubTip("coord");
    CliTest.Run landed = as("a", "land", "T1", "--json");
    assertThat(landed.code()).as(landed.out() + landed.err()).isZero();
    String merge = landed.json().get("merge").asText();
    assertThat(hubTip("coord")).as("the hub's coordination branch moved to the merge").isEqualTo(merge)
        .isNotEqualTo(coordBefore);
    assertThat(git(hub, Map.of(), "rev-parse", merge + "^1").trim()).isEqualTo(coordBefore);
    assertThat(git(hub, Map.of(), "rev-parse", merge + "^2").trim()).isEqualTo(hubTip("claude/a-s-1"));
    assertThat(git(hub, Map.of(), "show", "-s", "--format=%B", merge)).contains("Junction-Task: T1");

    CliTest.Run forbidden = as("a", "rollback", merge, "--reason", "breaks b", "--as", "lead@x.org");
    assertThat(forbidden.code()).as("a member may not act as the coordinator").isEqualTo(1);
    assertThat(hubTip("coord")).isEqualTo(merge);

    CliTest.Run rolledBack = as("lead", "rollback", merge, "--reason", "T1 breaks the build", "--json");
    assertThat(rolledBack.code()).as(rolledBack.out() + rolledBack.err()).isZero();
    String revert = rolledBack.json().get("revert").asText();
    assertThat(hubTip("coord")).isEqualTo(revert);
    assertThat(git(hub, Map.of(), "rev-parse", revert + "^1").trim()).as("first parent kept").isEqualTo(merge);
    assertThat(git(hub, Map.of(), "show", "-s", "--format=%B", revert)).contains("Junction-Revert");

    String before = hubTip("claude/a-s-1");
    CliTest.Run synced = as("a", "sync", "a", "--json");
    assertThat(synced.code()).as(synced.out() + synced.err()).isZero();
    assertThat(synced.json().get("merged").asBoolean()).isTrue();
    String tip = hubTip("claude/a-s-1");
    assertThat(synced.json().get("tip").asText()).isEqualTo(tip);
    assertThat(git(hub, Map.of(), "rev-parse", tip + "^1").trim()).isEqualTo(before);
    assertThat(git(hub, Map.of(), "rev-parse", tip + "^2").trim()).isEqualTo(revert);

    CliTest.Run status = as("a", "status", "a", "--json");
    assertThat(status.code()).as(status.out() + status.err()).isZero();
    JsonNode session = status.json().get("status");
    assertThat(session.get("session").asText()).isEqualTo("a");
    assertThat(session.get("branch").asText()).isEqualTo("claude/a-s-1");
    assertThat(session.get("tip").asText()).isEqualTo(tip);
    assertThat(session.get("tasks_rolled_back").findValuesAsText("task")).containsExactly("T1");
    assertThat(session.get("rollbacks").findValuesAsText("commit")).containsExactly(merge);
    CliTest.Run all = as("b", "mr", "list", "--state", "all", "--json");
    assertThat(all.json().get("requests").findValuesAsText("state")).containsExactly("rolled-back");
  }

  @Test
  @Order(5)
  void aPullsTheSyncPushesAFixAndLandsTheTaskAgainAfterANewApproval() throws Exception {
    Path a = clones.get("a");
    git(a, envs.get("a"), "pull", "-q", "--ff-only", "origin", "claude/a-s-1");
    assertThat(git(a, Map.of(), "rev-parse", "HEAD").trim()).isEqualTo(hubTip("claude/a-s-1"));
    assertThat(a.resolve("a.txt")).as("the sync brought the revert").doesNotExist();
    Files.writeString(a.resolve("a.txt"), "a, fixed\n");
    git(a, envs.get("a"), "add", "a.txt");
    git(a, envs.get("a"), "commit", "-q", "-m", "fix(a): Keep the build green [T1]");
    Ran pushed = push("a", "claude/a-s-1");
    assertThat(pushed.code()).as(pushed.output()).isZero();
    assertThat(pushed.output()).contains("junction: refs/heads/claude/a-s-1: ok");

    CliTest.Run opened = as("a", "mr", "open", "T1", "--json");
    assertThat(opened.code()).as(opened.out() + opened.err()).isZero();
    int number = opened.json().get("request").get("number").asInt();
    CliTest.Run early = as("a", "land", "T1", "--json");
    assertThat(early.code()).as("not approved yet: %s", early.out() + early.err()).isEqualTo(1);
    String coord = hubTip("coord");
    CliTest.Run approved = as("b", "review", String.valueOf(number), "--approve");
    assertThat(approved.code()).as(approved.out() + approved.err()).isZero();
    CliTest.Run landed = as("a", "land", "T1", "--json");
    assertThat(landed.code()).as(landed.out() + landed.err()).isZero();
    String merge = landed.json().get("merge").asText();
    assertThat(hubTip("coord")).isEqualTo(merge);
    assertThat(git(hub, Map.of(), "rev-parse", merge + "^1").trim()).isEqualTo(coord);
    assertThat(git(hub, Map.of(), "show", merge + ":a.txt")).isEqualTo("a, fixed\n");
  }

  /**
   * picocli reads an argument {@code @FILE} as more arguments from that file: through the server
   * it would be a file of the hub's machine, echoed back in an error or adding a {@code --as} the
   * server never judged. Through the server it is a word.
   */
  @Test
  @Order(6)
  void anArgumentFileNamesNoFileOfTheHubsMachine() throws Exception {
    Path secret = Files.writeString(dir.resolve("hub-secret.txt"), "hub-secret-42\n");
    CliTest.Run shown = as("a", "mr", "show", "@" + secret);
    assertThat(shown.code()).isEqualTo(2);
    assertThat(shown.out() + shown.err()).doesNotContain("hub-secret-42").contains("@" + secret);

    Path b = clones.get("b");
    git(b, envs.get("b"), "checkout", "-q", "claude/b-s-2");
    Files.writeString(b.resolve("b.txt"), "b\n");
    git(b, envs.get("b"), "add", "b.txt");
    git(b, envs.get("b"), "commit", "-q", "-m", "feat(b): Add b [T2]");
    Ran pushed = push("b", "claude/b-s-2");
    assertThat(pushed.code()).as(pushed.output()).isZero();
    CliTest.Run opened = as("b", "mr", "open", "T2", "--json");
    assertThat(opened.code()).as(opened.out() + opened.err()).isZero();
    int number = opened.json().get("request").get("number").asInt();
    Path forged = Files.writeString(dir.resolve("as-a.txt"), "--as\na@x.org\n");
    CliTest.Run approve = as("b", "review", String.valueOf(number), "--approve", "@" + forged);
    assertThat(approve.code()).as(approve.out() + approve.err()).isEqualTo(2);
    assertThat(request("lead", number).get("reviews")).as("no approval of b's own request as a").isEmpty();
  }
}
