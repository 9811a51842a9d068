package dev.junction.app;

import dev.junction.git.MergeEngine;
import dev.junction.land.Landing;
import dev.junction.git.SystemConfig;
import dev.junction.plan.InputError;
import dev.junction.store.EventStore;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.UserConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * What every operation works on: one repository (a work tree or a bare hub), its event store
 * (opened on first use, or read only when it exists), a merge engine (started on first use) and
 * one clock. The only place that knows where the store lives. Not thread-safe; one per operation
 * or per request. A server's requests each take a light one over the repository and store its
 * {@link Served} keeps open for them all ({@link Served#workspace}).
 */
public final class Workspace implements AutoCloseable {
  /** Where the store lives in a repository's git directory unless {@code --db} names a file. */
  public static final String STORE = "junction/junction.db";

  private final Repository repository;
  private final Path storeFile;
  private final Clock clock;
  /** The server-wide source whose repository and store this one borrows; null when it owns both. */
  private final Served served;
  private EventStore store;
  private MergeEngine engine;
  /** Who an authenticated transport says acts, when one does (the server): then git's identity is never read. */
  private Optional<Actor> authenticated = Optional.empty();

  private Workspace(Repository repository, Path storeFile, Clock clock) {
    this(repository, storeFile, clock, null);
  }

  Workspace(Repository repository, Path storeFile, Clock clock, Served served) {
    this.repository = repository;
    this.storeFile = storeFile;
    this.clock = clock;
    this.served = served;
  }

  /** Where to find the repository and the store. */
  public record Location(Optional<Path> repository, Optional<Path> store) {
    public Location {
      Objects.requireNonNull(repository, "repository");
      Objects.requireNonNull(store, "store");
    }

    /** The repository around the current directory, its store in its git directory. */
    public static Location here() {
      return new Location(Optional.empty(), Optional.empty());
    }

    public static Location of(Path repository) {
      return new Location(Optional.of(repository), Optional.empty());
    }

    String describe() {
      return repository.map(Path::toString).orElse("the current directory");
    }
  }

  /**
   * Opens the repository at {@code where} (a bare hub may be named directly, a work tree by any
   * directory inside it).
   *
   * @throws InvalidInput when there is no repository there ({@code repository} field)
   */
  public static Workspace open(Location where, Clock clock) throws IOException {
    SystemConfig.locate();
    File start = where.repository().orElse(Path.of("")).toAbsolutePath().toFile();
    FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment();
    if (where.repository().isPresent() && new File(start, "HEAD").isFile()
        && new File(start, "objects").isDirectory()) {
      builder.setGitDir(start); // a bare hub named directly
    } else {
      builder.findGitDir(start);
    }
    if (builder.getGitDir() == null) {
      throw new InvalidInput(new InputError("repository", "not a git repository: " + where.describe()));
    }
    Repository repository = builder.setMustExist(true).build();
    Path storeFile = where.store().orElse(repository.getDirectory().toPath().resolve(STORE));
    return new Workspace(repository, storeFile, clock);
  }

  /** A workspace over a repository the caller opened and keeps owning (tests, the demo). */
  public static Workspace over(Repository repository, Clock clock) {
    Repository kept = repository;
    kept.incrementOpen(); // close() below then leaves the caller's reference open
    return new Workspace(kept, repository.getDirectory().toPath().resolve(STORE), clock);
  }

  public Repository repository() {
    return repository;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * The event store to write to, created and migrated on first use.
   *
   * @throws InvalidInput when a newer Junction wrote the store: this one never writes to it
   */
  public EventStore store() throws IOException {
    EventStore open = opened();
    Optional<String> refused = open.refusesWrites();
    if (refused.isPresent()) {
      throw new InvalidInput(new InputError("store", refused.get()));
    }
    return open;
  }

  private EventStore opened() throws IOException {
    if (store == null) {
      store = served != null ? served.store() : EventStore.sqlite(storeFile);
    }
    return store;
  }

  /**
   * The event store when one exists, without creating one: for the commands that only read
   * (a repository nobody landed in yet has no store, and reading must not make one).
   */
  public Optional<EventStore> existingStore() throws IOException {
    if (store == null && served != null) {
      Optional<EventStore> existing = served.existingStore();
      existing.ifPresent(s -> store = s);
      return existing;
    }
    if (store == null && !Files.exists(storeFile)) {
      return Optional.empty();
    }
    return Optional.of(opened());
  }

  /** Where the store lives (or would), for messages. */
  public Path storeFile() {
    return storeFile;
  }

  /** The merge engine, started on first use; serialize its use (one per thread that merges). */
  public MergeEngine engine() throws IOException {
    if (engine == null) {
      engine = MergeEngine.open(repository);
    }
    return engine;
  }

  /**
   * Makes {@code actor} the one who acts when nobody is named: the member an authenticated
   * transport (the server's bearer token) says sent the request. Whether a request may name
   * someone else is the transport's to decide ({@link Authorization}) before it calls a service.
   */
  public Workspace authenticatedAs(Actor actor) {
    this.authenticated = Optional.of(Objects.requireNonNull(actor, "actor"));
    return this;
  }

  /** Who an authenticated transport says acts; empty on one machine, where git's identity is trusted. */
  public Optional<Actor> authenticated() {
    return authenticated;
  }

  /**
   * Who is acting: {@code as} when given, else the authenticated member ({@link #authenticatedAs}),
   * else git's {@code user.name} and {@code user.email}; a blank name is "Junction", a blank
   * e-mail {@code junction@localhost}.
   */
  public Actor actor(Optional<Actor> as) {
    if (as.isEmpty() && authenticated.isPresent()) {
      return authenticated.get();
    }
    UserConfig user = repository.getConfig().get(UserConfig.KEY);
    String name = as.map(Actor::name).orElse(user.getCommitterName());
    String email = as.map(Actor::email).orElse(user.getCommitterEmail());
    return new Actor(name == null || name.isBlank() ? "Junction" : name,
        email == null || email.isBlank() ? "junction@localhost" : email);
  }

  /** {@link #actor} as a git identity, stamped with this clock's time. */
  public PersonIdent ident(Optional<Actor> as) {
    Actor actor = actor(as);
    return Landing.ident(actor.name(), actor.email(), clock);
  }

  @Override
  public void close() {
    if (engine != null) {
      engine.close();
    }
    if (served != null) {
      return; // the repository and the store are the server's, open for its next requests
    }
    if (store != null) {
      store.close();
    }
    repository.close();
  }
}
