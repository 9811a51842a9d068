package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.app.Actor;
import dev.junction.app.Member;
import dev.junction.app.TokenService;
import dev.junction.app.Workspace;
import dev.junction.cli.CliRuns;
import dev.junction.store.EventStore;
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
import java.time.ZoneOffset;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Landings in the server's worker ({@code /api/landings}) on an ephemeral loopback port, over
 *
 * <pre>
 *   main ── plan ──┬── coordination
 *                  └── sa ── a.txt   (task T1, session a: a@x.org; lead@x.org coordinates)
 * </pre>
 */
class LandingsTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  Server server;
  String memberToken;
  String leadToken;
  ObjectId before;

  @BeforeEach
  void setUp() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "chore: plan\n", "junction.yaml", Plans.LEAD_AND_ONE);
      repo.branch("coordination", "main");
      repo.branch("sa", "main");
      repo.commit("sa", "feat: a [T1]\n", "a.txt", "a\n");
      before = repo.repo().resolve("refs/heads/coordination");
    }
    try (Workspace w = Workspace.open(Workspace.Location.of(dir), CLOCK)) {
      TokenService tokens = new TokenService(w);
      Optional<Actor> lead = Optional.of(Actor.of("lead@x.org"));
      memberToken = ((TokenService.Issued) tokens.issue(new TokenService.IssueInput("a@x.org", Member.Role.MEMBER,
          Duration.ofDays(1), lead))).secret();
      leadToken = ((TokenService.Issued) tokens.issue(new TokenService.IssueInput("lead@x.org",
          Member.Role.COORDINATOR, Duration.ofDays(1), lead))).secret();
    }
    server = Server.start(ServerConfig.of(Workspace.Location.of(dir), CLOCK, ServerConfig.HOST, 0));
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  HttpResponse<String> post(String body, Optional<String> token, Optional<String> key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + Landings.PATH))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
    key.ifPresent(k -> b.header("Idempotency-Key", k));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The job at {@code location} once it ended. */
  JsonNode ended(String location) throws Exception {
    for (int i = 0; i < 300; i++) {
      HttpResponse<String> r = get(location);
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode job = JSON.readTree(r.body());
      if (job.get("state").asText().equals("ended")) {
        return job;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the landing at " + location + " never ended");
  }

  ObjectId target() throws Exception {
    try (TestRepo repo = TestRepo.open(dir)) {
      return repo.repo().resolve("refs/heads/coordination");
    }
  }

  @Test
  void aLandingIsAcceptedAtOnceAndLandsInTheWorker() throws Exception {
    HttpResponse<String> accepted = post("{\"sources\": [\"sa\"]}", Optional.of(memberToken), Optional.empty());
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    JsonNode job = JSON.readTree(accepted.body());
    String location = accepted.headers().firstValue("Location").orElseThrow();
    assertThat(location).isEqualTo("/api/landings/" + job.get("id").asText());
    assertThat(job.get("state").asText()).isIn("queued", "running", "ended");
    assertThat(job.get("as").asText()).isEqualTo("a@x.org");

    JsonNode done = ended(location);
    assertThat(done.get("disposition").asText()).isEqualTo("done");
    assertThat(done.get("outcome").get("outcome").asText()).isEqualTo("landed");
    assertThat(done.get("progress")).isNotEmpty();
    assertThat(done.get("problems")).isEmpty();
    assertThat(done.get("failure").isNull()).isTrue();
    assertThat(target()).isEqualTo(ObjectId.fromString(done.get("outcome").get("merge").asText()));

    JsonNode all = JSON.readTree(get(Landings.PATH).body());
    assertThat(all.get("landings")).singleElement().satisfies(j -> assertThat(j.get("id")).isEqualTo(job.get("id")));
  }

  @Test
  void theOutcomeIsWhatLandJsonPrintsAndACoordinatorLandsOnBehalf() throws Exception {
    CliRuns.Run local = CliRuns.run(CLOCK, "land", "sa", "--dry-run", "--as", "a@x.org", "--repo", dir.toString(),
        "--json");
    assertThat(local.code()).as(local.err()).isZero();
    HttpResponse<String> accepted = post("{\"sources\": [\"sa\"], \"dryRun\": true, \"as\": \"a@x.org\"}",
        Optional.of(leadToken), Optional.empty());
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    JsonNode done = ended(accepted.headers().firstValue("Location").orElseThrow());
    assertThat(done.get("outcome")).isEqualTo(JSON.readTree(local.out()));
    assertThat(done.get("outcome").get("outcome").asText()).isEqualTo("would-land");
    assertThat(target()).as("a dry run moves nothing").isEqualTo(before);
    try (EventStore store = EventStore.sqlite(dir.resolve(".git/" + Workspace.STORE))) {
      assertThat(store.events("token.on-behalf")).singleElement().satisfies(e -> {
        assertThat(e.subject()).isEqualTo("a@x.org");
        assertThat(e.actor()).contains("lead@x.org");
        assertThat(e.payload()).contains("POST /api/landings " + done.get("id").asText());
      });
    }
  }

  @Test
  void aRetryWithTheSameKeyIsTheSameJobAndLandsOnce() throws Exception {
    String body = "{\"sources\": [\"sa\"], \"dryRun\": true}";
    HttpResponse<String> first = post(body, Optional.of(memberToken), Optional.of("land-1"));
    HttpResponse<String> again = post(body, Optional.of(memberToken), Optional.of("land-1"));
    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(again.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
    assertThat(JSON.readTree(get(Landings.PATH).body()).get("landings")).hasSize(1);
    HttpResponse<String> other = post("{\"sources\": [\"sa\"]}", Optional.of(memberToken), Optional.of("land-1"));
    assertThat(other.statusCode()).as("the key was used for another request").isEqualTo(422);
  }

  @Test
  void noTokenIsUnauthorizedAndAForgedAsIsForbidden() throws Exception {
    assertThat(post("{\"sources\": [\"sa\"]}", Optional.empty(), Optional.empty()).statusCode()).isEqualTo(401);
    assertThat(post("{\"sources\": [\"sa\"]}", Optional.of("jct_0123456789abcdef_nope"), Optional.empty())
        .statusCode()).isEqualTo(401);
    HttpResponse<String> forged = post("{\"sources\": [\"sa\"], \"as\": \"lead@x.org\"}", Optional.of(memberToken),
        Optional.empty());
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(forged.body()).get("error").asText()).contains("a@x.org may act only as themselves");
    assertThat(JSON.readTree(get(Landings.PATH).body()).get("landings")).isEmpty();
    assertThat(target()).isEqualTo(before);
  }

  @Test
  void badBodiesAreBadInputPointingAtTheField() throws Exception {
    assertThat(pointer(post("{\"sources\": []}", Optional.of(memberToken), Optional.empty()))).isEqualTo("/sources");
    assertThat(pointer(post("{}", Optional.of(memberToken), Optional.empty()))).isEqualTo("/sources");
    assertThat(pointer(post("{\"sources\": [\"sa\"], \"stage\": \"final\"}", Optional.of(memberToken),
        Optional.empty()))).isEqualTo("/stage");
    assertThat(pointer(post("{\"sources\": [\"sa\"], \"onto\": \"x\"}", Optional.of(memberToken),
        Optional.empty()))).isEqualTo("/onto");
    assertThat(pointer(post("{\"sources\": [\"sa\"], \"dryRun\": \"yes\"}", Optional.of(memberToken),
        Optional.empty()))).isEqualTo("/dryRun");
  }

  String pointer(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    return JSON.readTree(r.body()).get("pointer").asText();
  }

  @Test
  void aSourceTheWorkerCannotFindEndsWithItsProblems() throws Exception {
    HttpResponse<String> accepted = post("{\"sources\": [\"nope\"], \"into\": \"coordination\", \"stage\": "
        + "\"component\", \"task\": \"T1\", \"failFast\": true}", Optional.of(memberToken), Optional.empty());
    assertThat(accepted.statusCode()).isEqualTo(202);
    JsonNode job = JSON.readTree(accepted.body());
    assertThat(job.get("into").asText()).isEqualTo("coordination");
    assertThat(job.get("stage").asText()).isEqualTo("component");
    assertThat(job.get("failFast").asBoolean()).isTrue();
    JsonNode done = ended(accepted.headers().firstValue("Location").orElseThrow());
    assertThat(done.get("disposition").asText()).isEqualTo("invalid");
    assertThat(done.get("outcome").isNull()).isTrue();
    assertThat(done.get("problems")).singleElement().satisfies(p -> assertThat(p.get("pointer").asText())
        .isEqualTo("/source"));
  }

  @Test
  void theOpenApiDocumentSaysAcceptedUnauthorizedAndNotFound() throws Exception {
    JsonNode paths = JSON.readTree(get("/api/openapi.json").body()).get("paths");
    JsonNode post = paths.get(Landings.PATH).get("post");
    assertThat(post.get("responses").has("202")).isTrue();
    assertThat(post.get("responses").has("200")).isFalse();
    assertThat(post.get("responses").has("401")).isTrue();
    assertThat(post.get("parameters").findValuesAsText("name")).containsExactly("Authorization", "Idempotency-Key");
    assertThat(paths.get(Landings.PATH + "/{id}").get("get").get("responses").has("404")).isTrue();
    assertThat(paths.get(Landings.PATH).get("get").get("responses").has("401")).isFalse();
  }

  @Test
  void anUnknownJobIsNotFoundInJson() throws Exception {
    HttpResponse<String> r = get(Landings.PATH + "/L000");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(r.body()).get("error").asText()).contains("no landing job 'L000'");
  }
}
