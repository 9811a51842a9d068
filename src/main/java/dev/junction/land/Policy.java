package dev.junction.land;

import dev.junction.plan.Deliverables;
import dev.junction.plan.Plan;
import dev.junction.plan.Session;
import dev.junction.plan.Stage;
import dev.junction.plan.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The landing policy (spec 1.1, 1.2, appendix A): direction, naming, stage prerequisites and
 * dependency order, decided from records alone. Every unmet condition is reported, not the first.
 */
final class Policy {
  static final String SESSION_TO_SESSION = "Session → Session merges are never allowed (spec 1.2): "
      + "land into the coordination branch, and sessions take it from there with junction sync";

  private Policy() {}

  /**
   * What stands against a landing.
   *
   * @param refusals rules the landing breaks: it will not land as asked (exit 1)
   * @param blockers dependencies not yet merged into the target: it may land later (exit 3)
   * @param criteria for a phase landing, each criterion with whether it is met
   */
  record Verdict(List<String> refusals, List<String> blockers, List<String> criteria) {
    boolean passes() {
      return refusals.isEmpty() && blockers.isEmpty();
    }
  }

  static Verdict check(Plan plan, String source, String target, Stage stage, List<Task> tasks, Map<String, String> merged,
      Map<String, String> mergedIntoSource) {
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
        List<String> missing = plan.tasks().stream().map(Task::id).filter(id -> !mergedIntoSource.containsKey(id)).toList();
        criteria.add((missing.isEmpty() ? "met: " : "NOT met: ") + "every task of the plan merged into " + coordination
            + (missing.isEmpty() ? "" : " (missing " + String.join(", ", missing) + ")"));
        if (!missing.isEmpty()) {
          blockers.add("tasks not merged into " + coordination + ": " + String.join(", ", missing));
        }
        plan.phases().forEach(p -> p.criteria().forEach(c -> criteria.add("checked by the phase gates: " + c)));
      }
    }
    for (Task task : tasks) {
      List<String> missing = task.dependsOn().stream().filter(d -> !merged.containsKey(d)).toList();
      if (!missing.isEmpty()) {
        blockers.add(task.id() + " depends on " + String.join(", ", missing) + ", not merged into " + target
            + " (read from Junction-Task trailers, never from commit subjects)");
      }
      if (merged.containsKey(task.id())) {
        refusals.add(task.id() + " is merged into " + target + " already (" + merged.get(task.id()) + ")");
      }
    }
    return new Verdict(refusals, blockers, criteria);
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
