package dev.junction.land;

import dev.junction.plan.Criterion;
import dev.junction.plan.Deliverables;
import dev.junction.plan.Phase;
import dev.junction.plan.Plan;
import dev.junction.plan.Session;
import dev.junction.plan.Stage;
import dev.junction.plan.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The landing policy (spec 1.1, 1.2, appendix A): direction, naming, stage prerequisites,
 * dependency order and the phase criteria, decided from records alone. Every unmet condition is
 * reported, not the first.
 */
final class Policy {
  static final String SESSION_TO_SESSION = "Session → Session merges are never allowed (spec 1.2): "
      + "land into the coordination branch, and sessions take it from there with junction sync";

  private Policy() {}

  /**
   * What stands against a landing.
   *
   * @param refusals rules the landing breaks: it will not land as asked (exit 1)
   * @param blockers dependencies not yet merged into the target, phase criteria not met: it may land later (exit 3)
   * @param criteria for a phase landing, each criterion with whether it is met
   */
  record Verdict(List<String> refusals, List<String> blockers, List<String> criteria) {
    boolean passes() {
      return refusals.isEmpty() && blockers.isEmpty();
    }
  }

  /** One source of a landing and the tasks it delivers. */
  record Delivery(String source, List<Task> tasks) {}

  /**
   * What the source of a phase landing shows, for its criteria.
   *
   * @param merged tasks merged into the source's tip
   * @param files the paths named by criteria that exist in the source's tip
   */
  record Evidence(Map<String, String> merged, Set<String> files) {
    static final Evidence NONE = new Evidence(Map.of(), Set.of());
  }

  /** The policy for one source. */
  static Verdict check(Plan plan, String source, String target, Stage stage, List<Task> tasks, Map<String, String> merged,
      Evidence evidence) {
    return judge(plan, source, target, stage, tasks, merged, Map.of(), evidence);
  }

  /**
   * The policy for an integration batch: each source as if the sources ahead of it in the batch
   * were merged already. A dependency that only a source behind it delivers is refused with the
   * order that lands them.
   */
  static Verdict batch(Plan plan, String target, List<Delivery> batch, Map<String, String> merged) {
    Set<String> refusals = new LinkedHashSet<>();
    Set<String> blockers = new LinkedHashSet<>();
    Map<String, String> deliveredBy = new LinkedHashMap<>();
    for (Delivery d : batch) {
      for (Task t : d.tasks()) {
        String earlier = deliveredBy.putIfAbsent(t.id(), d.source());
        if (earlier != null) {
          refusals.add(t.id() + " is delivered by both " + earlier + " and " + d.source() + ": a task lands once");
        }
      }
    }
    String order = order(batch);
    Map<String, String> ahead = new LinkedHashMap<>(merged);
    for (int i = 0; i < batch.size(); i++) {
      Delivery d = batch.get(i);
      Map<String, String> behind = new LinkedHashMap<>();
      for (Delivery later : batch.subList(i + 1, batch.size())) {
        later.tasks().forEach(t -> behind.putIfAbsent(t.id(), "which " + later.source() + " delivers later in this batch: "
            + order));
      }
      Verdict v = judge(plan, d.source(), target, Stage.INTEGRATION, d.tasks(), ahead, behind, Evidence.NONE);
      refusals.addAll(v.refusals());
      blockers.addAll(v.blockers());
      d.tasks().forEach(t -> ahead.putIfAbsent(t.id(), "ahead in this batch, from " + d.source()));
    }
    return new Verdict(List.copyOf(refusals), List.copyOf(blockers), List.of());
  }

