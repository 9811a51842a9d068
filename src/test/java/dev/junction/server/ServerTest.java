package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.app.Workspace;
import dev.junction.cli.CliRuns;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The server on an ephemeral loopback port, read with a real HTTP client, over this repository:
 *
 * <pre>
 *   main ── plan ──┬── coordination ── shared.txt "coordination"
 *                  ├── s1 ── a.txt   (task A, session one)
 *                  ├── s2 ── b.txt   (task B, session two; B depends on A)
 *                  └── s3 ── shared.txt "three" (conflicts with coordination)
 * </pre>
 */
class ServerTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;
  static Server server;

  @BeforeAll
  static void start() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "chore: plan\n", "junction.yaml", Plans.THREE_SESSIONS, ".github/CODEOWNERS",
          "a.txt @two\n", "shared.txt", "base\n");
      repo.branch("coordination", "main");
      repo.branch("s1", "main");
      repo.branch("s2", "main");
      repo.branch("s3", "main");
      repo.commit("s1", "feat: a [A]\n", "a.txt", "a\n");
      repo.commit("s2", "feat: b [B]\n", "b.txt", "b\n");
      repo.commit("s3", "feat: mine\n", "shared.txt", "three\n");
      repo.commit("coordination", "feat: theirs\n", "shared.txt", "coordination\n");
    }
    server = Server.start(ServerConfig.of(Workspace.Location.of(dir), CLOCK, ServerConfig.HOST, 0));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  record Reply(int status, String body, String contentType) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  static Reply get(String pathAndQuery) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + pathAndQuery)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""));
  }

  static CliRuns.Run cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--repo", dir.toString(), "--json"));
    return CliRuns.run(CLOCK, all.toArray(String[]::new));
  }

  /** Each resource beside the command line that answers the same question. */
  static Stream<Arguments> sameQuestions() {
    return Stream.of(
        Arguments.of("/api/plan", List.of("plan"), 200),
        Arguments.of("/api/plan?into=main", List.of("plan", "--into", "main"), 200),
        Arguments.of("/api/board", List.of("board"), 200),
        Arguments.of("/api/check?source=s1", List.of("check", "s1"), 200),
        Arguments.of("/api/check?source=s3&into=coordination", List.of("check", "s3", "--into", "coordination"), 409),
        Arguments.of("/api/radar?branches=refs/heads/s*", List.of("radar", "--branches", "refs/heads/s*"), 409),
        Arguments.of("/api/status/one", List.of("status", "one"), 200),
        Arguments.of("/api/requests", List.of("mr", "list"), 200),
        Arguments.of("/api/requests?state=all", List.of("mr", "list", "--state", "all"), 200),
        Arguments.of("/api/overrides?all=true", List.of("override", "list", "--all"), 200),
        Arguments.of("/api/guard", List.of("protect", "status"), 409),
        Arguments.of("/api/clashes", List.of("clash", "list"), 200));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sameQuestions")
  void answersWithTheBytesTheCliPrintsWithJson(String resource, List<String> command, int status) throws Exception {
    CliRuns.Run run = cli(command.toArray(String[]::new));
    Reply reply = get(resource);
    assertThat(reply.body()).isEqualTo(run.out());
    assertThat(reply.status()).isEqualTo(status);
    assertThat(run.code()).isEqualTo(status == 200 ? 0 : 1);
    assertThat(reply.contentType()).startsWith("application/json");
  }

  @Test
  void aMergeRequestReadsAsMrShowAndMrListPrintIt() throws Exception {
    CliRuns.Run opened = CliRuns.run(CLOCK, "mr", "open", "s1", "--task", "A", "--as", "one@example.org",
        "--repo", dir.toString(), "--json");
    assertThat(opened.code()).as(opened.err()).isZero();
    long number = JSON.readTree(opened.out()).get("request").get("number").asLong();
    Reply shown = get("/api/requests/" + number);
    assertThat(shown.status()).isEqualTo(200);
    assertThat(shown.body()).isEqualTo(cli("mr", "show", Long.toString(number)).out());
    assertThat(shown.json().get("request").get("title").asText()).isEqualTo("feat(a): Add first [A]");
    assertThat(get("/api/requests").body()).isEqualTo(cli("mr", "list").out()).contains("\"number\" : " + number);
    assertThat(get("/api/status/one").body()).isEqualTo(cli("status", "one").out());
  }

  @Test
  void planIsThePlanOfTheCoordinationBranch() throws Exception {
    JsonNode plan = get("/api/plan").json();
    assertThat(plan.get("target").asText()).isEqualTo("coordination");
    assertThat(plan.get("tasks")).hasSize(3);
  }

  @Test
  void aTaskIsItsEntryInThePlan() throws Exception {
    JsonNode plan = get("/api/plan").json();
    Reply b = get("/api/tasks/B");
    assertThat(b.status()).isEqualTo(200);
    assertThat(b.json()).isEqualTo(plan.get("tasks").get(1));
    assertThat(b.json().get("id").asText()).isEqualTo("B");
    assertThat(b.json().get("missing").get(0).asText()).isEqualTo("A");
  }

  @Test
  void anUnknownTaskIsBadInputPointingAtTheTask() throws Exception {
    Reply r = get("/api/tasks/Z");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("pointer").asText()).isEqualTo("/task");
    assertThat(r.json().get("error").asText()).contains("Z");
  }

  @Test
  void anUnknownTargetIsBadInputPointingAtTheTarget() throws Exception {
    Reply r = get("/api/plan?into=nowhere");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("pointer").asText()).isEqualTo("/target");
    assertThat(r.json().get("errors")).hasSize(1);
  }

  @Test
  void aMisspeltParameterIsBadInputNotADefault() throws Exception {
    Reply r = get("/api/plan?inot=main");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("pointer").asText()).isEqualTo("/inot");
  }

  @Test
  void aParameterTakenOnceMayNotBeRepeated() throws Exception {
    Reply r = get("/api/plan?into=main&into=coordination");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("pointer").asText()).isEqualTo("/into");
  }

  @Test
  void aCheckWithoutSourceIsBadInputPointingAtTheSource() throws Exception {
    Reply r = get("/api/check");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("pointer").asText()).isEqualTo("/source");
  }

  @Test
  void aRequestNumberMustBeANumber() throws Exception {
    Reply r = get("/api/requests/seven");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("pointer").asText()).isEqualTo("/request");
  }

  @Test
  void anUnknownRequestIsBadInputPointingAtTheRequest() throws Exception {
    Reply r = get("/api/requests/99");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("pointer").asText()).isEqualTo("/request");
  }

  @Test
  void anUnknownStateIsBadInputPointingAtTheState() throws Exception {
    Reply r = get("/api/requests?state=merged");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("pointer").asText()).isEqualTo("/state");
  }

  @Test
  void aFlagIsTrueOrFalse() throws Exception {
    assertThat(get("/api/overrides?all=maybe").json().get("pointer").asText()).isEqualTo("/all");
    assertThat(get("/api/overrides?all=false").json().get("all").asBoolean()).isFalse();
    assertThat(get("/api/overrides?all").json().get("all").asBoolean()).isTrue();
  }

  @Test
  void anUnknownSessionIsBadInput() throws Exception {
    Reply r = get("/api/status/nobody");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("pointer").asText()).isEqualTo("/session");
  }

  @Test
  void concurrentRequestsEachGetTheirOwnWorkspace() throws Exception {
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      String resource = switch (i % 4) {
        case 0 -> "/api/plan";
        case 1 -> "/api/check?source=s3&into=coordination";
        case 2 -> "/api/requests";
        default -> "/api/status/two";
      };
      replies.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(server.url() + resource)).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    for (var reply : replies) {
      HttpResponse<String> r = reply.get();
      assertThat(r.statusCode()).as(r.uri() + ": " + r.body()).isIn(200, 409);
    }
  }

  @Test
  void anUnexpectedFailureIsAnInternalErrorInJson(@TempDir Path notAStore) throws Exception {
    // a directory where the store should be: opening it fails below every service
    try (Server broken = Server.start(new ServerConfig(new Workspace.Location(java.util.Optional.of(dir),
        java.util.Optional.of(notAStore)), CLOCK, ServerConfig.HOST, 0, ServerConfig.MAX_BODY,
        ServerConfig.IDLE_TIMEOUT, ServerConfig.HEARTBEAT, ServerConfig.POLL, java.util.Optional.empty()))) {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(broken.url() + "/api/requests")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(500);
      assertThat(JSON.readTree(r.body()).get("error").asText()).startsWith("internal error: ");
    }
  }

  @Test
  void anUnknownRouteIsNotFoundInJson() throws Exception {
    Reply r = get("/api/nothing");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.contentType()).startsWith("application/json");
    assertThat(r.json().get("error").asText()).contains("/api/nothing");
  }
}
