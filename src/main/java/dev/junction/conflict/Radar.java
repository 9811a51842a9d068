package dev.junction.conflict;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.junction.git.BranchScan;
import dev.junction.git.Commits;
import dev.junction.git.History;
import dev.junction.git.MergeEnginePool;
import dev.junction.git.MergeResult;
import dev.junction.git.PlanSource;
import dev.junction.git.Reland;
import dev.junction.git.TargetPlan;
import dev.junction.plan.Disposition;
import dev.junction.plan.InputError;
import dev.junction.plan.Plan;
import dev.junction.plan.Problem;
import dev.junction.plan.Task;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;

/**
 * The conflict radar: every open branch against the target, and every pair of branches as they
 * would meet once both land (B merged into the target, then A). Each branch is merged into the
 * target once, and what landing it changes is read off the merged tree (no history walk per
 * branch, none per pair); a pair that touches no common path, folder prefixes included, needs no
 * merge; the remaining merges run on several engines at once.
 */
public final class Radar {
  private static final PersonIdent SYNTHETIC =
      new PersonIdent("Junction radar", "radar@junction.invalid", Instant.EPOCH, ZoneOffset.UTC);

  private Radar() {}

  /**
   * What to scan.
   *
   * @param branchPatterns globs over refs naming the branches, beyond the plan's own
   * @param threads how many merges run at once
   * @param planBranches whether the plan's session and task branches are scanned too
   */
  public record Request(Optional<String> into, List<String> branchPatterns, int threads, boolean planBranches) {
    public Request {
      branchPatterns = List.copyOf(branchPatterns);
    }

    public Request(Optional<String> into, List<String> branchPatterns, int threads) {
      this(into, branchPatterns, threads, true);
    }
  }

  /** How a radar ended. */
  public sealed interface Outcome {
    Disposition disposition();
  }

  /** Bad input; nothing was merged. */
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

  /** A pair's state. */
  public enum PairState {
    /** No common path: nothing to merge. */
    INDEPENDENT("independent"),
    /** Common paths, but they merge cleanly and no declaration clashes. */
    CLEAN("clean"),
    /** Git cannot merge them. */
    CONFLICT("conflict"),
    /** They merge, but both change the same declaration. */
    INTERFACE("interface");

    private final String word;

    PairState(String word) {
      this.word = word;
    }

    @Override
    public String toString() {
      return word;
    }
  }

  /** One branch against the target. */
  public record Branch(String name, String tip, int changedFiles, boolean clean, List<String> conflicts) {
    public Branch {
      conflicts = List.copyOf(conflicts);
    }
  }

  /**
   * Two branches as they meet once both land.
   *
   * @param paths conflicted paths
   * @param declarations declarations both change ({@code path: Name.method})
   */
  public record Pair(String a, String b, PairState state, List<String> paths, List<String> declarations) {
    public Pair {
      paths = List.copyOf(paths);
      declarations = List.copyOf(declarations);
    }
  }

  /** The radar; field names are the {@code radar --json} contract. */
  @JsonTypeName("report")
  public record Report(
      String target, String targetTip, String engine, List<Branch> branches, List<Pair> pairs,
      List<List<String>> groups, int merges, List<String> notes) implements Outcome {

    public Report {
      branches = List.copyOf(branches);
      pairs = List.copyOf(pairs);
      groups = List.copyOf(groups);
      notes = List.copyOf(notes);
    }

    /** NO when any branch conflicts with the target or with another. */
    @Override
    public Disposition disposition() {
      boolean conflict = branches.stream().anyMatch(b -> !b.clean())
          || pairs.stream().anyMatch(p -> p.state() == PairState.CONFLICT || p.state() == PairState.INTERFACE);
      return conflict ? Disposition.NO : Disposition.DONE;
    }
  }

