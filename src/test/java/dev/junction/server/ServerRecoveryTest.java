package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.app.Workspace;
import dev.junction.git.Commits;
import dev.junction.git.Refs;
import dev.junction.store.EventStore;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server starting over the journal a killed landing left (written as the crash leaves it, as in
 * the land package's RecoveryTest): before it listens, the landing is completed when the target
 * had moved to its candidate and undone otherwise, nothing of it is left, and a subscriber that
 * reconnects with its {@code Last-Event-ID} sees the outcome's event.
 *
 * <pre>
 *   main ── plan ──┬── coordination ──(candidate: merge of s1, maybe the target already)
 *                  └── s1 ── a.txt (task A)
 * </pre>
 */
class ServerRecoveryTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T07:00:00Z"), ZoneOffset.UTC);
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CANDIDATES = "refs/junction/candidates/";
  static final String PLAN = Plans.ONE_SESSION + """
      gates:
        - {name: post, command: "true", post_merge: true}
      """;
  static final String ID = "20261124070000-abc";

  @TempDir Path dir;
  final PersonIdent who = new PersonIdent("Ops", "ops@example.org", CLOCK.instant(), ZoneOffset.UTC);
  ObjectId before;
  ObjectId candidate;

  /** The journal and refs of a landing killed after {@code journal}'s last step; answers its last event's id. */
  long crashed(List<String> journal, boolean targetMoved) throws Exception {
    try (TestRepo repo = TestRepo.init(dir); EventStore store = EventStore.sqlite(dir.resolve(".git/"
        + Workspace.STORE))) {
      repo.commit("main", "plan\n", "junction.yaml", PLAN);
      repo.branch("coordination", "main");
      repo.branch("s1", "main");
      ObjectId work = repo.commit("s1", "feat: a\n", "a.txt", "a\n");
      before = repo.repo().resolve("refs/heads/coordination");
      candidate = ((Commits.Merged) Commits.mergeNoFastForward(repo.repo(), before, work,
          "feat(a): Merge first [A]\n\nJunction-Task: A\n", who)).commit();
      long last = 0;
      for (String kind : journal) {
        String payload = switch (kind) {
          case "land.started" -> "{\"target\":\"coordination\",\"pid\":\"999999999\"}"; // a pid no process has
          case "land.candidate" -> "{\"candidate\":\"" + candidate.name() + "\",\"ref\":\"" + CANDIDATES + ID + "\"}";
          default -> "{}";
        };
        last = store.append(new EventStore.Event(CLOCK.instant(), kind, ID, Optional.of("one@example.org"), payload));
      }
      Refs.move(repo.repo(), CANDIDATES + ID, ObjectId.zeroId(), candidate, who, "test");
      if (targetMoved) {
        Refs.move(repo.repo(), "refs/heads/coordination", before, candidate, who, "test");
      }
      return last;
    }
  }

  /** The kinds of the events after {@code lastEventId} a reconnecting subscriber gets, until {@code until}. */
  static List<String> reconnect(Server server, long lastEventId, String until) throws Exception {
    HttpResponse<java.util.stream.Stream<String>> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(server.url() + "/api/events")).header("Accept", "text/event-stream")
        .header("Last-Event-ID", Long.toString(lastEventId)).build(), HttpResponse.BodyHandlers.ofLines());
    CompletableFuture<List<String>> kinds = CompletableFuture.supplyAsync(() -> {
      List<String> out = new java.util.ArrayList<>();
      for (Iterator<String> lines = r.body().iterator(); lines.hasNext(); ) {
        String line = lines.next();
        if (line.startsWith("event:")) {
          out.add(line.substring(6).strip());
          if (out.get(out.size() - 1).equals(until)) {
            return out;
          }
        }
      }
      return out;
    });
    try {
      return kinds.get(10, TimeUnit.SECONDS);
    } finally {
      r.body().close();
    }
  }

  String last(EventStore store) throws Exception {
    return store.about(ID).get(store.about(ID).size() - 1).kind();
  }

  @Test
  void aLandingKilledAfterTheTargetMovedIsCompletedWhenTheServerStarts() throws Exception {
    long seen = crashed(List.of("land.started", "land.candidate", "land.gated", "land.moving", "land.moved"), true);
    try (Server server = Server.start(ServerConfig.of(Workspace.Location.of(dir), CLOCK, ServerConfig.HOST, 0))) {
      try (TestRepo repo = TestRepo.open(dir); EventStore store = EventStore.sqlite(dir.resolve(".git/"
          + Workspace.STORE))) {
        assertThat(repo.repo().resolve("refs/heads/coordination")).isEqualTo(candidate);
        assertThat(repo.repo().getRefDatabase().getRefsByPrefix(CANDIDATES)).isEmpty();
        assertThat(last(store)).isEqualTo("land.done");
      }
      assertThat(reconnect(server, seen, "land.done")).contains("land.done");
    }
  }

  @Test
  void aLandingKilledBeforeTheTargetMovedIsUndoneWhenTheServerStarts() throws Exception {
    long seen = crashed(List.of("land.started", "land.candidate", "land.gated"), false);
    try (Server server = Server.start(ServerConfig.of(Workspace.Location.of(dir), CLOCK, ServerConfig.HOST, 0))) {
      try (TestRepo repo = TestRepo.open(dir); EventStore store = EventStore.sqlite(dir.resolve(".git/"
          + Workspace.STORE))) {
        assertThat(repo.repo().resolve("refs/heads/coordination")).isEqualTo(before);
        assertThat(repo.repo().getRefDatabase().getRefsByPrefix(CANDIDATES)).isEmpty();
        assertThat(last(store)).isEqualTo("land.aborted");
      }
      JsonNode plan = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url()
          + "/api/plan")).build(), HttpResponse.BodyHandlers.ofString()).body());
      assertThat(plan.get("target").asText()).as("it listens once recovered").isEqualTo("coordination");
      assertThat(reconnect(server, seen, "land.aborted")).contains("land.aborted");
    }
  }
}
