package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.app.Workspace;
import dev.junction.cli.CliRuns;
import dev.junction.store.EventStore;
import dev.junction.store.StoreEvent;
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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/events} read by a real HTTP client as the store grows. */
class EventsTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir static Path dir;
  static Server server;

  @BeforeAll
  static void start() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "chore: plan\n", "junction.yaml", Plans.THREE_SESSIONS, "shared.txt", "base\n");
      repo.branch("coordination", "main");
      repo.branch("s3", "main");
      repo.commit("s3", "feat: mine\n", "shared.txt", "three\n");
      repo.commit("coordination", "feat: theirs\n", "shared.txt", "coordination\n");
    }
    server = Server.start(ServerConfig.of(Workspace.Location.of(dir), CLOCK, ServerConfig.HOST, 0)
        .withEvents(Duration.ofMillis(300), Duration.ofMillis(50)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** One server-sent event as read off the wire. */
  record Sse(long id, String event, JsonNode data) {}

  /** A stream being read: its events and its comments, as they arrive. */
  static final class Stream implements AutoCloseable {
    final BlockingQueue<Sse> events = new LinkedBlockingQueue<>();
    final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
    final HttpResponse<java.util.stream.Stream<String>> response;
    final Thread reader;

    Stream(String query, Optional<Long> lastEventId) throws Exception {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + "/api/events" + query))
          .header("Accept", "text/event-stream");
      lastEventId.ifPresent(id -> b.header("Last-Event-ID", Long.toString(id)));
      response = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofLines());
      reader = new Thread(this::read, "sse-reader");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      long id = -1;
      String event = null;
      StringBuilder data = new StringBuilder();
      try {
        for (Iterator<String> lines = response.body().iterator(); lines.hasNext(); ) {
          String line = lines.next();
          if (line.startsWith(":")) {
            comments.add(line.substring(1).strip());
          } else if (line.startsWith("id:")) {
            id = Long.parseLong(line.substring(3).strip());
          } else if (line.startsWith("event:")) {
            event = line.substring(6).strip();
          } else if (line.startsWith("data:")) {
            data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5)).append('\n');
          } else if (line.isEmpty() && event != null) {
            events.add(new Sse(id, event, JSON.readTree(data.toString())));
            id = -1;
            event = null;
            data.setLength(0);
          }
        }
      } catch (Exception e) {
        // the stream was closed
      }
    }

    Sse next() throws InterruptedException {
      Sse e = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(e).as("an event within " + WAIT).isNotNull();
      return e;
    }

    @Override
    public void close() {
      response.body().close();
    }
  }

  static long append(String subject, String about) throws Exception {
    try (EventStore store = EventStore.sqlite(dir.resolve(".git/" + Workspace.STORE))) {
      return store.append(CLOCK.instant(), subject, Optional.empty(), new StoreEvent.EscalationReached("ping", about,
          CLOCK.instant(), List.of("lead@example.org"), "ping them"));
    }
  }

  @Test
  void anEventAppendedThroughAServiceArrivesAndAReconnectLosesNothing() throws Exception {
    Sse first;
    try (Stream stream = new Stream("", Optional.empty())) {
      assertThat(stream.comments.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).startsWith("junction events after");
      CliRuns.Run check = CliRuns.run(CLOCK, "check", "s3", "--into", "coordination", "--repo", dir.toString());
      assertThat(check.code()).as(check.err()).isEqualTo(1); // a conflict: recorded, its clock started
      first = stream.next();
      assertThat(first.event()).startsWith("conflict");
      assertThat(first.data().get("id").asLong()).isEqualTo(first.id());
      assertThat(first.data().get("kind").asText()).isEqualTo(first.event());
      assertThat(first.data().get("subject").asText()).contains("s3");
    }
    long second = append("request:1", "one");
    long third = append("request:2", "two");
    try (Stream again = new Stream("", Optional.of(first.id()))) {
      List<Long> ids = new ArrayList<>();
      Sse e;
      do {
        e = again.next();
        ids.add(e.id());
      } while (e.id() != third);
      assertThat(ids).endsWith(second, third).allMatch(id -> id > first.id()).isSorted();
      assertThat(e.data().get("event").get("about").asText()).isEqualTo("two");
      long fourth = append("request:3", "live");
      assertThat(again.next().id()).isEqualTo(fourth);
    }
  }

  @Test
  void aSubjectFilterLeavesTheOthersOut() throws Exception {
    long before = append("request:7", "before");
    try (Stream stream = new Stream("?after=" + (before - 1) + "&subject=request:7&subject=review:*", Optional.empty())) {
      assertThat(stream.next().id()).isEqualTo(before);
      append("request:8", "other");
      long wanted = append("review:9", "wanted");
      assertThat(stream.next().id()).isEqualTo(wanted);
    }
  }

  @Test
  void aBranchThePostReceiveHookSawMoveArrivesAsBranchMoved() throws Exception {
    try (Stream stream = new Stream("?subject=s3", Optional.empty())) { // the hook's subject: the branch
      assertThat(stream.comments.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).startsWith("junction events after");
      long id;
      try (EventStore store = EventStore.sqlite(dir.resolve(".git/" + Workspace.STORE))) {
        id = store.append(CLOCK.instant(), "s3", Optional.of("one"), new StoreEvent.BranchMoved(
            "refs/heads/s3", "0".repeat(40), "1".repeat(40), "one"));
      }
      Sse moved = stream.next();
      assertThat(moved.id()).isEqualTo(id);
      assertThat(moved.event()).isEqualTo("branch.moved");
      assertThat(moved.data().get("event").get("new").asText()).isEqualTo("1".repeat(40));
    }
  }

  @Test
  void heartbeatsKeepAQuietStreamOpen() throws Exception {
    try (Stream stream = new Stream("?subject=nothing-ever", Optional.empty())) {
      List<String> seen = new ArrayList<>();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!seen.contains("heartbeat") && System.nanoTime() < deadline) {
        String c = stream.comments.poll(100, TimeUnit.MILLISECONDS);
        if (c != null) {
          seen.add(c);
        }
      }
      assertThat(seen).contains("heartbeat");
    }
  }

  @Test
  void aStreamMustBeAskedForAsOne() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/events")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(406);
    assertThat(JSON.readTree(r.body()).get("error").asText()).contains("text/event-stream");
  }

  @Test
  void aLastEventIdThatIsNotANumberIsBadInput() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/events"))
        .header("Accept", "text/event-stream").header("Last-Event-ID", "x").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("pointer").asText()).isEqualTo("/Last-Event-ID");
  }

  @Test
  void subjectsMatchExactlyOrByPrefix() {
    assertThat(Events.subjects(List.of()).test("x")).isTrue();
    assertThat(Events.subjects(List.of("request:1")).test("request:12")).isFalse();
    assertThat(Events.subjects(List.of("request:*")).test("request:12")).isTrue();
  }
}