  public static Outcome run(Repository repo, Request request, MergeEnginePool.Opener engines, Consumer<String> progress)
      throws IOException {
    TargetPlan.Located target = TargetPlan.find(repo, request.into());
    if (target instanceof TargetPlan.Invalid bad) {
      return new Invalid(bad.errors());
    }
    PlanSource.Tip targetTip = Check.tip(target);
    Optional<Plan> plan = Check.plan(target);
    PlanSource.Tip none = new PlanSource.Tip("", "", ObjectId.zeroId());
    List<PlanSource.Tip> tips = Check.openBranches(repo, request.planBranches() ? plan : Optional.empty(),
        request.branchPatterns(), none, targetTip);
    if (tips.isEmpty()) {
      return new Invalid(List.of(new InputError("branches",
          "no open branches: the plan names none that exist; name them with --branches 'refs/heads/topic/*'")));
    }
    List<String> notes = new ArrayList<>();
    if (plan.isEmpty()) {
      notes.add("no junction.yaml at the tip of " + targetTip.branch() + ": branches come from --branches only");
    }
    ObjectId targetId = targetTip.id();
    ObjectId targetTree = History.treeOf(repo, targetId);
    // A rolled-back task's branch is merged as `junction land TASK` lands it: on the target with its revert taken out.
    List<ObjectId> bases = new ArrayList<>();
    Set<String> refused = new HashSet<>();
    for (PlanSource.Tip tip : tips) {
      bases.add(plan.isEmpty() ? targetId : relandBase(repo, plan.get(), targetTip, tip, refused, notes));
    }
    int threads = Math.max(1, Math.min(request.threads(), tips.size()));
    try (MergeEnginePool workers = MergeEnginePool.open(engines, threads, "radar-merge")) {
      String engineName = workers.describe();
      List<MergeResult> vsTarget = new ArrayList<>(workers.all(tips.stream()
          .map(t -> (MergeEnginePool.Job) engine -> engine.merge(bases.get(tips.indexOf(t)), t.id())).toList()));
      progress.accept("merged " + tips.size() + " branches into " + targetTip.branch());
      List<ObjectId> landed = landed(repo, targetId, tips, vsTarget);
      List<Interfaces.Side> sides = new ArrayList<>();
      for (int i = 0; i < tips.size(); i++) {
        sides.add(side(repo, targetTip, targetTree, tips.get(i), vsTarget.get(i), landed.get(i)));
      }
      List<int[]> overlapping = overlapping(sides);
      AtomicInteger done = new AtomicInteger();
      List<MergeResult> pairResults = workers.all(overlapping.stream().map(p -> (MergeEnginePool.Job) engine -> {
        MergeResult r = engine.merge(landed.get(p[1]), tips.get(p[0]).id());
        int n = done.incrementAndGet();
        if (n % 50 == 0) {
          progress.accept("merged " + n + " of " + overlapping.size() + " overlapping pairs");
        }
        return r;
      }).toList());
      Interfaces.Changes changes = new Interfaces.Changes(repo);
      Map<Long, Pair> byPair = new HashMap<>();
      for (int i = 0; i < overlapping.size(); i++) {
        int[] p = overlapping.get(i);
        byPair.put(key(p[0], p[1]), pair(changes, sides.get(p[0]), sides.get(p[1]), pairResults.get(i),
            vsTarget.get(p[0]), vsTarget.get(p[1]), notes));
      }
      List<Pair> pairs = new ArrayList<>();
      for (int a = 0; a < tips.size(); a++) {
        for (int b = a + 1; b < tips.size(); b++) {
          Pair known = byPair.get(key(b, a));
          pairs.add(known != null ? known : new Pair(tips.get(a).branch(), tips.get(b).branch(),
              PairState.INDEPENDENT, List.of(), List.of()));
        }
      }
      List<Branch> branches = new ArrayList<>();
      for (int i = 0; i < tips.size(); i++) {
        branches.add(new Branch(tips.get(i).branch(), tips.get(i).id().name(), sides.get(i).changedPaths().size(),
            vsTarget.get(i).clean(), vsTarget.get(i).paths()));
      }
      notes.addAll(ownership(repo, plan, targetId, tips, sides));
      List<Branch> grouped = branches.stream().filter(b -> !refused.contains(b.name())).toList();
      return new Report(targetTip.branch(), targetId.name(), engineName, branches, pairs,
          groups(grouped, pairs), tips.size() + overlapping.size(), notes);
    }
  }

