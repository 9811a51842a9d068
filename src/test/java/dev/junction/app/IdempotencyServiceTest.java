package dev.junction.app;

import static dev.junction.app.TokenFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.plan.Disposition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Idempotency keys of writes: one run per key and request, replays after, the store deciding races. */
class IdempotencyServiceTest {
  static final String HASH = IdempotencyService.requestHash("POST", "/api/requests", "{\"source\":\"sa\"}"
      .getBytes(StandardCharsets.UTF_8));

  @TempDir Path dir;
  TokenFixture fixture;
  Workspace workspace;
  IdempotencyService keys;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new TokenFixture(dir);
    workspace = fixture.at(NOW);
    keys = new IdempotencyService(workspace);
  }

  @AfterEach
  void tearDown() {
    workspace.close();
    fixture.close();
  }

  @Test
  void theFirstRequestRunsAndItsRetryGetsTheSameResponse() throws Exception {
    assertThat(keys.begin(new IdempotencyService.Begin("a@x.org", "k-1", HASH))).isEqualTo(new IdempotencyService.New());
    assertThat(keys.begin(new IdempotencyService.Begin("a@x.org", "k-1", HASH)).disposition())
        .isEqualTo(Disposition.BLOCKED);
    assertThat(keys.complete(new IdempotencyService.Complete("a@x.org", "k-1", 201, "{\"number\":1}"))).isTrue();
    assertThat(keys.complete(new IdempotencyService.Complete("a@x.org", "k-1", 500, "{}"))).isFalse();
    assertThat(keys.begin(new IdempotencyService.Begin("a@x.org", "k-1", HASH)))
        .isEqualTo(new IdempotencyService.Replay(201, "{\"number\":1}"));
  }

  @Test
  void theSameKeyOnAnotherRequestIsAMismatch() throws Exception {
    keys.begin(new IdempotencyService.Begin("a@x.org", "k-1", HASH));
    String other = IdempotencyService.requestHash("POST", "/api/requests", "{\"source\":\"sb\"}"
        .getBytes(StandardCharsets.UTF_8));
    IdempotencyService.Began began = keys.begin(new IdempotencyService.Begin("a@x.org", "k-1", other));
    assertThat(began).isInstanceOf(IdempotencyService.Mismatch.class);
    assertThat(began.disposition()).isEqualTo(Disposition.NO);
  }

  @Test
  void keysBelongToTheirMember() throws Exception {
    keys.begin(new IdempotencyService.Begin("a@x.org", "k-1", HASH));
    assertThat(keys.begin(new IdempotencyService.Begin("lead@x.org", "k-1", HASH))).isEqualTo(new IdempotencyService.New());
  }

  @Test
  void aReleasedKeyRunsAgain() throws Exception {
    keys.begin(new IdempotencyService.Begin("a@x.org", "k-1", HASH));
    assertThat(keys.release("a@x.org", "k-1")).isTrue();
    assertThat(keys.begin(new IdempotencyService.Begin("a@x.org", "k-1", HASH))).isEqualTo(new IdempotencyService.New());
    keys.complete(new IdempotencyService.Complete("a@x.org", "k-1", 200, "{}"));
    assertThat(keys.release("a@x.org", "k-1")).isFalse();
  }

  @Test
  void aRestartReleasesTheKeysOfRequestsThatNeverCompleted() throws Exception {
    keys.begin(new IdempotencyService.Begin("a@x.org", "died", HASH));
    keys.begin(new IdempotencyService.Begin("a@x.org", "done", HASH));
    keys.complete(new IdempotencyService.Complete("a@x.org", "done", 200, "{}"));
    try (Workspace later = fixture.at(NOW.plusMillis(1500))) {
      IdempotencyService restarted = new IdempotencyService(later);
      later.store();
      assertThat(restarted.releaseUnfinished(NOW)).isZero();
      restarted.begin(new IdempotencyService.Begin("a@x.org", "running", HASH));
      assertThat(restarted.releaseUnfinished(NOW.plusMillis(1))).isEqualTo(1);
      assertThat(restarted.begin(new IdempotencyService.Begin("a@x.org", "died", HASH))).isEqualTo(new IdempotencyService.New());
      assertThat(restarted.begin(new IdempotencyService.Begin("a@x.org", "running", HASH)).disposition())
          .isEqualTo(Disposition.BLOCKED);
      assertThat(restarted.begin(new IdempotencyService.Begin("a@x.org", "done", HASH)))
          .isEqualTo(new IdempotencyService.Replay(200, "{}"));
    }
  }

  @Test
  void aKeyIsPrintableAsciiOfBoundedLength() {
    for (String bad : List.of("", "a b", "x".repeat(IdempotencyService.MAX_KEY + 1), "ключ")) {
      assertThatThrownBy(() -> keys.begin(new IdempotencyService.Begin("a@x.org", bad, HASH))).as(bad)
          .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems()).singleElement()
              .satisfies(p -> assertThat(p.toString()).startsWith("idempotencyKey: ")));
    }
  }

  @Test
  void requestHashesTellRequestsApart() {
    byte[] none = new byte[0];
    assertThat(IdempotencyService.requestHash("POST", "/a", none)).isNotEqualTo(IdempotencyService.requestHash("POST", "/b", none));
    assertThat(IdempotencyService.requestHash("POST", "/ab", none))
        .isNotEqualTo(IdempotencyService.requestHash("POST", "/a", "b".getBytes(StandardCharsets.UTF_8)));
    assertThat(HASH).hasSize(64).isEqualTo(IdempotencyService.requestHash("POST", "/api/requests",
        "{\"source\":\"sa\"}".getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Two threads, each with its own workspace and store connection (as two server workers or two
   * processes have), begin the same key at once, for 20 keys: exactly one of each pair runs.
   */
  @Test
  void twoThreadsWithTheSameKeyRunItOnce() throws Exception {
    int rounds = 20;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CyclicBarrier start = new CyclicBarrier(2);
    try (Workspace one = fixture.at(NOW); Workspace two = fixture.at(NOW)) {
      one.store();
      two.store();
      List<Future<List<IdempotencyService.Began>>> runs = new ArrayList<>();
      for (Workspace w : List.of(one, two)) {
        runs.add(pool.submit(() -> {
          IdempotencyService service = new IdempotencyService(w);
          List<IdempotencyService.Began> out = new ArrayList<>();
          for (int i = 0; i < rounds; i++) {
            start.await(30, TimeUnit.SECONDS);
            out.add(service.begin(new IdempotencyService.Begin("a@x.org", "race-" + i, HASH)));
          }
          return out;
        }));
      }
      List<IdempotencyService.Began> first = runs.get(0).get(60, TimeUnit.SECONDS);
      List<IdempotencyService.Began> second = runs.get(1).get(60, TimeUnit.SECONDS);
      for (int i = 0; i < rounds; i++) {
        List<IdempotencyService.Began> pair = List.of(first.get(i), second.get(i));
        assertThat(pair).as("key race-" + i).filteredOn(b -> b instanceof IdempotencyService.New).hasSize(1);
        assertThat(pair).as("key race-" + i).filteredOn(b -> b instanceof IdempotencyService.InProgress).hasSize(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
