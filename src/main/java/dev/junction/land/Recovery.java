package dev.junction.land;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.junction.gate.GateProcesses;
import dev.junction.gate.Gates;
import dev.junction.gate.Runner;
import dev.junction.gate.Verdict;
import dev.junction.git.PlanSource;
import dev.junction.git.Refs;
import dev.junction.git.Trailers;
import dev.junction.plan.Disposition;
import dev.junction.plan.Gate;
import dev.junction.plan.Plan;
import dev.junction.plan.PlanLoad;
import dev.junction.review.Requests;
import dev.junction.store.Reviews;
import dev.junction.store.EventStore;
import dev.junction.store.EventStore.Stored;
import dev.junction.store.StoreEvent;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.util.FileUtils;

/**
 * After a crash: finds rollbacks and landings whose journal has no end. A rollback whose revert is
 * on the target is completed (its root-cause document and {@code rollback} event written), any
 * other is undone. A landing is completed when the target already moved to its candidate
 * (post-merge validation under the plan it was landed with, then the revert when it fails or the
 * end of the merge requests it lands when it passes; a revert that had landed is recorded) and
 * undone otherwise. Clears candidate refs, scratch copies and ref locks that no live process owns,
 * and, before anything else, ends the gate processes a dead Junction process left running
 * ({@link GateProcesses}).
 */
public final class Recovery {
  /** A ref lock older than this has no writer: git and JGit hold them for milliseconds. */
  static final Duration STALE_LOCK = Duration.ofSeconds(30);

  private Recovery() {}

  /**
   * What was found ({@link Found}, by doctor) or found and dealt with ({@link Resumed}, by resume).
   * Each lists the unfinished landings and rollbacks (and, resumed, what became of each), candidate
   * refs of no unfinished landing, scratch copies of gates whose process is gone, ref lock
   * files older than {@link #STALE_LOCK}, and gate processes (or their records) whose Junction
   * process is gone.
   */
  public sealed interface Report {
    List<String> landings();

    List<String> rollbacks();

    List<String> candidates();

    List<String> copies();

    List<String> locks();

    /** Gate processes started by a Junction process that is gone, and their records. */
    List<GateProcess> processes();

    Disposition disposition();

    default boolean clean() {
      return landings().isEmpty() && rollbacks().isEmpty() && candidates().isEmpty() && copies().isEmpty() && locks().isEmpty()
          && processes().isEmpty();
    }
  }

  /**
   * A gate process a dead Junction process left ({@link GateProcesses}), or its record.
   *
   * @param record the record's file
   * @param pid the gate command's pid (0 when the record is unreadable)
   * @param group its process group (0: none of its own)
   * @param gate the gate's name
   * @param landing the landing whose process started it, when a landing did
   * @param since when the command started, as the operating system said
   * @param running the pids of it found running (doctor) or still running after resume ended them
   * @param state {@code running} (doctor: processes of it run), {@code ended} (resume ended them),
   *     {@code gone} (nothing of it runs; resume removes the record), {@code unreadable}
   *     (resume removes the record, killing nothing), {@code not-ended} (resume could not end all)
   * @param problem why the record is unreadable, else empty
   */
  public record GateProcess(String record, long pid, long group, String gate, String commit, Optional<String> landing,
      String since, List<Long> running, String state, String problem) {
    public GateProcess {
      running = List.copyOf(running);
    }
  }

  /** What doctor found: clean is done, anything left is "no" (something to resume). */
  @JsonTypeName("found")
  public record Found(List<String> landings, List<String> rollbacks, List<String> candidates, List<String> copies,
      List<String> locks, List<GateProcess> processes) implements Report {
    /** Nothing about rollbacks or gate processes. */
    public Found(List<String> landings, List<String> candidates, List<String> copies, List<String> locks) {
      this(landings, List.of(), candidates, copies, locks, List.of());
    }

    @Override
    public Disposition disposition() {
      return clean() ? Disposition.DONE : Disposition.NO;
    }
  }

  /** What resume completed, undid and removed: done, whatever it found. */
  @JsonTypeName("resumed")
  public record Resumed(List<String> landings, List<String> rollbacks, List<String> candidates, List<String> copies,
      List<String> locks, List<GateProcess> processes) implements Report {
    @Override
    public Disposition disposition() {
      return Disposition.DONE;
    }
  }

  /** Lists what a crash left, changing nothing. */
  public static Found doctor(Repository repo, EventStore store, Clock clock) throws IOException {
    return (Found) scan(repo, store, clock, false, null, m -> { });
  }

  /** Completes or undoes unfinished rollbacks and landings, and removes what they left. */
  public static Resumed resume(Repository repo, EventStore store, PersonIdent who, Clock clock, Consumer<String> progress)
      throws IOException {
    return (Resumed) scan(repo, store, clock, true, who, progress);
  }

