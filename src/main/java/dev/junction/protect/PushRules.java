package dev.junction.protect;

import dev.junction.git.PushScan;
import dev.junction.plan.Conventions;
import dev.junction.plan.Deliverables;
import dev.junction.plan.Plan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The push rules of spec 5.1-5.3 and appendix A, as a pure function of one ref update, who pushes,
 * what the update brings (read from git by {@link dev.junction.git.PushScan}) and the plan. Nothing here
 * touches git or the store.
 *
 * <ul>
 *   <li>only branches ({@code refs/heads/}) and tags are pushed; a branch spelled like a protected
 *       one in another case is refused as that branch would be;
 *   <li>tags are pushed by plan members only, never deleted, and never named like a protected
 *       branch nor ending with one's name;
 *   <li>coordination and main: no deletion, no force push, and no direct push at all: they move
 *       only through {@code junction land} inside the hub, unless an emergency override is open;
 *   <li>branch names follow appendix A: coordination, main, session branches, task branches,
 *       {@code feature/...}, {@code hotfix/...};
 *   <li>a session branch is pushed by its session's members, who may rewrite it; it may not bring
 *       in another session's commits that are not on coordination ("only merge from the
 *       coordination branch");
 *   <li>optional: signed commits, and subjects in spec 6.2's convention (merge commits excepted),
 *       checked on every commit the update brings to the branch, whatever tag or other branch
 *       holds it already (only what the protected branches hold is not judged again).
 * </ul>
 */
public final class PushRules {
  /**
   * The end of a refusal of a pusher who is no plan member: how the hub learns who pushes, since a
   * push over SSH or a local path names only the operating-system user ({@code git}).
   */
  public static final String WHO_PUSHES = " (the hub takes who pushes from REMOTE_USER under HTTP or GL_USER under gitolite,"
      + " or from the variable `git config junction.userVariable NAME` names in the hub; else the OS user)";

  private PushRules() {}

  /** One line of a pre-receive hook's input; ids are 40 hex digits, all zeros for none. */
  public record Update(String oldId, String newId, String ref) {
    public static final String ZERO = "0".repeat(40);

    public boolean deletes() {
      return newId.equals(ZERO);
    }

    public boolean creates() {
      return oldId.equals(ZERO);
    }
  }

  /** An open emergency override of a branch. */
  public record Grant(String branch, String grantedBy, String reason, Instant until) {}

  /** The answer for one update. */
  public record Decision(Update update, boolean accepted, String message, boolean underOverride) {
    static Decision accept(Update u, String why) {
      return new Decision(u, true, why, false);
    }

    static Decision refuse(Update u, String why) {
      return new Decision(u, false, why, false);
    }
  }

  public static Decision decide(Plan plan, Update u, Optional<String> pusher, PushScan.Facts facts, List<Grant> overrides,
      Instant now) {
    return decide(PushPlan.of(plan), u, pusher, facts, overrides, now);
  }

