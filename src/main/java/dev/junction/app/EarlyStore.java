package dev.junction.app;

import dev.junction.store.EventStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The workspace's existing store, opened on a thread of its own while the caller reads git: a
 * quick command's store opening (driver, schema check) then overlaps its history walk instead of
 * following it. Until {@link #get} or {@link #close} returns, the caller leaves the workspace's
 * store alone; {@link #close} waits for the opening, so the workspace closes what was opened.
 * Where there is no store file nothing is started, and none is created.
 */
final class EarlyStore implements AutoCloseable {
  private final FutureTask<Optional<EventStore>> opening;

  private EarlyStore(FutureTask<Optional<EventStore>> opening) {
    this.opening = opening;
  }

  static EarlyStore start(Workspace workspace) {
    FutureTask<Optional<EventStore>> opening = new FutureTask<>(() -> {
      try {
        return workspace.existingStore();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    if (Files.exists(workspace.storeFile())) {
      Thread thread = new Thread(opening, "junction-store-open");
      thread.setDaemon(true);
      thread.start();
    } else {
      opening.run(); // nothing to open: answers empty at once, on this thread
    }
    return new EarlyStore(opening);
  }

  /** The existing store, once opened; empty when there is none. */
  Optional<EventStore> get() throws IOException {
    try {
      return opening.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while opening the store", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  /** Waits for the opening to end, whatever it gave; the workspace owns what it opened. */
  @Override
  public void close() {
    try {
      opening.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // get() reports it to a caller that asks; one that does not (it failed first) has its own error
    }
  }
}