  private static Verdict judge(Plan plan, String source, String target, Stage stage, List<Task> tasks,
      Map<String, String> merged, Map<String, String> behind, Evidence evidence) {
    List<String> refusals = new ArrayList<>();
    List<String> blockers = new ArrayList<>();
    List<String> criteria = new ArrayList<>();
    String coordination = plan.branches().coordination();
    String main = plan.branches().main();
    Optional<Session> targetSession = sessionOf(plan, target);
    if (targetSession.isPresent()) {
      refusals.add(isWorkBranch(plan, source) ? SESSION_TO_SESSION
          : target + " is " + targetSession.get().id() + "'s branch: sessions take coordination with junction sync");
    }
    switch (stage) {
      case COMPONENT, INTEGRATION -> {
        if (!target.equals(coordination) && targetSession.isEmpty()) {
          refusals.add(stage.word() + " landings go into the coordination branch " + coordination + ", not " + target);
        }
        if (!isWorkBranch(plan, source)) {
          refusals.add(source + " is not a session, task, feature/ or hotfix/ branch (appendix A)");
        }
        if (tasks.isEmpty()) {
          refusals.add("no task of the plan is delivered by " + source + ": name it with --task");
        }
        if (stage == Stage.COMPONENT && tasks.size() > 1) {
          refusals.add("a component landing delivers one task; " + source + " holds "
              + String.join(", ", tasks.stream().map(Task::id).toList()) + ": name one with --task, or land them with --stage integration");
        }
      }
      case PHASE -> {
        if (!source.equals(coordination) || !target.equals(main)) {
          refusals.add("a phase landing goes from " + coordination + " into " + main + " (spec 1.1, stage 3)");
        }
        List<String> missing = plan.tasks().stream().map(Task::id).filter(id -> !evidence.merged().containsKey(id)).toList();
        if (!missing.isEmpty()) {
          blockers.add("tasks not merged into " + coordination + ": " + String.join(", ", missing));
        }
        criteria.addAll(criteria(plan, source, evidence, Map.of()));
        for (Judged j : judgeCriteria(plan, source, evidence, Map.of())) {
          if (!j.unmet().isEmpty()) {
            blockers.add("phase criterion not met: " + j.criterion().text() + " (" + String.join("; ", j.unmet()) + ")");
          }
        }
      }
    }
    Set<String> together = new TreeSet<>(tasks.stream().map(Task::id).toList()); // land in the same merge
    for (Task task : tasks) {
      List<String> missing = task.dependsOn().stream().filter(d -> !merged.containsKey(d) && !together.contains(d)).toList();
      List<String> later = missing.stream().filter(behind::containsKey).toList();
      for (String dep : later) {
        refusals.add(task.id() + " depends on " + dep + ", " + behind.get(dep));
      }
      List<String> absent = missing.stream().filter(d -> !behind.containsKey(d)).toList();
      if (!absent.isEmpty()) {
        blockers.add(task.id() + " depends on " + String.join(", ", absent) + ", not merged into " + target
            + " (read from Junction-Task trailers, never from commit subjects)");
      }
      if (merged.containsKey(task.id())) {
        refusals.add(task.id() + " is merged into " + target + " already (" + merged.get(task.id()) + ")");
      }
    }
    return new Verdict(refusals, blockers, criteria);
  }

  /**
   * The phase criteria, each as {@code met: <text>} or {@code NOT met: <text> (why)}, judged from
   * the source's evidence and the verdicts of the gates that ran on the candidate.
   *
   * @param gates gate name to whether it passed; a criterion's gate that is absent did not run
   */
  static List<String> criteria(Plan plan, String source, Evidence evidence, Map<String, Boolean> gates) {
    List<String> tasks = plan.tasks().stream().map(Task::id).filter(id -> !evidence.merged().containsKey(id)).toList();
    List<String> out = new ArrayList<>();
    out.add((tasks.isEmpty() ? "met: " : "NOT met: ") + "every task of the plan merged into " + source
        + (tasks.isEmpty() ? "" : " (missing " + String.join(", ", tasks) + ")"));
    judgeCriteria(plan, source, evidence, gates).forEach(j -> out.add(j.line()));
    return out;
  }

  /** The gates phase criteria name as evidence, each once. */
  static Set<String> criterionGates(Plan plan) {
    Set<String> out = new TreeSet<>();
    plan.phases().forEach(p -> p.criteria().forEach(c -> out.addAll(c.gates())));
    return out;
  }

  /** The paths phase criteria name as evidence, each once. */
  static Set<String> criterionFiles(Plan plan) {
    Set<String> out = new TreeSet<>();
    plan.phases().forEach(p -> p.criteria().forEach(c -> out.addAll(c.files())));
    return out;
  }

