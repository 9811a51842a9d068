package dev.junction.app;

import dev.junction.land.Landing;
import dev.junction.plan.Disposition;
import dev.junction.plan.InputError;
import dev.junction.plan.Problem;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Landings run by workers instead of the caller's thread: what a server does with a landing whose
 * gates take minutes. Each target has one lane, a single worker that lands its jobs one after the
 * other in the order they came (two landings on one target would only race for its
 * compare-and-swap); landings on different targets run at once. A job's state, progress and
 * outcome are readable while it runs and after it ended.
 *
 * <p>Every job opens its own {@link Workspace} (a workspace is not thread-safe) and lands through
 * {@link LandingService}, so the journal, the gates and the compare-and-swap are the ones the CLI
 * uses; a process killed mid-landing leaves a journal that {@link LandingService#resume} completes
 * or undoes, as after any crash. Jobs live in memory: the store holds what they did.
 */
public final class LandingJobs implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LandingJobs.class);
  /** Ended jobs kept for reading, the oldest forgotten first. */
  static final int KEPT = 1000;
  private static final SecureRandom IDS = new SecureRandom();

  /** Opens a fresh workspace for one job. */
  @FunctionalInterface
  public interface Opener {
    Workspace open() throws IOException;
  }

  /** Where a job is. */
  public enum State {
    QUEUED, RUNNING, ENDED;

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * A job as it stands, for reading and rendering.
   *
   * @param id the job's id ({@code L} and 18 hex digits)
   * @param target the lane it runs in: the target named, or {@code ""} for the default target
   * @param progress every step the landing reported so far, oldest first
   * @param outcome how the landing ended, when it ended with an outcome
   * @param problems the input the landing could not begin with, when it ended so
   * @param failure what went wrong inside, when it ended with an internal error
   */
  public record Snapshot(String id, State state, LandingService.LandInput input, String target, Instant submitted,
      Optional<Instant> started, Optional<Instant> ended, List<String> progress, Optional<Landing.Outcome> outcome,
      List<Problem> problems, Optional<String> failure) {
    /**
     * The disposition of an ended job: the outcome's, {@code INVALID} for input it could not
     * begin with; empty while it is queued or running, and for an internal error.
     */
    public Optional<Disposition> disposition() {
      if (outcome.isPresent()) {
        return Optional.of(outcome.get().disposition());
      }
      return problems.isEmpty() ? Optional.empty() : Optional.of(Disposition.INVALID);
    }
  }

  /** One landing asked for: changes only on its worker, read from anywhere. */
  private final class Job {
    final String id;
    final LandingService.LandInput input;
    final String target;
    final Instant submitted;
    final CountDownLatch ended = new CountDownLatch(1);
    private final List<String> progress = new ArrayList<>();
    private State state = State.QUEUED;
    private Instant startedAt;
    private Instant endedAt;
    private Landing.Outcome outcome;
    private List<Problem> problems = List.of();
    private String failure;

    Job(String id, LandingService.LandInput input, String target, Instant submitted) {
      this.id = id;
      this.input = input;
      this.target = target;
      this.submitted = submitted;
    }

    void run() {
      synchronized (this) {
        state = State.RUNNING;
        startedAt = clock.instant();
      }
      try (Workspace workspace = opener.open()) {
        Landing.Outcome landed = new LandingService(workspace).land(input, this::heard);
        synchronized (this) {
          outcome = landed;
        }
      } catch (InvalidInput e) {
        synchronized (this) {
          problems = List.copyOf(e.problems());
        }
      } catch (IOException | RuntimeException e) {
        LOG.error("landing job {} failed", id, e);
        synchronized (this) {
          failure = e.toString();
        }
      } finally {
        synchronized (this) {
          state = State.ENDED;
          endedAt = clock.instant();
        }
        ended.countDown();
        forgetOldJobs();
      }
    }

    private synchronized void heard(String step) {
      progress.add(step);
    }

    synchronized Snapshot snapshot() {
      return new Snapshot(id, state, input, target, submitted, Optional.ofNullable(startedAt),
          Optional.ofNullable(endedAt), List.copyOf(progress), Optional.ofNullable(outcome), problems,
          Optional.ofNullable(failure));
    }

    synchronized boolean isEnded() {
      return state == State.ENDED;
    }
  }

  private final Opener opener;
  private final Clock clock;
  private final Map<String, ExecutorService> lanes = new ConcurrentHashMap<>();
  /** Every job still kept, in the order they came. */
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private volatile boolean closed;

  public LandingJobs(Opener opener, Clock clock) {
    this.opener = Objects.requireNonNull(opener, "opener");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Queues a landing in its target's lane and answers it at once, queued.
   *
   * @throws InvalidInput no source named (nothing else is judged before the worker lands)
   * @throws IllegalStateException when the jobs were closed
   */
  public Snapshot submit(LandingService.LandInput input) {
    Objects.requireNonNull(input, "input");
    if (input.sources().isEmpty()) {
      throw new InvalidInput(new InputError("source", "name a branch or task to land"));
    }
    String target = input.target().orElse("");
    Job job = new Job("L" + HexFormat.of().formatHex(randomBytes()), input, target, clock.instant());
    synchronized (jobs) {
      if (closed) {
        throw new IllegalStateException("landing jobs are closed");
      }
      jobs.put(job.id, job);
      try {
        lanes.computeIfAbsent(target, LandingJobs::lane).execute(job::run);
      } catch (RejectedExecutionException e) {
        jobs.remove(job.id);
        throw new IllegalStateException("landing jobs are closed", e);
      }
    }
    return job.snapshot();
  }

  /** The job {@code id}, as it stands; empty when there is none (or it was forgotten). */
  public Optional<Snapshot> job(String id) {
    synchronized (jobs) {
      return Optional.ofNullable(jobs.get(id)).map(Job::snapshot);
    }
  }

  /** Every job kept, in the order they came. */
  public List<Snapshot> jobs() {
    synchronized (jobs) {
      return jobs.values().stream().map(Job::snapshot).toList();
    }
  }

  /**
   * Waits up to {@code timeout} for the job {@code id} to end and answers it as it then stands
   * (still running when the time ran out); empty when there is no such job.
   */
  public Optional<Snapshot> await(String id, Duration timeout) throws InterruptedException {
    Job job;
    synchronized (jobs) {
      job = jobs.get(id);
    }
    if (job == null) {
      return Optional.empty();
    }
    job.ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return Optional.of(job.snapshot());
  }

  /**
   * Takes no more jobs and waits up to {@code grace} for the running and queued ones to end;
   * answers whether they all did. A landing still running then is interrupted with the process:
   * its journal is resumed at the next start.
   */
  public boolean close(Duration grace) throws InterruptedException {
    synchronized (jobs) {
      closed = true;
    }
    lanes.values().forEach(ExecutorService::shutdown);
    long deadline = System.nanoTime() + grace.toNanos();
    boolean all = true;
    for (ExecutorService lane : lanes.values()) {
      long left = deadline - System.nanoTime();
      all &= lane.awaitTermination(Math.max(0, left), TimeUnit.NANOSECONDS);
    }
    return all;
  }

  @Override
  public void close() throws InterruptedException {
    close(Duration.ofMinutes(1));
  }

  private void forgetOldJobs() {
    synchronized (jobs) {
      int over = jobs.size() - KEPT;
      for (Iterator<Job> it = jobs.values().iterator(); over > 0 && it.hasNext(); ) {
        if (it.next().isEnded()) {
          it.remove();
          over--;
        }
      }
    }
  }

  private static ExecutorService lane(String target) {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "junction-land-" + (target.isEmpty() ? "default" : target));
      t.setDaemon(true);
      return t;
    });
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[9];
    IDS.nextBytes(bytes);
    return bytes;
  }
}
