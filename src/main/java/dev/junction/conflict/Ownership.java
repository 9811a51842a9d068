package dev.junction.conflict;

import dev.junction.git.CheckReads;
import dev.junction.git.CodeOwnersFile;
import dev.junction.plan.CodeOwners;
import dev.junction.plan.Deliverables;
import dev.junction.plan.Member;
import dev.junction.plan.Plan;
import dev.junction.plan.Session;
import dev.junction.plan.Task;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * Who owns a path: the sessions whose tasks deliver it (the plan's task matrix), else the owners
 * CODEOWNERS names at the target's tip. Spec 3.2, type 1: the owner's changes take precedence.
 * Ownership is advice: a check reports it beside the verdict and a landing does not wait for it;
 * owner approval is enforced only where the review policy asks for it (CODEOWNERS reviews).
 */
final class Ownership {
  private final Optional<CodeOwners> codeOwners;
  private final String codeOwnersFile;
  private final List<String> notes;

  private Ownership(Optional<CodeOwners> codeOwners, String codeOwnersFile, List<String> notes) {
    this.codeOwners = codeOwners;
    this.codeOwnersFile = codeOwnersFile;
    this.notes = List.copyOf(notes);
  }

  /** Reads CODEOWNERS (GitHub's locations, first found) at the target's tip. */
  static Ownership at(Repository repo, Optional<Plan> plan, ObjectId target) throws IOException {
    return at(CheckReads.jgit(repo), plan, target);
  }

  /** {@link #at(Repository, Optional, ObjectId)}, read with {@code reads}. */
  static Ownership at(CheckReads reads, Optional<Plan> plan, ObjectId target) throws IOException {
    Optional<CodeOwnersFile.Found> found = CodeOwnersFile.at(reads, target);
    if (found.isEmpty()) {
      return new Ownership(Optional.empty(), "", List.of());
    }
    String location = found.get().location();
    CodeOwners owners = found.get().owners();
    List<String> notes = new ArrayList<>();
    owners.problems().forEach(p -> notes.add(p + " (line skipped, as GitHub does)"));
    plan.ifPresent(p -> owners.rules().stream().flatMap(r -> r.owners().stream()).distinct()
        .filter(o -> sessionOfOwner(p, o).isEmpty())
        .forEach(o -> notes.add(location + ": owner " + o + " is not a member or session of the plan")));
    return new Ownership(Optional.of(owners), location, notes);
  }

  List<String> notes() {
    return notes;
  }

  /** A finding when {@code path} belongs to others than the source's session. */
  Optional<Finding.Ownership> finding(String path, Optional<String> sourceSession, Optional<Plan> plan) {
    if (sourceSession.isEmpty() || plan.isEmpty()) {
      return Optional.empty();
    }
    String mine = sourceSession.get();
    Set<String> owners = new LinkedHashSet<>();
    String via = null;
    for (Task task : plan.get().tasks()) {
      for (String deliverable : task.deliverables()) {
        if (Deliverables.covers(deliverable, path)) {
          owners.add(task.owner());
          if (via == null || task.owner().equals(mine)) {
            via = task.id() + " deliverable " + deliverable;
          }
        }
      }
    }
    if (!owners.isEmpty()) {
      if (owners.contains(mine)) {
        return Optional.empty();
      }
      return Optional.of(new Finding.Ownership(path, List.copyOf(owners), via, advice(plan.get(), owners, mine)));
    }
    if (codeOwners.isEmpty()) {
      return Optional.empty();
    }
    Optional<CodeOwners.Rule> rule = codeOwners.get().match(path);
    if (rule.isEmpty() || rule.get().owners().isEmpty()
        || rule.get().owners().stream().anyMatch(o -> sessionOfOwner(plan.get(), o).filter(mine::equals).isPresent())) {
      return Optional.empty();
    }
    Set<String> sessions = new LinkedHashSet<>();
    rule.get().owners().forEach(o -> sessionOfOwner(plan.get(), o).ifPresent(sessions::add));
    return Optional.of(new Finding.Ownership(path, rule.get().owners(),
        codeOwnersFile + ":" + rule.get().line() + " (" + rule.get().pattern() + ")",
        advice(plan.get(), sessions.isEmpty() ? Set.copyOf(rule.get().owners()) : sessions, mine)));
  }

  private static String advice(Plan plan, Set<String> owners, String mine) {
    String who = String.join(", ", owners);
    return who + " owns this path: defer to the owner, notify them (spec 3.2, type 1; advice, not a conflict): " + mine
        + " rebases on " + plan.branches().coordination() + " once " + who + "'s work has landed";
  }

  /**
   * The branch name a plan would use for a ref: {@code refs/heads/s1} and {@code origin/s1} are
   * both {@code s1}.
   */
  static String branchName(dev.junction.git.PlanSource.Tip tip) {
    String ref = tip.refName();
    if (ref.startsWith("refs/heads/")) {
      return ref.substring("refs/heads/".length());
    }
    if (ref.startsWith("refs/remotes/")) {
      String rest = ref.substring("refs/remotes/".length());
      return rest.substring(rest.indexOf('/') + 1);
    }
    return tip.branch();
  }

  /** The session of a resolved branch, however it was named on the command line. */
  static Optional<String> sessionOf(Plan plan, dev.junction.git.PlanSource.Tip tip) {
    return sessionOf(plan, branchName(tip));
  }

  /** The session a branch belongs to: the session's own branch, or the branch of one of its tasks. */
  static Optional<String> sessionOf(Plan plan, String branch) {
    for (Session s : plan.sessions()) {
      if (s.branch().filter(branch::equals).isPresent()) {
        return Optional.of(s.id());
      }
    }
    return plan.tasks().stream().filter(t -> t.branch().filter(branch::equals).isPresent())
        .map(Task::owner).findFirst();
  }

  /**
   * The session a CODEOWNERS owner stands for: a member's e-mail, or a handle that is the
   * session id or starts with it ({@code @session-5-cli} is session-5).
   */
  static Optional<String> sessionOfOwner(Plan plan, String owner) {
    return CodeOwners.sessionOf(plan, owner);
  }
}
