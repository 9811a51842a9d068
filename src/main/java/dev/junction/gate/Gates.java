package dev.junction.gate;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.junction.git.BranchScan;
import dev.junction.git.Diffs;
import dev.junction.git.PlanSource;
import dev.junction.git.TargetPlan;
import dev.junction.plan.DidYouMean;
import dev.junction.plan.Disposition;
import dev.junction.plan.Gate;
import dev.junction.plan.InputError;
import dev.junction.plan.Plan;
import dev.junction.plan.Problem;
import dev.junction.plan.Stage;
import dev.junction.store.EventStore;
import dev.junction.store.StoreEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * The gate service: runs a target's gates on a commit and records each verdict as an event. The
 * gates and their thresholds always come from the target's plan, so a branch cannot weaken the
 * gates it is judged by; a gate that passed on the same commit under the same configuration is
 * not run again.
 */
public final class Gates {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private Gates() {}

  /**
   * What to run.
   *
   * @param name one gate by name, or all
   * @param stage the gates a stage requires, or all
   * @param on the ref or commit to run them on
   * @param into the target whose plan holds the gates (default: the plan's coordination branch)
   * @param rerun run even what already passed on this commit
   * @param failFast stop at the first gate that fails (the plan's {@code gating.fail_fast} also can)
   */
  public record Request(Optional<String> name, Optional<Stage> stage, String on, Optional<String> into, boolean rerun,
      boolean failFast) {
    /** Runs every gate, whatever fails. */
    public Request(Optional<String> name, Optional<Stage> stage, String on, Optional<String> into, boolean rerun) {
      this(name, stage, on, into, rerun, false);
    }
  }

  /** How a run ended. */
  public sealed interface Outcome {
    Disposition disposition();
  }

  /**
   * Bad input, in domain words ({@code on}, {@code gate}, {@code target}), or an invalid plan.
   * Nothing ran.
   */
  @JsonTypeName("invalid")
  public record Invalid(List<Problem> errors) implements Outcome {
    public Invalid {
      errors = List.copyOf(errors);
    }

    @Override
    public Disposition disposition() {
      return Disposition.INVALID;
    }
  }

  /**
   * What a run's notes say when the plan has no gate for the stage asked for ({@code gate --stage},
   * a landing's stage): {@code no gate ran: the plan has no gate for stage component}.
   */
  public static final String NO_GATE = "no gate ran: the plan has no gate for stage ";

  /**
   * The verdicts; field names are the {@code gate --json} contract.
   *
   * @param notes what the run did not do and why ({@link #NO_GATE}: no gate ran for the stage)
   */
  @JsonTypeName("report")
  public record Report(String on, String commit, String target, String base, List<Verdict> verdicts, List<String> notes)
      implements Outcome {
    public Report {
      verdicts = List.copyOf(verdicts);
      notes = List.copyOf(notes);
    }

    @Override
    public Disposition disposition() {
      return verdicts.stream().allMatch(Verdict::passed) ? Disposition.DONE : Disposition.NO;
    }
  }

  public static Outcome run(Repository repo, EventStore store, Request request, Clock clock, Consumer<String> progress)
      throws IOException {
    Optional<PlanSource.Tip> on = PlanSource.resolve(repo, request.on());
    if (on.isEmpty()) {
      return invalid("on", "no ref '" + request.on() + "' in this repository"
          + DidYouMean.hint(request.on(), PlanSource.branchNames(repo)));
    }
    TargetPlan.Found found = TargetPlan.load(repo, request.into());
    if (found instanceof TargetPlan.Invalid bad) {
      return new Invalid(List.copyOf(bad.errors()));
    }
    Optional<PlanSource.Tip> target = Optional.of(((TargetPlan.Loaded) found).tip());
    Plan plan = ((TargetPlan.Loaded) found).plan();
    List<Gate> gates = plan.gates().stream()
        .filter(g -> request.name().map(g.name()::equals).orElse(true))
        .filter(g -> request.stage().map(g.stages()::contains).orElse(true))
        .toList();
    if (request.name().isPresent() && gates.isEmpty()) {
      Optional<Gate> named = plan.gates().stream().filter(g -> g.name().equals(request.name().get())).findFirst();
      if (named.isPresent()) { // it exists, in other stages: the stage is what is wrong
        return invalid("stage", "gate '" + named.get().name() + "' is not in stage " + request.stage().get().word()
            + " (its stages: " + (named.get().stages().isEmpty() ? "none"
                : String.join(", ", named.get().stages().stream().map(Stage::word).sorted().toList())) + ")");
      }
      return invalid("gate", "no gate '" + request.name().get() + "' in " + plan.source()
          + " (gates: " + String.join(", ", plan.gates().stream().map(Gate::name).toList()) + ")");
    }
    List<ObjectId> bases = BranchScan.mergeBases(repo, on.get().id(), target.get().id());
    ObjectId base = bases.isEmpty() ? target.get().id() : bases.get(0);
    List<Verdict> verdicts = runGates(repo, store, gates, on.get().id(), base, target.get().branch(),
        on.get().id().equals(target.get().id()), request.rerun(),
        request.failFast() || plan.gating().failFast(target.get().branch()), clock, progress);
    // A stage with no gate is not a pass of its gates: the run says none ran, as a landing does.
    List<String> notes = request.stage().isPresent() && request.name().isEmpty() && gates.isEmpty()
        ? List.of(NO_GATE + request.stage().get().word()) : List.of();
    return new Report(on.get().branch(), on.get().id().name(), target.get().branch(), base.name(), verdicts, notes);
  }