  /**
   * Where the radar merges {@code tip}: the target, or for a branch whose task is rolled back on
   * the target, the target with the revert taken out ({@link Reland}), with a note naming the
   * rollback. A branch landing would refuse (nothing fixed since, or a revert that cannot be taken
   * out) is added to {@code refused}: it is in no group.
   */
  private static ObjectId relandBase(Repository repo, Plan plan, PlanSource.Tip target, PlanSource.Tip tip,
      Set<String> refused, List<String> notes) throws IOException {
    Optional<Map.Entry<Task, dev.junction.plan.RolledBack>> rolled =
        Check.rolledBackTask(repo, plan, tip, target, Optional.empty());
    if (rolled.isEmpty()) {
      return target.id();
    }
    String task = rolled.get().getKey().id();
    dev.junction.plan.RolledBack r = rolled.get().getValue();
    String revert = r.revert().substring(0, Math.min(10, r.revert().length()));
    Reland.Base base = Reland.base(repo, target.id(), r, tip.id(), SYNTHETIC);
    if (base instanceof Reland.Onto onto) {
      notes.add("rolled back: " + tip.branch() + "'s " + task + " was reverted by " + revert
          + "; it is measured as `junction land " + task + "` lands it again"
          + (onto.restored() ? ", with the reverted work restored" : ", as it is (it holds the revert)"));
      return onto.onto();
    }
    String why = base instanceof Reland.NothingNew nothing ? nothing.reason() : ((Reland.Impossible) base).reason();
    refused.add(tip.branch());
    notes.add("rolled back: " + tip.branch() + "'s " + task + " was reverted by " + revert + " and cannot land again ("
        + why + "): it is in no group");
    return target.id();
  }

  /**
   * What landing a branch changes: the paths that differ between the target and the merge of the
   * branch into it, read off the merged tree, so no branch needs a history walk. Without a merged
   * tree (the JGit engine on a conflict) the branch is measured from its merge base instead.
   */
  private static Interfaces.Side side(Repository repo, PlanSource.Tip target, ObjectId targetTree,
      PlanSource.Tip tip, MergeResult vsTarget, ObjectId landed) throws IOException {
    if (vsTarget.tree().isEmpty()) {
      return Interfaces.Side.of(BranchScan.measure(repo, tip, target.id()));
    }
    History.Delta delta = History.delta(repo, targetTree, vsTarget.tree().get());
    Set<String> paths = new HashSet<>(delta.changed());
    paths.addAll(vsTarget.paths());
    return new Interfaces.Side(tip.branch(), target.id(), vsTarget.clean() ? landed : tip.id(), paths, delta.deleted());
  }

  private static long key(int a, int b) {
    return ((long) a << 32) | b;
  }

  /**
   * Pairs {@code {a, b}} with {@code b < a} whose changes touch a common path, where one changes
   * a path the other has as a folder (a file/directory clash), or where one empties a folder the
   * other adds to (git's directory-rename detection moves such additions).
   */
  static List<int[]> overlapping(List<Interfaces.Side> sides) {
    Map<String, List<Integer>> byPath = new HashMap<>();
    Map<String, List<Integer>> byFolder = new HashMap<>();
    List<Set<String>> folders = new ArrayList<>();
    for (int i = 0; i < sides.size(); i++) {
      for (String p : sides.get(i).changedPaths()) {
        byPath.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
      }
      Set<String> f = BranchScan.folders(sides.get(i).changedPaths());
      folders.add(f);
      for (String d : f) {
        byFolder.computeIfAbsent(d, k -> new ArrayList<>()).add(i);
      }
    }
    List<int[]> out = new ArrayList<>();
    Map<String, List<Integer>> byEmptied = new HashMap<>();
    List<Set<String>> emptied = new ArrayList<>();
    for (int i = 0; i < sides.size(); i++) {
      Set<String> e = BranchScan.folders(sides.get(i).deletedPaths());
      emptied.add(e);
      for (String d : e) {
        byEmptied.computeIfAbsent(d, k -> new ArrayList<>()).add(i);
      }
    }
    for (int a = 0; a < sides.size(); a++) {
      Set<Integer> partners = new TreeSet<>();
      for (String p : sides.get(a).changedPaths()) {
        partners.addAll(byPath.getOrDefault(p, List.of()));
        partners.addAll(byFolder.getOrDefault(p, List.of()));
      }
      for (String d : folders.get(a)) {
        partners.addAll(byPath.getOrDefault(d, List.of()));
        partners.addAll(byEmptied.getOrDefault(d, List.of()));
      }
      for (String d : emptied.get(a)) {
        partners.addAll(byFolder.getOrDefault(d, List.of()));
      }
      for (int b : partners) {
        if (b < a) {
          out.add(new int[] {a, b});
        }
      }
    }
    return out;
  }

  /**
   * For each branch, a commit standing for "the target once this branch has landed": a merge
   * commit of the target and the branch with the merged tree. A branch that conflicts with the
   * target has no such tree; its own tip stands in.
   */
  private static List<ObjectId> landed(Repository repo, ObjectId target, List<PlanSource.Tip> tips,
      List<MergeResult> vsTarget) throws IOException {
    List<ObjectId> out = new ArrayList<>();
    try (Commits.Writer writer = Commits.writer(repo)) {
      for (int i = 0; i < tips.size(); i++) {
        MergeResult r = vsTarget.get(i);
        if (!r.clean() || r.tree().isEmpty()) {
          out.add(tips.get(i).id());
          continue;
        }
        out.add(writer.merge(r.tree().get(), target, tips.get(i).id(),
            "radar: " + tips.get(i).branch() + " landed\n", SYNTHETIC));
      }
    }
    return out;
  }

