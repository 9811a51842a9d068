package dev.junction.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.land.Landing;
import dev.junction.plan.Disposition;
import dev.junction.testing.TestRepo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Landings in workers, on a real repository and store (LandingServiceTest's plan): lanes, states, outcomes. */
class LandingJobsTest {
  static final Duration WAIT = Duration.ofMinutes(2);

  @TempDir Path dir;
  @TempDir Path elsewhere;
  final Clock clock = Clock.fixed(Instant.parse("2026-11-24T07:00:00Z"), ZoneOffset.UTC);
  TestRepo repo;
  Workspace.Location location;
  LandingJobs jobs;

  @BeforeEach
  void setUp() throws Exception {
    repo = TestRepo.init(dir);
    repo.commit("main", "chore: plan\n", "junction.yaml", LandingServiceTest.PLAN);
    repo.branch("coordination", "main");
    repo.branch("s1", "main");
    repo.branch("s2", "main");
    repo.commit("s1", "feat: a\n", "a.txt", "a\n");
    repo.commit("s2", "feat: b\n", "b.txt", "b\n");
    repo.git("checkout", "-q", "coordination");
    location = new Workspace.Location(Optional.of(dir), Optional.of(elsewhere.resolve("events.db")));
    jobs = new LandingJobs(() -> Workspace.open(location, clock), clock);
  }

  @AfterEach
  void tearDown() throws Exception {
    jobs.close(WAIT);
    repo.close();
  }

  static LandingService.LandInput land(String... sources) {
    return new LandingService.LandInput(List.of(sources), Optional.empty(), Optional.empty(), Optional.empty(), false,
        Optional.of(Actor.of("one@example.org")));
  }

  @Test
  void aJobIsAnsweredQueuedAndEndsWithTheLandingsOutcomeAndProgress() throws Exception {
    LandingJobs.Snapshot queued = jobs.submit(land("A"));
    assertThat(queued.id()).matches("L[0-9a-f]{18}");
    assertThat(queued.state()).isIn(LandingJobs.State.QUEUED, LandingJobs.State.RUNNING);
    assertThat(queued.disposition()).isEmpty();

    LandingJobs.Snapshot ended = jobs.await(queued.id(), WAIT).orElseThrow();

    assertThat(ended.state()).isEqualTo(LandingJobs.State.ENDED);
    assertThat(ended.outcome()).get().isInstanceOf(Landing.Landed.class);
    assertThat(ended.disposition()).contains(Disposition.DONE);
    assertThat(ended.progress()).isNotEmpty();
    assertThat(ended.started()).isPresent();
    assertThat(ended.ended()).isPresent();
    assertThat(repo.repo().resolve("refs/heads/coordination").name())
        .isEqualTo(((Landing.Landed) ended.outcome().get()).merge());
    assertThat(jobs.job(queued.id())).contains(ended);
  }

  @Test
  void oneTargetsJobsLandOneAfterTheOtherInTheOrderTheyCame() throws Exception {
    // B depends on A: had B run first, or beside A, it would be blocked
    LandingJobs.Snapshot a = jobs.submit(land("A"));
    LandingJobs.Snapshot b = jobs.submit(land("B"));

    LandingJobs.Snapshot second = jobs.await(b.id(), WAIT).orElseThrow();

    assertThat(jobs.job(a.id()).orElseThrow().disposition()).contains(Disposition.DONE);
    assertThat(second.disposition()).contains(Disposition.DONE);
    assertThat(second.started().orElseThrow()).isAfterOrEqualTo(jobs.job(a.id()).orElseThrow().ended().orElseThrow());
    assertThat(jobs.jobs()).extracting(LandingJobs.Snapshot::id).containsExactly(a.id(), b.id());
  }

  @Test
  void inputTheLandingCannotBeginWithEndsTheJobAsInvalid() throws Exception {
    LandingJobs.Snapshot job = jobs.await(jobs.submit(land("nope")).id(), WAIT).orElseThrow();

    assertThat(job.disposition()).contains(Disposition.INVALID);
    assertThat(job.problems()).singleElement().asString().startsWith("source: no branch or task 'nope'");
    assertThat(job.outcome()).isEmpty();
    assertThatThrownBy(() -> jobs.submit(land())).isInstanceOf(InvalidInput.class).hasMessageContaining("source");
  }

  @Test
  void aWorkspaceThatCannotOpenEndsTheJobWithItsFailureAndNoDisposition() throws Exception {
    try (LandingJobs broken = new LandingJobs(() -> {
      throw new IOException("disk gone");
    }, clock)) {
      LandingJobs.Snapshot job = broken.await(broken.submit(land("A")).id(), WAIT).orElseThrow();
      assertThat(job.failure()).hasValueSatisfying(f -> assertThat(f).contains("disk gone"));
      assertThat(job.disposition()).isEmpty();
    }
    assertThat(jobs.job("L000000000000000000")).isEmpty();
    assertThat(jobs.await("nope", Duration.ZERO)).isEmpty();
  }

  @Test
  void differentTargetsLandAtOnceAndClosedJobsTakeNoMore() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch inFirst = new CountDownLatch(1);
    AtomicInteger opened = new AtomicInteger();
    try (LandingJobs held = new LandingJobs(() -> {
      if (opened.getAndIncrement() == 0) {
        inFirst.countDown();
        try {
          release.await(2, TimeUnit.MINUTES); // the first job holds its lane's worker
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return Workspace.open(location, clock);
    }, clock)) {
      LandingJobs.Snapshot first = held.submit(new LandingService.LandInput(List.of("A"), Optional.of("coordination"),
          Optional.empty(), Optional.empty(), true, Optional.empty()));
      assertThat(inFirst.await(2, TimeUnit.MINUTES)).isTrue();
      LandingJobs.Snapshot other = held.submit(new LandingService.LandInput(List.of("s2"), Optional.of("main"),
          Optional.empty(), Optional.empty(), true, Optional.empty()));
      assertThat(other.target()).isEqualTo("main");

      assertThat(held.await(other.id(), WAIT).orElseThrow().state()).as("not behind the held lane")
          .isEqualTo(LandingJobs.State.ENDED);
      assertThat(held.job(first.id()).orElseThrow().state()).isEqualTo(LandingJobs.State.RUNNING);
      release.countDown();
      assertThat(held.await(first.id(), WAIT).orElseThrow().state()).isEqualTo(LandingJobs.State.ENDED);
      assertThat(held.close(WAIT)).isTrue();
      assertThatThrownBy(() -> held.submit(land("A"))).isInstanceOf(IllegalStateException.class);
    }
  }
}