  /**
   * A criterion judged.
   *
   * @param unmet evidence that is missing or failed
   * @param pending gates that did not run, so neither held nor failed
   */
  private record Judged(Criterion criterion, List<String> unmet, List<String> pending) {
    String line() {
      List<String> why = new ArrayList<>(unmet);
      why.addAll(pending);
      return why.isEmpty() ? "met: " + criterion.text() : "NOT met: " + criterion.text() + " (" + String.join("; ", why) + ")";
    }
  }

  private static List<Judged> judgeCriteria(Plan plan, String source, Evidence evidence, Map<String, Boolean> gates) {
    List<Judged> out = new ArrayList<>();
    for (Phase phase : plan.phases()) {
      for (Criterion c : phase.criteria()) {
        List<String> unmet = new ArrayList<>();
        if (!c.hasEvidence()) {
          unmet.add("no evidence configured: give it tasks, gates or files");
        }
        List<String> tasks = plan.tasks().stream().map(Task::id)
            .filter(id -> c.tasks().stream().anyMatch(g -> Criterion.matches(g, id)))
            .filter(id -> !evidence.merged().containsKey(id)).toList();
        if (!tasks.isEmpty()) {
          unmet.add("not merged into " + source + ": " + String.join(", ", tasks));
        }
        List<String> files = c.files().stream().filter(f -> !evidence.files().contains(f)).toList();
        if (!files.isEmpty()) {
          unmet.add("missing from " + source + ": " + String.join(", ", files));
        }
        List<String> failed = c.gates().stream().filter(g -> Boolean.FALSE.equals(gates.get(g))).toList();
        if (!failed.isEmpty()) {
          unmet.add((failed.size() == 1 ? "gate " : "gates ") + String.join(", ", failed) + " failed on the candidate");
        }
        List<String> notRun = c.gates().stream().filter(g -> !gates.containsKey(g)).toList();
        List<String> pending = notRun.isEmpty() ? List.of() : List.of((notRun.size() == 1 ? "gate " : "gates ")
            + String.join(", ", notRun) + " not run: they run on the phase candidate once everything else holds");
        out.add(new Judged(c, unmet, pending));
      }
    }
    return out;
  }

  /**
   * The order that lands a batch's sources after what they depend on: the given order where the
   * dependencies allow it, as a sentence to put in a refusal.
   */
  static String order(List<Delivery> batch) {
    int n = batch.size();
    Map<String, Integer> owner = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      for (Task t : batch.get(i).tasks()) {
        owner.putIfAbsent(t.id(), i);
      }
    }
    boolean[][] before = new boolean[n][n]; // before[j][i]: source j must land before source i
    int[] needs = new int[n];
    for (int i = 0; i < n; i++) {
      for (Task t : batch.get(i).tasks()) {
        for (String dep : t.dependsOn()) {
          Integer j = owner.get(dep);
          if (j != null && j != i && !before[j][i]) {
            before[j][i] = true;
            needs[i]++;
          }
        }
      }
    }
    List<String> order = new ArrayList<>();
    boolean[] placed = new boolean[n];
    for (int round = 0; round < n; round++) {
      int next = -1;
      for (int i = 0; i < n && next < 0; i++) {
        if (!placed[i] && needs[i] == 0) {
          next = i;
        }
      }
      if (next < 0) {
        return "their tasks depend on each other across sources, so no order lands them: deliver those tasks from one branch";
      }
      placed[next] = true;
      order.add(batch.get(next).source());
      for (int i = 0; i < n; i++) {
        if (before[next][i]) {
          needs[i]--;
        }
      }
    }
    return "land them in the order " + String.join(" ", order);
  }

  /** Branches work is done on: sessions', tasks', and feature/ or hotfix/ ones. */
  static boolean isWorkBranch(Plan plan, String branch) {
    return sessionOf(plan, branch).isPresent()
        || plan.tasks().stream().anyMatch(t -> t.branch().filter(branch::equals).isPresent())
        || branch.startsWith(plan.branches().featurePrefix()) || branch.startsWith(plan.branches().hotfixPrefix())
        || plan.branches().sessionPatterns().stream().anyMatch(p -> Deliverables.covers(p, branch))
            && !branch.equals(plan.branches().coordination());
  }

  static Optional<Session> sessionOf(Plan plan, String branch) {
    return plan.sessions().stream().filter(s -> s.branch().filter(branch::equals).isPresent()).findFirst();
  }
}
