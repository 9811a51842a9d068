package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.app.Workspace;
import dev.junction.cli.CliRuns;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server shares one repository and one store between its requests and remembers the answers
 * of its read decisions: each test asks the same question twice around a change another process
 * makes (a ref moved or pushed to with the git CLI, an event appended by the CLI, a second passed) and checks
 * that the second answer saw it. Over a fresh repository per test:
 *
 * <pre>
 *   main ── plan ──┬── coordination
 *                  ├── s1 ── a.txt   (task A, session one)
 *                  └── s2 ── b.txt   (task B, session two; B depends on A)
 * </pre>
 */
class ServerFreshnessTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  final MovableClock clock = new MovableClock(Instant.parse("2026-11-24T12:00:00Z"));
  Server server;
  TestRepo repo;

  @BeforeEach
  void start() throws Exception {
    repo = TestRepo.init(dir);
    repo.commit("main", "chore: plan\n", "junction.yaml", Plans.THREE_SESSIONS, ".github/CODEOWNERS",
        "a.txt @two\n");
    repo.branch("coordination", "main");
    repo.branch("s1", "main");
    repo.branch("s2", "main");
    repo.commit("s1", "feat: a [A]\n", "a.txt", "a\n");
    repo.commit("s2", "feat: b [B]\n", "b.txt", "b\n");
    server = Server.start(ServerConfig.of(Workspace.Location.of(dir), clock, ServerConfig.HOST, 0));
  }

  @AfterEach
  void stop() {
    server.close();
    repo.close();
  }

  @Test
  void aRefTheGitCliMovesBetweenTwoReadsIsInTheSecond() throws Exception {
    JsonNode before = get("/api/plan");
    assertThat(get("/api/plan")).isEqualTo(before);
    String a = get("/api/tasks/A").get("state").asText();

    repo.git("update-ref", "refs/heads/coordination", "refs/heads/s1"); // A's deliverable lands on the target

    JsonNode after = get("/api/plan");
    assertThat(after).isNotEqualTo(before);
    assertThat(get("/api/tasks/A").get("state").asText()).isNotEqualTo(a);
    assertThat(after.get("tasks").get(0)).isEqualTo(get("/api/tasks/A"));
  }

  @Test
  void aPushOfNewCommitsInAPackBetweenTwoReadsIsInTheSecond(@TempDir Path clone) throws Exception {
    repo.git("config", "receive.unpackLimit", "1"); // the push arrives as a pack the server never saw
    repo.git("clone", "-q", dir.toString(), clone.toString());
    repo.git("-C", clone.toString(), "checkout", "-q", "coordination");
    repo.git("-C", clone.toString(), "merge", "-q", "--no-ff", "-m", "merge s1", "origin/s1"); // a new commit
    JsonNode before = get("/api/tasks/A");
    assertThat(get("/api/tasks/A")).isEqualTo(before);

    repo.git("-C", clone.toString(), "push", "-q", "origin", "coordination");

    JsonNode after = get("/api/tasks/A");
    assertThat(after.get("state").asText()).isNotEqualTo(before.get("state").asText());
    assertThat(get("/api/plan").get("tasks").get(0)).isEqualTo(after);
    assertThat(get("/api/plan").toString()).isEqualTo(JSON.readTree(cli("plan")).toString());
  }

  @Test
  void aNewBranchBetweenTwoReadsOfAStatusIsInTheSecond() throws Exception {
    JsonNode before = get("/api/status/one");
    repo.git("update-ref", "refs/heads/coordination", "refs/heads/s1");
    assertThat(get("/api/status/one")).isNotEqualTo(before);
  }

  @Test
  void anEventTheCliAppendsBetweenTwoReadsIsInTheSecond() throws Exception {
    JsonNode status = get("/api/status/one");
    long number = open();
    assertThat(get("/api/status/one")).isNotEqualTo(status);
    JsonNode shown = get("/api/requests/" + number);
    assertThat(get("/api/requests/" + number)).isEqualTo(shown);

    CliRuns.Run closed = CliRuns.run(clock, "mr", "close", Long.toString(number), "--as", "one@example.org",
        "--repo", dir.toString(), "--json");
    assertThat(closed.code()).as(closed.err()).isZero();

    JsonNode after = get("/api/requests/" + number);
    assertThat(after).isNotEqualTo(shown);
    assertThat(after.toString()).isEqualTo(JSON.readTree(cli("mr", "show", Long.toString(number))).toString());
  }

  @Test
  void aSessionsStatusIsReadAgainOnceTheSecondItWasReadInHasPassed() throws Exception {
    JsonNode before = get("/api/status/one");
    clock.advance(Duration.ofSeconds(1));
    JsonNode after = get("/api/status/one");
    assertThat(after).isNotEqualTo(before);
    assertThat(after.toString()).isEqualTo(JSON.readTree(cli("status", "one")).toString());
  }

  @Test
  void aRequestOpenedAfterItsNumberWasAskedForIsFound() throws Exception {
    assertThat(status("/api/requests/1")).isEqualTo(400);
    long number = open();
    assertThat(status("/api/requests/" + number)).isEqualTo(200);
  }

  private long open() throws Exception {
    CliRuns.Run opened = CliRuns.run(clock, "mr", "open", "s1", "--task", "A", "--as", "one@example.org",
        "--repo", dir.toString(), "--json");
    assertThat(opened.code()).as(opened.err()).isZero();
    return JSON.readTree(opened.out()).get("request").get("number").asLong();
  }

  private String cli(String... args) {
    String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--repo", dir.toString(), "--json")).toArray(String[]::new);
    return CliRuns.run(clock, all).out();
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> r = send(path);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private int status(String path) throws Exception {
    return send(path).statusCode();
  }

  private HttpResponse<String> send(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A clock that stands still until told to move. */
  static final class MovableClock extends Clock {
    private final AtomicReference<Instant> now;

    MovableClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void advance(Duration d) {
      now.updateAndGet(i -> i.plus(d));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