  static Decision decide(PushPlan plan, Update u, Optional<String> pusher, PushScan.Facts facts, List<Grant> overrides,
      Instant now) {
    if (u.ref().startsWith("refs/tags/")) {
      return tag(plan, u, pusher);
    }
    if (!u.ref().startsWith("refs/heads/")) {
      return Decision.refuse(u, u.ref() + ": only branches (refs/heads/) and tags are pushed to this hub");
    }
    String branch = u.ref().substring("refs/heads/".length());
    Optional<String> protectedName = protectedName(plan, branch);
    if (protectedName.isPresent()) {
      if (!protectedName.get().equals(branch)) {
        return Decision.refuse(u, "'" + branch + "' is another spelling of the protected branch " + protectedName.get());
      }
      Optional<Grant> open = overrides.stream()
          .filter(o -> o.branch().equals(branch) && now.isBefore(o.until())).findFirst();
      if (open.isPresent() && u.deletes() && branch.equals(plan.coordination())) {
        return Decision.refuse(u, branch + " is the coordination branch: not even an emergency override deletes it (its"
            + " junction.yaml judges every push; without it every push is refused)");
      }
      if (open.isPresent()) {
        return new Decision(u, true, "emergency override by " + open.get().grantedBy() + " until " + open.get().until()
            + " (" + open.get().reason() + "): this push is logged", true);
      }
      if (u.deletes()) {
        return Decision.refuse(u, branch + " is protected: it is never deleted (spec 5.1)");
      }
      if (!u.creates() && !facts.fastForward()) {
        return Decision.refuse(u, branch + " is protected: no force push, its history is never rewritten (spec 5.1)");
      }
      return Decision.refuse(u, branch + " is protected: no direct push (spec 5.1); it moves only through"
          + " junction land, which gates the merge and moves it inside the hub");
    }
    Optional<String> member = pusher.flatMap(p -> memberEmail(plan, p));
    if (member.isEmpty()) {
      return Decision.refuse(u, pusher.map(p -> p + " is not a member of any session of the plan")
          .orElse("who is pushing is unknown: the hub names no user") + "; only plan members push here" + WHO_PUSHES);
    }
    Optional<PushPlan.Owners> session = sessionOfBranch(plan, branch);
    boolean work = session.isPresent() || plan.taskBranches().contains(branch) || matchesSessionPattern(plan, branch)
        || startsWithPrefix(branch, plan.featurePrefix()) || startsWithPrefix(branch, plan.hotfixPrefix());
    if (!work) {
      return Decision.refuse(u, "'" + branch + "' does not follow the branch naming conventions (appendix A): "
          + conventions(plan));
    }
    Optional<String> pusherSession = sessionOfMember(plan, member.get());
    if (session.isPresent() && !pusherSession.filter(session.get().id()::equals).isPresent()) {
      return Decision.refuse(u, branch + " is " + session.get().id() + "'s branch: only its members push to it (spec 5.2), not "
          + member.get() + (pusherSession.map(s -> " of " + s).orElse("")));
    }
    if (u.deletes()) {
      return Decision.accept(u, "deleted by its owner");
    }
    if (!facts.foreign().isEmpty()) {
      List<String> shown = new ArrayList<>();
      facts.foreign().stream().limit(3).forEach(f -> shown.add(f.commit().substring(0, 10) + " of " + f.branch()));
      return Decision.refuse(u, "only merge from the coordination branch (spec 1.2, 5.2): this push brings "
          + facts.foreign().size() + " commit" + (facts.foreign().size() == 1 ? "" : "s") + " of another session's branch"
          + " that coordination does not hold (" + String.join(", ", shown) + (facts.foreign().size() > 3 ? ", ..." : "") + ")");
    }
    if (facts.beyondLimit()) {
      return Decision.refuse(u, "this push brings more than " + PushScan.LIMIT + " commits to " + branch
          + ", more than the guard judges in one update: push it in parts");
    }
    if (plan.signedCommits()) {
      List<String> unsigned = facts.commits().stream().filter(c -> !c.signed()).map(c -> c.id().substring(0, 10)).toList();
      if (!unsigned.isEmpty()) {
        return Decision.refuse(u, "signed commits are required (protection.signed_commits): " + String.join(", ",
            unsigned.size() > 5 ? unsigned.subList(0, 5) : unsigned) + (unsigned.size() > 5 ? ", ..." : "") + " not signed");
      }
    }
    if (plan.messageConvention()) {
      for (PushScan.Commit c : facts.commits()) {
        if (c.merge() && c.subject().startsWith("Merge ") || c.merge() && c.subject().startsWith("chore(sync):")) {
          continue;
        }
        Optional<String> problem = Conventions.problem(c.subject());
        if (problem.isPresent()) {
          return Decision.refuse(u, "commit " + c.id().substring(0, 10) + " '" + c.subject() + "' is " + problem.get()
              + " (protection.message_convention)");
        }
      }
    }
    return Decision.accept(u, !u.creates() && !facts.fastForward() ? "rewritten by its owner (force-with-lease is fine)"
        : "accepted");
  }

  /**
   * The trust rule at the guard (DESIGN.md, "Landed work"): landed state is read from a protected
   * branch's first-parent chain, where only {@code junction land} writes, inside the hub. An update
   * accepted onto a protected branch (under an emergency override: nothing else gets there) is
   * refused when it would put there a commit that state is read from: a merge carrying
   * {@code Junction-Task} or {@code Junction-Stage: phase}, or a revert carrying
   * {@code Junction-Revert}. Such a push would mark tasks merged or un-merge them without Junction;
   * the same commits on a session's branch, or brought by a merge on a second-parent side, are data
   * and pass.
   *
   * @param stateWrites those commits, newest first (read by {@link dev.junction.git.History#stateWrites})
   */
  public static Decision trustRule(Decision d, List<String> stateWrites) {
    if (!d.accepted() || stateWrites.isEmpty()) {
      return d;
    }
    String shown = String.join(", ", stateWrites.stream().limit(3).map(id -> id.substring(0, 10)).toList())
        + (stateWrites.size() > 3 ? ", ..." : "");
    return Decision.refuse(d.update(), "this push would put " + (stateWrites.size() == 1 ? "a commit" : stateWrites.size()
        + " commits") + " carrying Junction-Task, Junction-Revert or a phase stage on the first-parent chain of "
        + d.update().ref().substring("refs/heads/".length()) + " (" + shown + "): only junction land writes those, even under"
        + " an override (they would mark tasks merged or reverted); land the work with junction land, or push a merge of it"
        + " without those trailers");
  }

