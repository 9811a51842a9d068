package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.app.Actor;
import dev.junction.app.LandingService;
import dev.junction.app.Member;
import dev.junction.app.TokenService;
import dev.junction.app.Workspace;
import dev.junction.store.EventStore;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code kill -9} of a {@code junction serve} process while its worker lands, inside a gate that
 * sleeps; then a new {@code junction serve} on the same hub. Before it listens it has finished or
 * undone the landing from the journal: undone (the target never moved) when the kill came during
 * the stage's gate, reverted when it came during post-merge validation (which then times out);
 * the candidate ref is gone, and a subscriber reconnecting with its {@code Last-Event-ID} sees the
 * outcome's event.
 */
@Tag("process")
class ServeCrashProcessTest {
  private static final Pattern LISTENING = Pattern.compile("junction serve: listening on (http://127\\.0\\.0\\.1:\\d+)");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String PLAN = Plans.LEAD_AND_ONE + """
      gates:
        - {name: stage, command: "%s", stages: [component], timeout: 60s}
        - {name: post, command: "%s", post_merge: true, timeout: 3s}
      """;

  @TempDir Path dir;

  record Serving(Process process, String url) {}

  Serving serve(String log) throws Exception {
    Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "serve", "--repo", dir.toString(), "--listen", "127.0.0.1:0"))
        .redirectError(dir.resolve(log).toFile()).start();
    String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
    assertThat(line).as(Files.exists(dir.resolve(log)) ? Files.readString(dir.resolve(log)) : "").isNotNull();
    Matcher m = LISTENING.matcher(line);
    assertThat(m.matches()).as(line).isTrue();
    return new Serving(p, m.group(1));
  }

  Path db() {
    return dir.resolve(".git/" + Workspace.STORE);
  }

  /** Waits until {@code kind} is in the store. */
  void awaitEvent(String kind) throws Exception {
    for (int i = 0; i < 600; i++) {
      try (EventStore store = EventStore.sqlite(db())) {
        if (!store.events(kind).isEmpty()) {
          return;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no " + kind + " event");
  }

  /** Waits until the worker has recorded its gate's process: the gate's command runs. */
  void awaitGateRecorded() throws Exception {
    Path records = dir.resolve(".git/junction/gates");
    for (int i = 0; i < 600; i++) {
      if (Files.isDirectory(records)) {
        try (Stream<Path> files = Files.list(records)) {
          if (files.anyMatch(f -> f.getFileName().toString().matches("\\d+\\.json"))) {
            return;
          }
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the gate's process was never recorded");
  }

  ObjectId target() throws Exception {
    try (TestRepo repo = TestRepo.open(dir)) {
      return repo.repo().resolve("refs/heads/coordination");
    }
  }

  int candidates() throws Exception {
    try (TestRepo repo = TestRepo.open(dir)) {
      return repo.repo().getRefDatabase().getRefsByPrefix("refs/junction/candidates/").size();
    }
  }

  long lastEventId() throws Exception {
    try (EventStore store = EventStore.sqlite(db())) {
      return store.lastId();
    }
  }

  String landing() throws Exception {
    try (EventStore store = EventStore.sqlite(db())) {
      return store.events("land.started").get(0).subject();
    }
  }

  /** The kinds a subscriber reconnecting after {@code lastEventId} gets, up to {@code until}. */
  static List<String> reconnect(String url, long lastEventId, String until) throws Exception {
    HttpResponse<java.util.stream.Stream<String>> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/events"))
        .header("Accept", "text/event-stream").header("Last-Event-ID", Long.toString(lastEventId)).build(),
        HttpResponse.BodyHandlers.ofLines());
    CompletableFuture<List<String>> kinds = CompletableFuture.supplyAsync(() -> {
      List<String> out = new java.util.ArrayList<>();
      for (Iterator<String> lines = r.body().iterator(); lines.hasNext(); ) {
        String line = lines.next();
        if (line.startsWith("event:")) {
          out.add(line.substring(6).strip());
          if (out.get(out.size() - 1).equals(until)) {
            break;
          }
        }
      }
      return out;
    });
    try {
      return kinds.get(20, TimeUnit.SECONDS);
    } finally {
      r.body().close();
    }
  }

  @ParameterizedTest(name = "killed during the {0} gate")
  @CsvSource({"stage, sleep 30, true, land.aborted", "post, true, sleep 30, land.rolled-back"})
  void aServerKilledMidLandingFinishesOrUndoesItWhenItStartsAgain(String during, String stage, String post,
      String outcome) throws Exception {
    ObjectId before;
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "chore: plan\n", "junction.yaml", PLAN.formatted(stage, post));
      repo.branch("coordination", "main");
      repo.branch("sa", "main");
      repo.commit("sa", "feat: a [T1]\n", "a.txt", "a\n");
      before = repo.repo().resolve("refs/heads/coordination");
    }
    String token;
    try (Workspace w = Workspace.open(Workspace.Location.of(dir), Clock.systemUTC())) {
      token = ((TokenService.Issued) new TokenService(w).issue(new TokenService.IssueInput("a@x.org",
          Member.Role.MEMBER, Duration.ofDays(1), Optional.of(Actor.of("lead@x.org"))))).secret();
    }
    Serving first = serve("first.log");
    try {
      HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(first.url() + "/api/landings"))
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"sources\": [\"sa\"]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      if (during.equals("post")) {
        awaitEvent("land.moved");
      }
      awaitGateRecorded();
      first.process().destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
      assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      first.process().destroyForcibly();
    }
    ObjectId killedAt = target();
    assertThat(killedAt).as("the target moved only if the kill came after the swap")
        .matches(t -> during.equals("post") != t.equals(before));
    assertThat(candidates()).as("the candidate ref the kill left, kept until the landing ends").isEqualTo(1);
    long seen = lastEventId();

    Serving second = serve("second.log");
    try {
      assertThat(candidates()).isZero();
      try (EventStore store = EventStore.sqlite(db())) {
        assertThat(store.about(landing()).get(store.about(landing()).size() - 1).kind()).isEqualTo(outcome);
      }
      if (during.equals("post")) {
        try (TestRepo repo = TestRepo.open(dir); RevWalk walk = new RevWalk(repo.repo())) {
          RevCommit tip = walk.parseCommit(target());
          assertThat(tip.getParent(0).getId()).as("the merge, reverted").isEqualTo(killedAt);
          assertThat(tip.getTree().getId()).isEqualTo(walk.parseCommit(before).getTree().getId());
        }
      } else {
        assertThat(target()).isEqualTo(before);
      }
      assertThat(Files.readString(dir.resolve("second.log"))).contains("resumed a landing a previous process left");
      assertThat(reconnect(second.url(), seen, outcome)).contains(outcome);
      try (Workspace w = Workspace.open(Workspace.Location.of(dir), Clock.systemUTC())) {
        assertThat(new LandingService(w).doctor().clean()).as("nothing left by the crash").isTrue();
      }
    } finally {
      second.process().destroy();
      second.process().waitFor(20, TimeUnit.SECONDS);
    }
  }
}