  private static Report scan(Repository repo, EventStore store, Clock clock, boolean act, PersonIdent who,
      Consumer<String> progress) throws IOException {
    // Gate processes first: nothing a dead lander started keeps running while its landing is finished or undone.
    List<GateProcess> processes = processes(repo, store, act);
    // Rollbacks next: a landing whose automatic revert was cut short is finished by its rollback's journal.
    List<String> rollbacks = rollbacks(repo, store, clock, act, who);
    List<String> landings = new ArrayList<>();
    List<String> open = new ArrayList<>();
    List<String> running = new ArrayList<>();
    for (Stored<StoreEvent.LandStarted> started : store.events(StoreEvent.LandStarted.class)) {
      List<Stored<StoreEvent.LandStep>> journal = store.events(StoreEvent.LandStep.class, started.subject());
      if (journal.stream().anyMatch(e -> ends(e.event()))) {
        continue;
      }
      if (running(started.event().pid())) {
        running.add(started.subject()); // another process is landing it right now: leave it alone
        continue;
      }
      open.add(started.subject());
      landings.add(act ? finish(repo, store, started, journal, who, clock, progress)
          : started.subject() + ": unfinished after " + journal.get(journal.size() - 1).kind());
    }
    List<String> candidates = new ArrayList<>();
    for (Ref ref : repo.getRefDatabase().getRefsByPrefix(Landing.CANDIDATES)) {
      String id = ref.getName().substring(Landing.CANDIDATES.length());
      if (running.contains(id)) {
        continue;
      }
      if (!open.contains(id) || act) {
        candidates.add(ref.getName());
        if (act) {
          Refs.delete(repo, ref.getName(), ref.getObjectId());
        }
      }
    }
    List<String> copies = new ArrayList<>();
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, Runner.COPY_PREFIX + "*")) {
      for (Path d : dirs) {
        String rest = d.getFileName().toString().substring(Runner.COPY_PREFIX.length());
        int dash = rest.indexOf('-');
        long pid = dash > 0 && rest.substring(0, dash).matches("\\d+") ? Long.parseLong(rest.substring(0, dash)) : -1;
        if (pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
        copies.add(d.toString());
        if (act) {
          FileUtils.delete(d.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
        }
      }
    }
    List<String> locks = new ArrayList<>();
    Instant old = clock.instant().minus(STALE_LOCK);
    try (Stream<Path> files = Files.walk(repo.getDirectory().toPath().resolve("refs"))) {
      for (Path lock : files.filter(p -> p.toString().endsWith(".lock")).toList()) {
        if (Files.getLastModifiedTime(lock).toInstant().isBefore(old)) {
          locks.add(lock.toString());
          if (act) {
            Files.deleteIfExists(lock);
          }
        }
      }
    }
    Path packed = repo.getDirectory().toPath().resolve("packed-refs.lock");
    if (Files.exists(packed) && Files.getLastModifiedTime(packed).toInstant().isBefore(old)) {
      locks.add(packed.toString());
      if (act) {
        Files.deleteIfExists(packed);
      }
    }
    return act ? new Resumed(landings, rollbacks, candidates, copies, locks, processes)
        : new Found(landings, rollbacks, candidates, copies, locks, processes);
  }

  /** How long a left-over gate process has between resume's SIGTERM and its SIGKILL. */
  static final Duration GATE_GRACE = Duration.ofSeconds(5);

  /**
   * The gate processes whose Junction process is gone: listed, or (with {@code act}) ended
   * (SIGTERM, then SIGKILL after {@link #GATE_GRACE}) and their records removed. A record naming
   * a pid that now has another start time is someone else's process: only the record goes.
   */
  private static List<GateProcess> processes(Repository repo, EventStore store, boolean act) throws IOException {
    List<GateProcess> out = new ArrayList<>();
    List<Stored<StoreEvent.LandStarted>> landings = null;
    for (GateProcesses.Left left : GateProcesses.left(GateProcesses.folder(repo.getDirectory().toPath()))) {
      String file = left.file().toString();
      if (left instanceof GateProcesses.Unreadable u) {
        out.add(new GateProcess(file, 0, 0, "", "", Optional.empty(), "", List.of(), "unreadable", u.problem()));
        if (act) {
          Files.deleteIfExists(left.file());
        }
        continue;
      }
      GateProcesses.Started s = left instanceof GateProcesses.Alive a ? a.started() : ((GateProcesses.Gone) left).started();
      List<Long> running = left instanceof GateProcesses.Alive a ? a.pids() : List.of();
      if (landings == null) {
        landings = store.events(StoreEvent.LandStarted.class);
      }
      // The landing its Junction process started last: the one the gate ran for.
      Optional<String> landing = landings.stream().filter(l -> l.event().pid() == s.owner())
          .map(Stored::subject).reduce((x, y) -> y);
      String state = running.isEmpty() ? "gone" : "running";
      if (act) {
        if (!running.isEmpty()) {
          running = GateProcesses.end(s, GATE_GRACE);
          state = running.isEmpty() ? "ended" : "not-ended";
        }
        if (running.isEmpty()) {
          Files.deleteIfExists(left.file());
        }
      }
      out.add(new GateProcess(file, s.pid(), s.group(), s.gate(), s.commit(), landing, s.since(), running, state, ""));
    }
    return out;
  }

  /** Completes a landing whose target moved to its candidate; undoes any other. */
  private static String finish(Repository repo, EventStore store, Stored<StoreEvent.LandStarted> started,
      List<Stored<StoreEvent.LandStep>> journal, PersonIdent who, Clock clock, Consumer<String> progress)
      throws IOException {
    Journal j = new Journal(store, started.subject(), clock, who.getEmailAddress());
    String targetName = started.event().target();
    Optional<StoreEvent.LandCandidate> made = journal.stream().map(Stored::event)
        .filter(StoreEvent.LandCandidate.class::isInstance).map(StoreEvent.LandCandidate.class::cast).reduce((a, b) -> b);
    Optional<ObjectId> candidate = made.map(StoreEvent.LandCandidate::candidate).filter(ObjectId::isId)
        .map(ObjectId::fromString);
    Optional<PlanSource.Tip> target = targetName == null ? Optional.empty() : PlanSource.resolve(repo, targetName);
    if (candidate.isEmpty() || target.isEmpty() || !landedOn(repo, candidate.get(), target.get().id())) {
      j.aborted("resumed after a crash: undone, the target never moved");
      return started.subject() + ": undone (the target never moved)";
    }
    ObjectId merge = candidate.get();
    // A batch journals its chain of merges and the tip they were built on; a single landing, only its merge.
    List<String> journaled = made.get().merges();
    List<ObjectId> merges = journaled.isEmpty() ? List.of(merge) : journaled.stream().map(ObjectId::fromString).toList();
    String built = made.get().base();
    ObjectId base = built == null || built.isEmpty() ? parentOf(repo, merges.get(0)) : ObjectId.fromString(built);
    // The automatic revert had landed before the crash, and resume finished its journal: record it.
    Optional<StoreEvent.RolledBack> reverted = store.events(StoreEvent.RolledBack.class, merge.name()).stream()
        .map(Stored::event).reduce((a, b) -> b);
    if (reverted.isPresent()) {
      j.record(new StoreEvent.LandRolledBack(merge.name(), true));
      return started.subject() + ": validation failed; reverted by " + abbreviate(reverted.get().revert())
          + " (the revert had landed before the crash)";
    }
    // The plan the landing was judged by: the one at the tip its candidate was built on (DESIGN.md:
    // resume uses the recorded one), never the merge's, which the landed branch may have changed.
    PlanLoad load = PlanSource.atTip(repo, new PlanSource.Tip(targetName, target.get().refName(), base));
    if (!(load instanceof PlanLoad.Loaded loaded)) {
      j.aborted("resumed: the target's plan is invalid; validate by hand");
      return started.subject() + ": landed, but the target's plan is invalid: validate by hand";
    }
    Plan plan = loaded.plan();
    progress.accept(started.subject() + ": landed before the crash; running post-merge validation");
    List<Gate> validation = plan.gates().stream().filter(Gate::postMerge).toList();
    List<Verdict> verdicts = Gates.runGates(repo, store, validation, merge, base, targetName,
        /* onTarget= */ true, /* rerun= */ false, clock, progress);
    if (verdicts.stream().allMatch(Verdict::passed)) {
      endRequests(repo, store, merges, merge, who, clock);
      j.record(new StoreEvent.LandDone(merge.name(), true));
      return started.subject() + ": completed (validated " + merge.abbreviate(10).name() + ")";
    }
    Rollback.Outcome rolled = Rollback.revert(repo, store, plan, targetName, merges,
        "post-merge validation failed (resumed after a crash)", verdicts, who, clock);
    j.record(new StoreEvent.LandRolledBack(merge.name(), true));
    return started.subject() + ": validation failed; " + (rolled instanceof Rollback.Done d
        ? "reverted by " + d.revert().substring(0, 10) : "revert failed: " + ((Rollback.Failed) rolled).reason());
  }

  /**
   * Marks landed the merge requests that a completed landing's merges name in their
   * {@code Junction-Request} trailers: the crash may have come before the landing ended them.
   * Requests no longer open are left as they are.
   */
  private static void endRequests(Repository repo, EventStore store, List<ObjectId> merges, ObjectId merge, PersonIdent who,
      Clock clock) throws IOException {
    try (RevWalk walk = new RevWalk(repo)) {
      for (ObjectId m : merges) {
        for (String number : Trailers.values(walk.parseCommit(m).getFullMessage(), Trailers.REQUEST)) {
          Optional<Reviews.Request> request = number.matches("\\d{1,18}")
              ? store.reviews().request(Long.parseLong(number)) : Optional.empty();
          if (request.isPresent() && request.get().isOpen()) {
            Requests.landed(store, request.get(), merge.name(), who, clock);
          }
        }
      }
    }
  }

  /** Whether a step ends its landing: every landing ends with exactly one of these. */
  private static boolean ends(StoreEvent.LandStep step) {
    return step instanceof StoreEvent.LandDone || step instanceof StoreEvent.LandAborted
        || step instanceof StoreEvent.LandRolledBack;
  }

  /** Whether the process that started a landing (rollback) still runs it (then it is not a crash). */
  private static boolean running(long pid) {
    return pid > 0 && pid != ProcessHandle.current().pid()
        && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /**
   * The rollbacks whose journal has no end ({@code rollback.aborted}, or a {@code rollback} event
   * naming it) and whose process is gone: listed, or (with {@code act}) completed when the revert
   * is on the target (the compare-and-swap happened) and undone otherwise.
   */
  private static List<String> rollbacks(Repository repo, EventStore store, Clock clock, boolean act, PersonIdent who)
      throws IOException {
    Set<String> documented = new HashSet<>();
    for (Stored<StoreEvent.RolledBack> r : store.events(StoreEvent.RolledBack.class)) {
      if (r.event().journal() != null) {
        documented.add(r.event().journal());
      }
    }
    Map<String, List<Stored<StoreEvent.RollbackStep>>> journals = new LinkedHashMap<>();
    for (Stored<StoreEvent.RollbackStep> step : store.events(StoreEvent.RollbackStep.class)) {
      journals.computeIfAbsent(step.subject(), k -> new ArrayList<>()).add(step);
    }
    List<String> out = new ArrayList<>();
    for (var entry : journals.entrySet()) {
      String id = entry.getKey();
      List<Stored<StoreEvent.RollbackStep>> steps = entry.getValue();
      Optional<Stored<StoreEvent.RollbackStep>> intent = steps.stream()
          .filter(s -> s.event() instanceof StoreEvent.RollbackMoving).reduce((a, b) -> b);
      if (documented.contains(id) || intent.isEmpty()
          || steps.stream().anyMatch(s -> s.event() instanceof StoreEvent.RollbackAborted)) {
        continue;
      }
      StoreEvent.RollbackMoving moving = (StoreEvent.RollbackMoving) intent.get().event();
      if (running(moving.pid())) {
        continue;
      }
      String what = id + ": rollback of " + abbreviate(moving.merge()) + " on " + moving.target();
      if (!act) {
        out.add(what + ", unfinished after " + steps.get(steps.size() - 1).kind());
        continue;
      }
      Journal j = new Journal(store, id, clock, who.getEmailAddress());
      Optional<PlanSource.Tip> target = PlanSource.resolve(repo, moving.target());
      ObjectId revert = ObjectId.fromString(moving.revert());
      if (target.isPresent() && landedOn(repo, revert, target.get().id())) {
        PlanLoad plan = PlanSource.atTip(repo, new PlanSource.Tip(moving.target(), target.get().refName(),
            ObjectId.fromString(moving.from())));
        Rollback.document(repo, store, id, moving, intent.get().at(),
            plan instanceof PlanLoad.Loaded l ? Optional.of(l.plan()) : Optional.empty(), who, clock);
        out.add(what + ": completed (reverted by " + abbreviate(moving.revert()) + ", recorded)");
      } else {
        j.record(new StoreEvent.RollbackAborted("resumed after a crash: undone, the target never moved"));
        out.add(what + ": undone (the target never moved)");
      }
    }
    return out;
  }

  private static String abbreviate(String id) {
    return id == null ? "?" : id.substring(0, Math.min(10, id.length()));
  }

  /** The first parent of a merge: the target before it, the base its new lines are counted from. */
  private static ObjectId parentOf(Repository repo, ObjectId merge) throws IOException {
    try (RevWalk walk = new RevWalk(repo)) {
      return walk.parseCommit(merge).getParent(0).getId();
    }
  }

  private static boolean landedOn(Repository repo, ObjectId candidate, ObjectId tip) throws IOException {
    try (RevWalk walk = new RevWalk(repo)) {
      return repo.getObjectDatabase().has(candidate) && walk.isMergedInto(walk.parseCommit(candidate), walk.parseCommit(tip));
    }
  }
}