  /**
   * The refusal of an update, accepted under an override, that would leave an invalid plan on the
   * protected branch (the guard names each problem before it): an invalid plan never reaches a
   * protected branch, so that the guard and the overrides keep working.
   */
  static Decision invalidPlan(Update u, String branch) {
    return Decision.refuse(u, "the push would leave an invalid " + Plan.FILE_NAME + " on " + branch + " (problems"
        + " above): not even an emergency override takes it; fix the file and push again");
  }

  /**
   * A tag: pushed only by plan members, never deleted, and never named like a protected branch or
   * ending with one ({@code coord}, {@code origin/coord}, {@code x/main}): git resolves a short name
   * to a tag before a branch or a remote-tracking branch, so in a fresh clone such a tag would stand
   * for {@code origin/coord}.
   */
  private static Decision tag(PushPlan plan, Update u, Optional<String> pusher) {
    String name = u.ref().substring("refs/tags/".length());
    if (u.deletes()) {
      return Decision.refuse(u, "tags are never deleted here");
    }
    Optional<String> member = pusher.flatMap(p -> memberEmail(plan, p));
    if (member.isEmpty()) {
      return Decision.refuse(u, pusher.map(p -> p + " is not a member of any session of the plan")
          .orElse("who is pushing is unknown: the hub names no user") + "; only plan members push tags here" + WHO_PUSHES);
    }
    for (String p : List.of(plan.coordination(), plan.main())) {
      String n = normal(name);
      String b = normal(p);
      if (n.equals(b) || n.endsWith("/" + b)) {
        return Decision.refuse(u, "the tag '" + name + "' is named like the protected branch " + p + ": git resolves a"
            + " name to a tag before a branch or remote-tracking branch, so in a clone it would stand for " + p
            + "; name tags otherwise");
      }
    }
    return Decision.accept(u, "tag");
  }

  /** The protected branch a name stands for, also when spelled in another case. */
  static Optional<String> protectedName(PushPlan plan, String branch) {
    for (String p : List.of(plan.coordination(), plan.main())) {
      if (normal(p).equals(normal(branch))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static String normal(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("/+", "/").replaceAll("^/|/$", "");
  }

  private static boolean startsWithPrefix(String branch, String prefix) {
    return !prefix.isEmpty() && branch.startsWith(prefix) && branch.length() > prefix.length();
  }

  static Optional<PushPlan.Owners> sessionOfBranch(PushPlan plan, String branch) {
    return plan.sessions().stream().filter(s -> s.branch().filter(branch::equals).isPresent()).findFirst();
  }

  private static String conventions(PushPlan plan) {
    List<String> names = new ArrayList<>();
    names.add(plan.coordination());
    names.add(plan.main());
    plan.sessions().forEach(s -> s.branch().ifPresent(names::add));
    return "the coordination branch, main, a session's branch (" + String.join(", ", plan.sessionPatterns().isEmpty()
        ? names.subList(2, names.size()) : plan.sessionPatterns()) + "), " + plan.featurePrefix()
        + "<component>-<description> or " + plan.hotfixPrefix() + "<issue-description>";
  }

  /**
   * The plan member a pusher is: an e-mail address as written, or a user name that is the local part
   * of exactly one member's address (the OS user of a local push).
   */
  static Optional<String> memberEmail(PushPlan plan, String pusher) {
    List<String> members = plan.sessions().stream().flatMap(s -> s.members().stream()).toList();
    for (String m : members) {
      if (m.equalsIgnoreCase(pusher)) {
        return Optional.of(m);
      }
    }
    List<String> byName = members.stream()
        .filter(m -> m.substring(0, m.indexOf('@') < 0 ? m.length() : m.indexOf('@')).equalsIgnoreCase(pusher)).toList();
    return byName.size() == 1 ? Optional.of(byName.get(0)) : Optional.empty();
  }

  static Optional<String> sessionOfMember(PushPlan plan, String email) {
    return plan.sessions().stream().filter(s -> s.members().stream().anyMatch(m -> m.equalsIgnoreCase(email)))
        .map(PushPlan.Owners::id).findFirst();
  }

  /** Whether a branch name is one the plan's session patterns would give a session. */
  static boolean matchesSessionPattern(PushPlan plan, String branch) {
    return plan.sessionPatterns().stream().anyMatch(p -> Deliverables.covers(p, branch));
  }
}
