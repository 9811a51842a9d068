package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.app.Actor;
import dev.junction.app.Member;
import dev.junction.app.TokenService;
import dev.junction.app.Workspace;
import dev.junction.protect.Hook;
import dev.junction.server.Server;
import dev.junction.server.ServerConfig;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a client of a real {@code junction serve} ({@code POST /api/cli}): a command runs in
 * the hub for the token's member; a missing token, a forged {@code --as} and a replayed write each
 * fail or answer as specified.
 */
class ServeRemoteTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  @TempDir Path home;
  @TempDir Path clone;
  TestRepo hub;
  Server server;
  String memberToken;
  String leadToken;

  @BeforeEach
  void setUp() throws Exception {
    hub = TestRepo.init(dir);
    hub.commit("main", "chore: plan\n", "junction.yaml", Plans.REVIEWS);
    hub.branch("coordination", "main");
    hub.branch("sa", "main");
    hub.commit("sa", "feat: store\n", "src/store.py", "x = 1\n");
    StoredConfig config = hub.repo().getConfig();
    config.setString(Hook.SECTION, null, Hook.COORDINATION_KEY, "coordination");
    config.setString("user", null, "email", "hub-admin@x.org");
    config.save();
    try (Workspace w = Workspace.open(Workspace.Location.of(dir), Clock.systemUTC())) {
      TokenService tokens = new TokenService(w);
      Optional<Actor> lead = Optional.of(Actor.of("lead@x.org"));
      memberToken = ((TokenService.Issued) tokens.issue(new TokenService.IssueInput("a@x.org", Member.Role.MEMBER,
          Duration.ofDays(1), lead))).secret();
      leadToken = ((TokenService.Issued) tokens.issue(new TokenService.IssueInput("lead@x.org",
          Member.Role.COORDINATOR, Duration.ofDays(1), lead))).secret();
    }
    Workspace.Location at = Workspace.Location.of(dir);
    server = Server.start(ServerConfig.of(at, Clock.systemUTC(), ServerConfig.HOST, 0)
        .withCommandLines(HubCommandLines.of(at, Clock.systemUTC())));
  }

  @AfterEach
  void tearDown() {
    server.close();
    hub.close();
  }

  CliTest.Run run(Map<String, String> env, Path cwd, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), Clock.systemUTC(),
        new Invocation(env, false, cwd));
    return new CliTest.Run(code, out.toString(), err.toString());
  }

  Map<String, String> as(String token) {
    return Map.of("JUNCTION_SERVER", server.url(), "JUNCTION_TOKEN", token, "XDG_CONFIG_HOME", home.toString());
  }

  HttpResponse<String> post(String body, Optional<String> token, Optional<String> key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + "/api/cli"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
    key.ifPresent(k -> b.header("Idempotency-Key", k));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aCommandThroughTheServerPrintsWhatItPrintsInTheHubAndActsAsTheTokensMember() throws Exception {
    CliTest.Run local = run(Map.of(), dir, "plan", "--json", "--repo", dir.toString());
    CliTest.Run remote = run(as(memberToken), clone, "plan", "--json");
    assertThat(remote.code()).as(remote.err()).isZero();
    assertThat(remote.out()).isEqualTo(local.out());

    CliTest.Run opened = run(as(memberToken), clone, "mr", "open", "T1", "--json");
    assertThat(opened.code()).as(opened.err()).isZero();
    assertThat(opened.json().get("request").get("author").asText()).isEqualTo("a@x.org");
    CliTest.Run own = run(as(memberToken), clone, "review", "1", "--approve");
    assertThat(own.code()).isEqualTo(1);
    assertThat(own.out()).contains("Not allowed: a@x.org opened request #1");
    assertThat(run(as(memberToken), clone, "mr", "show", "7").code()).as("bad input keeps its exit code").isEqualTo(2);
  }

  @Test
  void aForgedAsIsForbiddenAndACoordinatorActsOnBehalf() throws Exception {
    CliTest.Run forged = run(as(memberToken), clone, "mr", "open", "T1", "--as", "b@x.org");
    assertThat(forged.code()).isEqualTo(1);
    assertThat(forged.err()).contains("a@x.org may act only as themselves");
    assertThat(run(Map.of(), dir, "mr", "list", "--repo", dir.toString(), "--json").json().get("requests")).isEmpty();

    CliTest.Run onBehalf = run(as(leadToken), clone, "mr", "open", "T1", "--as", "a@x.org", "--json");
    assertThat(onBehalf.code()).as(onBehalf.err()).isZero();
    assertThat(onBehalf.json().get("request").get("author").asText()).isEqualTo("a@x.org");
    try (dev.junction.store.EventStore store = dev.junction.store.EventStore.sqlite(dir.resolve(".git/"
        + Workspace.STORE))) {
      assertThat(store.events("token.on-behalf")).singleElement().satisfies(e -> {
        assertThat(e.subject()).isEqualTo("a@x.org");
        assertThat(e.actor()).contains("lead@x.org");
        assertThat(e.payload()).contains("POST /api/cli mr open");
      });
    }
  }

  @Test
  void noTokenOrAWrongOneIsUnauthorized() throws Exception {
    HttpResponse<String> none = post("{\"args\": [\"plan\"]}", Optional.empty(), Optional.empty());
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(post("{\"args\": [\"plan\"]}", Optional.of("jct_forged"), Optional.empty()).statusCode()).isEqualTo(401);
    CliTest.Run wrong = run(as("jct_0123456789abcdef_nope"), clone, "plan");
    assertThat(wrong.code()).isEqualTo(2);
    assertThat(wrong.err()).contains("no valid token");
  }

  @Test
  void aReplayedWriteIsAnsweredFromTheFirstAndDoneOnce() throws Exception {
    String body = "{\"args\": [\"mr\", \"open\", \"T1\", \"--json\"]}";
    HttpResponse<String> first = post(body, Optional.of(memberToken), Optional.of("key-1"));
    HttpResponse<String> again = post(body, Optional.of(memberToken), Optional.of("key-1"));
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(JSON.readTree(first.body()).get("exit").asInt()).isZero();
    JsonNode listed = run(Map.of(), dir, "mr", "list", "--repo", dir.toString(), "--json").json();
    assertThat(listed.get("requests")).hasSize(1);
    HttpResponse<String> other = post("{\"args\": [\"plan\"]}", Optional.of(memberToken), Optional.of("key-1"));
    assertThat(other.statusCode()).as("the key was used for another request").isEqualTo(422);
  }

  @Test
  void aLandThroughTheServerAnswersWhatLandPrintsInTheHub() throws Exception {
    CliTest.Run remote = run(as(memberToken), clone, "land", "sa", "--task", "T1", "--dry-run", "--json");
    assertThat(remote.code()).as("no approval yet: refused").isEqualTo(1);
    assertThat(remote.json().get("outcome").asText()).isEqualTo("refused");
    HttpResponse<String> again = post("{\"args\": [\"land\", \"sa\", \"--task\", \"T1\", \"--dry-run\"]}",
        Optional.of(memberToken), Optional.of("land-1"));
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(again.body()).get("exit").asInt()).isEqualTo(1);
    assertThat(post("{\"args\": [\"land\", \"sa\", \"--task\", \"T1\", \"--dry-run\"]}", Optional.of(memberToken),
        Optional.of("land-1")).body()).isEqualTo(again.body());
  }

  @Test
  void theOpenApiDocumentHasTheCommandLineResource() throws Exception {
    JsonNode doc = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/openapi.json"))
        .build(), HttpResponse.BodyHandlers.ofString()).body());
    JsonNode post = doc.get("paths").get("/api/cli").get("post");
    assertThat(post.get("requestBody").get("required").asBoolean()).isTrue();
    assertThat(post.get("parameters").findValuesAsText("name")).containsExactly("Authorization", "Idempotency-Key");
  }

  @Test
  void aLineReachingPastTheHubOrNotALineIsBadInput() throws Exception {
    HttpResponse<String> past = post("{\"args\": [\"plan\", \"--repo\", \"/etc\"]}", Optional.of(memberToken),
        Optional.empty());
    assertThat(past.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(past.body()).get("pointer").asText()).isEqualTo("/args");
    HttpResponse<String> unknown = post("{\"args\": [\"plan\"], \"argv\": []}", Optional.of(memberToken),
        Optional.empty());
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(unknown.body()).get("pointer").asText()).isEqualTo("/argv");
    HttpResponse<String> broken = post("{\"args\": [\"plan\"", Optional.of(memberToken), Optional.empty());
    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(broken.body()).get("error").asText()).startsWith("malformed JSON");
  }
}
