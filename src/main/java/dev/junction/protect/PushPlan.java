package dev.junction.protect;

import dev.junction.plan.Member;
import dev.junction.plan.Plan;
import dev.junction.plan.Session;
import dev.junction.plan.Task;
import java.util.List;
import java.util.Optional;

/**
 * What the push rules read of a valid plan: the protected branches, the naming conventions, the
 * sessions with their branches and members' e-mails, the task branches and the protection switches.
 * The guard remembers it per plan file (see {@link PlanMemo}), so that most pushes judge without
 * parsing {@code junction.yaml} again.
 *
 * @param sessionPatterns globs every session branch matches
 * @param taskBranches branches tasks are developed on outside their session's branch
 */
record PushPlan(
    String coordination,
    String main,
    List<String> sessionPatterns,
    String featurePrefix,
    String hotfixPrefix,
    List<Owners> sessions,
    List<String> taskBranches,
    boolean signedCommits,
    boolean messageConvention) {

  PushPlan {
    sessionPatterns = List.copyOf(sessionPatterns);
    sessions = List.copyOf(sessions);
    taskBranches = List.copyOf(taskBranches);
  }

  /** A session as the rules see it: its id, its branch if it has one, its members' e-mails. */
  record Owners(String id, Optional<String> branch, List<String> members) {
    Owners {
      members = List.copyOf(members);
    }
  }

  static PushPlan of(Plan plan) {
    return new PushPlan(plan.branches().coordination(), plan.branches().main(), plan.branches().sessionPatterns(),
        plan.branches().featurePrefix(), plan.branches().hotfixPrefix(),
        plan.sessions().stream().map(PushPlan::owners).toList(),
        plan.tasks().stream().map(Task::branch).flatMap(Optional::stream).toList(),
        plan.protection().signedCommits(), plan.protection().messageConvention());
  }

  private static Owners owners(Session s) {
    return new Owners(s.id(), s.branch(), s.members().stream().map(Member::email).toList());
  }

  /** The session branches other than {@code branch}. */
  List<String> otherSessionBranches(String branch) {
    return sessions.stream().map(Owners::branch).flatMap(Optional::stream).filter(b -> !b.equals(branch)).toList();
  }
}