  /**
   * Runs {@code gates} on {@code commit}, judging new lines against {@code base}; used by
   * {@code junction gate} and by landing, on the candidate merge.
   *
   * @param onTarget whether {@code commit} is the target's tip itself (its passing runs are baselines)
   */
  public static List<Verdict> runGates(Repository repo, EventStore store, List<Gate> gates, ObjectId commit, ObjectId base,
      String target, boolean onTarget, boolean rerun, Clock clock, Consumer<String> progress) throws IOException {
    return runGates(repo, store, gates, commit, base, target, onTarget, rerun, false, clock, progress);
  }

  /**
   * {@link #runGates(Repository, EventStore, List, ObjectId, ObjectId, String, boolean, boolean, Clock, Consumer)}
   * in {@link #ordered} order; with {@code failFast}, the gates after the first that fails are not
   * run and their verdicts say so ({@link Verdict#skipped}), never a pass.
   */
  public static List<Verdict> runGates(Repository repo, EventStore store, List<Gate> gates, ObjectId commit, ObjectId base,
      String target, boolean onTarget, boolean rerun, boolean failFast, Clock clock, Consumer<String> progress)
      throws IOException {
    List<Diffs.Added> added = null; // read once, and only if some gate runs: reused verdicts need no diff
    List<Verdict> verdicts = new ArrayList<>();
    Optional<String> failed = Optional.empty();
    for (Gate gate : ordered(store, gates)) {
      if (failed.isPresent()) {
        progress.accept(gate.name() + ": skipped, " + failed.get() + " failed (fail-fast)");
        verdicts.add(Verdict.skipped(gate.name(), failed.get()));
        continue;
      }
      // A verdict holds for this configuration, judged for this target from this base (new lines differ otherwise).
      String hash = configHash(gate) + ":" + target + ":" + base.name();
      Optional<EventStore.GateRun> earlier = rerun ? Optional.empty() : store.passedRun(commit.name(), gate.name(), hash);
      if (earlier.isPresent()) {
        verdicts.add(new Verdict(gate.name(), Verdict.Status.PASSED, List.of(),
            List.of("passed already on this commit under this configuration (" + earlier.get().at() + ")"),
            metrics(earlier.get().metrics()), "", true, 0));
        continue;
      }
      progress.accept(gate.name() + ": running on " + commit.abbreviate(10).name());
      if (added == null) {
        added = Diffs.added(repo, base, commit);
      }
      Verdict verdict = runOne(repo, store, gate, commit, target, added, clock, progress);
      store.recordGateRun(clock.instant(), commit.name(), hash, target, onTarget, new StoreEvent.GateVerdict(verdict.gate(),
          verdict.status().toString(), verdict.reasons(), verdict.notes(), verdict.metrics(), verdict.log(),
          verdict.reused(), verdict.millis()));
      progress.accept(gate.name() + ": " + verdict.status());
      verdicts.add(verdict);
      if (failFast && !verdict.passed()) {
        failed = Optional.of(gate.name());
      }
    }
    return verdicts;
  }

  /**
   * The order gates run in, cheap first: by spec 4.1's hierarchy (a gate's earliest stage:
   * {@code component}, then {@code integration}, then {@code phase}; a gate of no stage last), then
   * by measured cost, the duration of its latest recorded run under its present configuration
   * ({@link EventStore#lastMillis}), shortest first; a lint-only gate costs nothing. Of one rank,
   * gates of unknown cost (never run so) come after those measured, in plan order; ties keep plan
   * order.
   */
  public static List<Gate> ordered(EventStore store, List<Gate> gates) {
    record Ranked(Gate gate, int stage, boolean known, long millis, int index) {}
    List<Ranked> ranked = new ArrayList<>();
    for (int i = 0; i < gates.size(); i++) {
      Gate g = gates.get(i);
      int stage = g.stages().stream().mapToInt(Stage::ordinal).min().orElse(Stage.values().length);
      java.util.OptionalLong cost = g.command().isEmpty() ? java.util.OptionalLong.of(0)
          : store.lastMillis(g.name(), configHash(g) + ":");
      ranked.add(new Ranked(g, stage, cost.isPresent(), cost.orElse(Long.MAX_VALUE), i));
    }
    ranked.sort(java.util.Comparator.comparingInt(Ranked::stage)
        .thenComparing(r -> !r.known())
        .thenComparingLong(Ranked::millis)
        .thenComparingInt(Ranked::index));
    return ranked.stream().map(Ranked::gate).toList();
  }

