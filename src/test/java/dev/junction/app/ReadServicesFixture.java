package dev.junction.app;

import dev.junction.store.EventStore;
import dev.junction.store.Reviews;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The repository the read services are tested on, at a fixed time:
 *
 * <pre>
 *   main ── plan ──┬── coordination ── shared.txt "coordination"
 *                  ├── s1 ── a.txt   (task A, session one)
 *                  ├── s2 ── b.txt   (task B, session two; B depends on A)
 *                  └── s3 ── shared.txt "three" (conflicts with coordination)
 * </pre>
 */
final class ReadServicesFixture implements AutoCloseable {
  static final String PLAN = Plans.THREE_SESSIONS;

  static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

  final Path dir;
  final TestRepo repo;
  final ObjectId s1;

  ReadServicesFixture(Path dir) throws Exception {
    this.dir = dir;
    repo = TestRepo.init(dir);
    repo.commit("main", "chore: plan\n", "junction.yaml", PLAN, ".github/CODEOWNERS", "a.txt @two\n",
        "shared.txt", "base\n");
    repo.branch("coordination", "main");
    repo.branch("s1", "main");
    repo.branch("s2", "main");
    repo.branch("s3", "main");
    s1 = repo.commit("s1", "feat: a [A]\n", "a.txt", "a\n");
    repo.commit("s2", "feat: b [B]\n", "b.txt", "b\n");
    repo.commit("s3", "feat: mine\n", "shared.txt", "three\n");
    repo.commit("coordination", "feat: theirs\n", "shared.txt", "coordination\n");
  }

  static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  /** A workspace over the repository whose clock reads {@code instant}. */
  Workspace workspace(Instant instant) {
    return Workspace.over(repo.repo(), at(instant));
  }

  Workspace workspace() {
    return workspace(NOW);
  }

  Path storeFile() {
    return dir.resolve(".git/" + Workspace.STORE);
  }

  EventStore store() throws IOException {
    return EventStore.sqlite(storeFile());
  }

  /** Opens a small component request from s1 at {@code at}, one reviewer (three@) assigned, as {@code mr open} does. */
  static Reviews.Request open(EventStore store, Instant at) {
    Reviews.Request r = new Reviews.Request(0, "s1", "coordination", Optional.of("A"), "component", "feat(a): a [A]", "",
        "one@example.org", "one", 2, "small", Optional.empty(), "open", at, Optional.empty());
    Reviews.Request opened = store.reviews().open(new EventStore.Event(at, "request.opened", "s1 -> coordination",
        Optional.of("one@example.org"), "{}"), r).orElseThrow();
    store.reviews().assign(new EventStore.Event(at, "request.assigned", "request:" + opened.number(), Optional.empty(),
        "{}"), opened.number(), "three@example.org", "opened");
    return opened;
  }

  static Instant ago(Duration d) {
    return NOW.minus(d);
  }

  @Override
  public void close() {
    repo.close();
  }
}
