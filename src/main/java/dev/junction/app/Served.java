package dev.junction.app;

import dev.junction.store.EventStore;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;

/**
 * The repository and the event store a server keeps open for all its requests, each of which reads
 * through a light workspace of its own over them ({@link #workspace}) instead of opening both.
 * Thread-safe: JGit's {@code Repository} serves concurrent reads (each read opens its own walk
 * and reader) and re-reads a ref whose file changed, so a ref another process moves (a push
 * through the hook, a landing in a worker, the CLI) is seen by the next request; the store is
 * thread-safe, and each of its reads sees every write committed before it, by any process.
 */
public final class Served implements AutoCloseable {
  private final Repository repository;
  private final Path storeFile;
  private final File config;
  /** Opened once its file exists: reading never creates a store. */
  private volatile EventStore store;

  private Served(Repository repository, Path storeFile) {
    this.repository = repository;
    this.storeFile = storeFile;
    this.config = new File(repository.getDirectory(), Constants.CONFIG);
  }

  /**
   * Opens the repository at {@code where} once, for every request to come.
   *
   * @throws InvalidInput when there is no repository there ({@code repository} field)
   */
  public static Served open(Workspace.Location where) throws IOException {
    Workspace owner = Workspace.open(where, Clock.systemUTC()); // its repository is closed by close() below
    return new Served(owner.repository(), owner.storeFile());
  }

  /** A workspace for one request over the shared repository and store; closing it closes neither. */
  public Workspace workspace(Clock clock) {
    return new Workspace(repository, storeFile, Objects.requireNonNull(clock, "clock"), this);
  }

  /** The shared store, created on first use. */
  synchronized EventStore store() throws IOException {
    if (store == null) {
      store = EventStore.sqlite(storeFile);
    }
    return store;
  }

  /** The shared store when its file exists, without creating one. */
  Optional<EventStore> existingStore() throws IOException {
    EventStore open = store;
    if (open != null) {
      return Optional.of(open);
    }
    return Files.exists(storeFile) ? Optional.of(store()) : Optional.empty();
  }

  /**
   * What a read of the refs and the store alone depends on, as text: every ref's name and id
   * (symbolic ones with their target), the repository configuration file's size and time, and the
   * store's newest event id. Two equal fingerprints mean such a read answers the same; anything
   * that moves a ref or appends an event changes it.
   */
  public String fingerprint() throws IOException {
    StringBuilder b = new StringBuilder(1024);
    for (Ref ref : repository.getRefDatabase().getRefs()) { // HEAD and its target among them
      append(b, ref);
    }
    b.append("config ").append(config.length()).append(' ').append(config.lastModified()).append('\n');
    Optional<EventStore> events = existingStore();
    b.append("store ").append(events.isPresent() ? events.get().lastId() : -1);
    return b.toString();
  }

  private static void append(StringBuilder b, Ref ref) {
    b.append(ref.getName()).append(' ');
    if (ref.isSymbolic()) {
      b.append("-> ").append(ref.getTarget().getName()).append(' ');
    }
    ObjectId id = ref.getObjectId();
    b.append(id == null ? "none" : id.name()).append('\n');
  }

  @Override
  public synchronized void close() {
    if (store != null) {
      store.close();
      store = null;
    }
    repository.close();
  }
}