  /**
   * The pair's state. Paths that already conflict between either branch and the target are left
   * out: they belong to that branch's own conflict with the target, not to the pair.
   */
  private static Pair pair(Interfaces.Changes changes, Interfaces.Side a, Interfaces.Side b, MergeResult r,
      MergeResult aVsTarget, MergeResult bVsTarget, List<String> notes) throws IOException {
    Set<String> common = new TreeSet<>(a.changedPaths());
    common.retainAll(b.changedPaths());
    // Declarations are compared only between branches that land cleanly: a conflicted merge holds markers.
    List<String> declarations = !aVsTarget.clean() || !bVsTarget.clean() ? List.of()
        : Interfaces.clashes(changes, a, b, List.copyOf(common)).stream()
            .map(f -> f.path() + ": " + f.declaration()).toList();
    if (aVsTarget.clean() && bVsTarget.clean()) {
      for (Finding.Interface f : Interfaces.overlaps(changes, a, b, List.copyOf(common))) {
        notes.add(Interfaces.overlapNote(b.branch(), a.branch(), f));
      }
    }
    List<String> paths = r.paths().stream()
        .filter(p -> !aVsTarget.paths().contains(p) && !bVsTarget.paths().contains(p)).toList();
    PairState state = !paths.isEmpty() ? PairState.CONFLICT
        : declarations.isEmpty() ? PairState.CLEAN : PairState.INTERFACE;
    return new Pair(b.branch(), a.branch(), state, paths, declarations);
  }

  /**
   * Ownership advice (spec 3.2, type 1) for each branch, as notes: the paths landing it changes
   * that another session owns. Advice only, as in {@link Check}: it changes no pair and no group.
   */
  private static List<String> ownership(Repository repo, Optional<Plan> plan, ObjectId target,
      List<PlanSource.Tip> tips, List<Interfaces.Side> sides) throws IOException {
    if (plan.isEmpty()) {
      return List.of();
    }
    Ownership ownership = Ownership.at(repo, plan, target);
    List<String> out = new ArrayList<>(ownership.notes());
    for (int i = 0; i < tips.size(); i++) {
      Optional<String> session = Ownership.sessionOf(plan.get(), tips.get(i));
      for (String path : new TreeSet<>(sides.get(i).changedPaths())) {
        String branch = tips.get(i).branch();
        ownership.finding(path, session, plan).ifPresent(o -> out.add("ownership: " + branch + " changes " + o.path()
            + ", owned by " + String.join(", ", o.owners()) + " (" + o.via() + "): defer to the owner, notify them"));
      }
    }
    return out;
  }

  /**
   * Groups of branches that conflict with none of the others in their group, so each group can
   * land in parallel: a greedy colouring of the conflict graph, most-conflicted branches first.
   * A branch that conflicts with the target is in no group: it cannot land until that conflict
   * is resolved (the report's branches say which, {@code clean} false).
   */
  static List<List<String>> groups(List<Branch> branches, List<Pair> pairs) {
    Map<String, Set<String>> edges = new HashMap<>();
    branches.stream().filter(Branch::clean).forEach(b -> edges.put(b.name(), new HashSet<>()));
    for (Pair p : pairs) {
      if ((p.state() == PairState.CONFLICT || p.state() == PairState.INTERFACE)
          && edges.containsKey(p.a()) && edges.containsKey(p.b())) {
        edges.get(p.a()).add(p.b());
        edges.get(p.b()).add(p.a());
      }
    }
    List<String> order = branches.stream().filter(Branch::clean).map(Branch::name)
        .sorted(Comparator.<String>comparingInt(n -> -edges.get(n).size()).thenComparing(Comparator.naturalOrder()))
        .toList();
    List<List<String>> groups = new ArrayList<>();
    for (String name : order) {
      List<String> home = groups.stream().filter(g -> g.stream().noneMatch(edges.get(name)::contains))
          .findFirst().orElse(null);
      if (home == null) {
        home = new ArrayList<>();
        groups.add(home);
      }
      home.add(name);
    }
    return groups.stream().map(g -> g.stream().sorted().toList()).toList();
  }
}