  private static Verdict runOne(Repository repo, EventStore store, Gate gate, ObjectId commit, String target,
      List<Diffs.Added> added, Clock clock, Consumer<String> progress) throws IOException {
    long start = System.nanoTime(); // how long it ran is measured, not read off the (maybe fixed) clock
    List<String> reasons = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Map<String, Double> metrics = new TreeMap<>();
    String log = "";
    List<String> tail = List.of();
    if (gate.lint().isPresent()) {
      List<DiffLint.LintFinding> found = DiffLint.check(added.stream()
          .map(a -> new DiffLint.AddedLine(a.path(), a.line(), a.text())).toList());
      for (DiffLint.LintFinding x : found) {
        String line = x.rule().word() + " " + x.path() + ":" + x.line() + " " + x.excerpt();
        (gate.lint().get().block().contains(x.rule().word()) ? reasons : notes).add(line);
      }
    }
    if (!gate.command().isEmpty()) {
      Path logFile = repo.getDirectory().toPath().resolve("junction/logs")
          .resolve(commit.name()).resolve(gate.name().replaceAll("[^A-Za-z0-9._-]", "_") + ".log");
      log = logFile.toString();
      Optional<EventStore.GateRun> baseline = store.lastPassed(target, gate.name());
      Judge.Inputs inputs = new Judge.Inputs(added, baseline.map(b -> metrics(b.metrics())),
          baseline.map(EventStore.GateRun::commitId).orElse(""));
      long logged = Files.exists(logFile) ? Files.size(logFile) : 0; // the log is appended to: this run's part starts here
      Judge.Findings f = Runner.run(repo, commit, gate, logFile, progress,
          (run, tree) -> Judge.judge(gate, run, tree, inputs));
      reasons.addAll(f.reasons);
      notes.addAll(f.notes);
      metrics.putAll(f.metrics);
      // A failure no report explains shows what the command printed last, not only where the log is.
      if (f.unexplained && !f.reasons.isEmpty()) {
        tail = LogTail.of(logFile, logged);
      }
    }
    return new Verdict(gate.name(), reasons.isEmpty() ? Verdict.Status.PASSED : Verdict.Status.FAILED,
        reasons, notes, metrics, log, tail, false, (System.nanoTime() - start) / 1_000_000);
  }

  /** A digest of everything that decides a gate's verdict, in a fixed order. */
  static String configHash(Gate gate) {
    StringBuilder b = new StringBuilder();
    b.append(gate.name()).append('\n').append(gate.command()).append('\n').append(gate.workdir()).append('\n')
        .append(gate.timeout()).append('\n').append(new TreeMap<>(gate.env())).append('\n')
        .append(gate.stages().stream().map(Stage::word).sorted().toList()).append('\n').append(gate.postMerge()).append('\n')
        .append(gate.reports()).append('\n');
    Gate.Thresholds t = gate.thresholds();
    b.append(t.newLineCoverage()).append(t.overallCoverage()).append(t.failOnSeverity()).append(t.maxRegression())
        .append(new TreeMap<>(t.slo())).append(t.higherIsBetter().stream().sorted().toList()).append('\n')
        .append(gate.lint().map(l -> l.block().stream().sorted().toList().toString()).orElse("no lint"));
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * The runs among {@code runs} made under {@code target}'s configuration: of a gate its plan
   * holds, with that gate's configuration as the plan has it now, judged for that target. A run
   * under another plan (a branch's own {@code junction.yaml}, an earlier version of the target's)
   * is left out, whatever it says. Order kept.
   */
  public static List<EventStore.GateRun> underTarget(Plan plan, String target, List<EventStore.GateRun> runs) {
    Map<String, String> prefixes = new TreeMap<>();
    plan.gates().forEach(g -> prefixes.put(g.name(), configHash(g) + ":" + target + ":"));
    return runs.stream().filter(r -> r.target().equals(target) && prefixes.containsKey(r.gate())
        && r.configHash().startsWith(prefixes.get(r.gate()))).toList();
  }

  private static Invalid invalid(String field, String message) {
    return new Invalid(List.of(new InputError(field, message)));
  }

  private static Map<String, Double> metrics(String json) {
    try {
      return JSON.readValue(json, new TypeReference<Map<String, Double>>() { });
    } catch (JsonProcessingException e) {
      return Map.of();
    }
  }
}
