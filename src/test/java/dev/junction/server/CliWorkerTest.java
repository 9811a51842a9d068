package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.app.Actor;
import dev.junction.app.Member;
import dev.junction.app.TokenService;
import dev.junction.app.Workspace;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/cli} with a {@code land} command line: run off the request thread, and
 * answered when it ends even when that takes longer than the idle timeout. The command lines are
 * a stand-in that says on which thread it ran and takes its time for {@code land}.
 */
class CliWorkerTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration IDLE = Duration.ofMillis(500);

  @TempDir Path dir;
  Server server;
  String token;

  /** Runs nothing: prints the thread it was called on, after a while for {@code land}. */
  static final class Threads implements CommandLines {
    @Override
    public Optional<String> refusal(List<String> args) {
      return Optional.empty();
    }

    @Override
    public Optional<Actor> as(List<String> args) {
      return Optional.empty();
    }

    @Override
    public Ran run(List<String> args, Actor member) {
      if (args.get(0).equals("land")) {
        try {
          Thread.sleep(IDLE.multipliedBy(3).toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return new Ran(0, Thread.currentThread().getName(), "");
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "chore: plan\n", "junction.yaml", Plans.LEAD_AND_ONE);
      repo.branch("coordination", "main");
    }
    try (Workspace w = Workspace.open(Workspace.Location.of(dir), Clock.systemUTC())) {
      token = ((TokenService.Issued) new TokenService(w).issue(new TokenService.IssueInput("a@x.org",
          Member.Role.MEMBER, Duration.ofDays(1), Optional.of(Actor.of("lead@x.org"))))).secret();
    }
    server = Server.start(ServerConfig.of(Workspace.Location.of(dir), Clock.systemUTC(), ServerConfig.HOST, 0)
        .withIdleTimeout(IDLE).withCommandLines(new Threads()));
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  JsonNode run(String args) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url()
        + "/api/cli")).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"args\": " + args + "}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void aLandRunsOffTheRequestThreadAndIsAnsweredAfterTheIdleTimeout() throws Exception {
    String request = run("[\"plan\"]").get("out").asText();
    String land = run("[\"land\", \"sa\"]").get("out").asText();
    assertThat(request).startsWith("JettyServerThreadPool-");
    assertThat(land).as("not Jetty's request threads").startsWith("JavalinDefaultAsyncThreadPool-");
  }
}
