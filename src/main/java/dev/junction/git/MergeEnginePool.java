package dev.junction.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A fixed set of threads, each with a {@link MergeEngine} of its own (an engine serializes its
 * use), running many dry-run merges at once. Closing it stops the threads and closes the engines.
 */
public final class MergeEnginePool implements AutoCloseable {

  /** Opens one engine per thread. */
  @FunctionalInterface
  public interface Opener {
    MergeEngine open() throws IOException;
  }

  /** A merge to run on whichever engine is free. */
  @FunctionalInterface
  public interface Job {
    MergeResult run(MergeEngine engine) throws IOException;
  }

  private final ExecutorService pool;
  private final BlockingQueue<MergeEngine> engines;
  private final List<MergeEngine> all = new ArrayList<>();

  private MergeEnginePool(Opener opener, int threads, String threadName) throws IOException {
    pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    engines = new ArrayBlockingQueue<>(threads);
    try {
      for (int i = 0; i < threads; i++) {
        MergeEngine e = opener.open();
        all.add(e);
        engines.add(e);
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * {@code threads} threads (at least one), each with an engine from {@code opener}.
   *
   * @param threadName the name of the pool's threads, for thread dumps
   */
  public static MergeEnginePool open(Opener opener, int threads, String threadName) throws IOException {
    return new MergeEnginePool(opener, Math.max(1, threads), threadName);
  }

  /** The engine's sentence, and how many run in parallel when more than one. */
  public String describe() {
    return all.get(0).describe() + (all.size() > 1 ? ", " + all.size() + " in parallel" : "");
  }

  /** Runs every job, and gives their results in the jobs' order. */
  public List<MergeResult> all(List<Job> jobs) throws IOException {
    List<Future<MergeResult>> futures = new ArrayList<>();
    for (Job job : jobs) {
      futures.add(pool.submit(() -> {
        MergeEngine engine = engines.take();
        try {
          return job.run(engine);
        } finally {
          engines.add(engine);
        }
      }));
    }
    List<MergeResult> out = new ArrayList<>(futures.size());
    try {
      for (Future<MergeResult> f : futures) {
        out.add(f.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("merges interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      throw new IllegalStateException(e.getCause());
    }
    return out;
  }

  @Override
  public void close() {
    pool.shutdownNow();
    all.forEach(MergeEngine::close);
  }
}
