package dev.junction.review;

import dev.junction.plan.CodeOwners;
import dev.junction.plan.Member;
import dev.junction.plan.Plan;
import dev.junction.plan.PlanFiles;
import dev.junction.plan.Role;
import dev.junction.plan.Session;
import dev.junction.plan.Stage;
import dev.junction.plan.Task;
import dev.junction.plan.TaskType;
import dev.junction.store.Reviews;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a merge request's reviews meet the policy (spec 7.1, 5.1, 5.3), as a plain function of
 * the plan, the request, its reviews and findings, what it changes now ({@link Change}) and
 * CODEOWNERS. Every unmet rule is reported, each saying exactly what is missing.
 *
 * <ul>
 *   <li>approvals count for the commit they reviewed: only a reviewer's approval of the source's
 *       current tip counts; one of an earlier commit is stale (a note says so), and so is one that
 *       names no commit (recorded before Junction kept it);
 *   <li>{@code review.min_approvals} for the request's type as the plan makes it ({@link #types}:
 *       the task's type, or phase, or fix), and never less than a label given when it opened asks
 *       (a type the plan does not list needs none); a reviewer's latest verdict is the one that
 *       counts;
 *   <li>the author's sessions are the sessions that own the request's task and its source branch
 *       in the plan, and the session of whoever opened it: with {@code review.other_session}, an
 *       approval from any of them never counts, and the one who opened it never approves it;
 *   <li>a reviewer whose latest verdict requests changes holds the request, whatever commit it was for;
 *   <li>a security request needs an approval from a member with the {@code security-reviewer} role;
 *   <li>each changed path that CODEOWNERS assigns (last matching rule; a rename is matched on its
 *       old path and its new one) needs an approval from one of its owners, unless a session that
 *       owns the work in the plan is among them (it is changing its own code);
 *   <li>the size is measured on the current tip: a request that grew extra-large needs a justification;
 *   <li>a change to a plan file ({@link PlanFiles}: {@code junction.yaml}, CODEOWNERS, gate
 *       tooling) needs an approval from a coordinator, unless the author's session is one;
 *   <li>a critical finding blocks until its reviewer accepts it resolved.
 * </ul>
 */
public final class ReviewRules {
  private ReviewRules() {}

  /**
   * What a request changes as it stands.
   *
   * @param tip the source commit judged, the one approvals must be for; empty when the source branch is gone
   * @param paths the paths it changes against its target from their merge base, a rename by its
   *     old path and its new one
   * @param lines changed lines (added plus deleted) on that tip
   */
  public record Change(Optional<String> tip, List<String> paths, int lines) {
    public Change {
      paths = List.copyOf(paths);
    }

    /** A change whose source branch is gone: no commit to count approvals for, the size as it was opened. */
    public static Change gone(Reviews.Request request) {
      return new Change(Optional.empty(), List.of(), request.lines());
    }

    public SizeClass size() {
      return SizeClass.of(lines);
    }
  }

  /**
   * The answer.
   *
   * @param missing what stands between the request and landing; empty when the policy is met
   * @param approvals the approvals that count, as {@code reviewer (session)}
   * @param notes what did not count and why, and owners the plan does not know
   * @param commit the source commit judged: approvals count for it alone (empty: the branch is gone)
   * @param lines the changed lines measured on that commit
   * @param size their size class (spec 6.3)
   */
  public record Verdict(List<String> missing, List<String> approvals, List<String> notes, Optional<String> commit,
      int lines, String size) {
    public boolean met() {
      return missing.isEmpty();
    }
  }

  /** How many approvals the plan asks for a request type. */
  public static int required(Plan plan, String type) {
    return plan.review().minApprovals().getOrDefault(type, 0);
  }

  /**
   * The request types a change is, from the plan alone: {@code phase} from coordination into main,
   * else its task's type ({@code integration}, {@code docs}, else {@code component}), else
   * {@code fix} from a hotfix branch, else {@code component}; and the landing's stage when it is
   * integration or phase. Never a label the author picked.
   */
  public static List<String> types(Plan plan, String source, String target, Optional<Task> task, Optional<Stage> stage) {
    Set<String> out = new LinkedHashSet<>();
    if (source.equals(plan.branches().coordination()) && target.equals(plan.branches().main())) {
      out.add(RequestType.PHASE.word());
    } else if (task.isPresent()) {
      out.add(task.get().type() == TaskType.INTEGRATION ? RequestType.INTEGRATION.word()
          : task.get().type() == TaskType.DOCS ? RequestType.DOCS.word() : RequestType.COMPONENT.word());
    } else if (source.startsWith(plan.branches().hotfixPrefix())) {
      out.add(RequestType.FIX.word());
    } else {
      out.add(RequestType.COMPONENT.word());
    }
    stage.filter(s -> s != Stage.COMPONENT).ifPresent(s -> out.add(s.word()));
    return List.copyOf(out);
  }

  /**
   * The type whose {@code review.min_approvals} a request needs: of the plan's {@link #types} and
   * the label it was opened with, the one asking most (the plan's first on a tie). A label can
   * only ask for more.
   */
  public static String requiredType(Plan plan, Reviews.Request request, Optional<Stage> stage) {
    List<String> candidates = new ArrayList<>(types(plan, request.source(), request.target(),
        request.task().flatMap(plan::task), stage));
    candidates.add(request.type());
    String best = candidates.get(0);
    for (String t : candidates) {
      if (required(plan, t) > required(plan, best)) {
        best = t;
      }
    }
    return best;
  }

  /**
   * The sessions that own the request's work in the plan: its task's owner and the session whose
   * branch (or whose task's branch) the source is. Empty when the plan names none (a phase
   * request, a branch of no task).
   */
  public static Set<String> owners(Plan plan, Reviews.Request request) {
    Set<String> out = new LinkedHashSet<>();
    request.task().flatMap(plan::task).ifPresent(t -> out.add(t.owner()));
    plan.sessions().stream().filter(s -> s.branch().filter(request.source()::equals).isPresent())
        .forEach(s -> out.add(s.id()));
    plan.tasks().stream().filter(t -> t.branch().filter(request.source()::equals).isPresent())
        .forEach(t -> out.add(t.owner()));
    return out;
  }

  /**
   * The author's sessions: those that own the work ({@link #owners}) and the session of whoever
   * opened the request. Reviewers come from outside them.
   */
  public static Set<String> authorSessions(Plan plan, Reviews.Request request) {
    Set<String> out = new LinkedHashSet<>(owners(plan, request));
    out.add(request.session());
    return out;
  }

  public static Verdict evaluate(Plan plan, Reviews.Request request, List<Reviews.Review> reviews,
      List<Reviews.Finding> findings, Change change, Optional<CodeOwners> codeOwners) {
    return evaluate(plan, request, reviews, findings, change, codeOwners, Optional.empty());
  }

  /**
   * The verdict; {@code stage} is the landing's, when a landing asks (an integration or phase
   * landing needs at least that stage's approvals).
   */
  public static Verdict evaluate(Plan plan, Reviews.Request request, List<Reviews.Review> reviews,
      List<Reviews.Finding> findings, Change change, Optional<CodeOwners> codeOwners, Optional<Stage> stage) {
    List<String> missing = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    if (!request.isOpen()) {
      missing.add("request #" + request.number() + " is " + request.state());
    }
    Set<String> authors = authorSessions(plan, request);
    String others = String.join(", ", authors);
    Map<String, Reviews.Review> latest = new LinkedHashMap<>();
    for (Reviews.Review r : reviews) {
      if (!r.verdict().equals("comment")) {
        // e-mail addresses compare without case, as everywhere else in the plan
        latest.put(r.reviewer().toLowerCase(java.util.Locale.ROOT), r);
      }
    }
    List<Reviews.Review> counted = new ArrayList<>();
    for (Reviews.Review r : latest.values()) {
      if (r.verdict().equals("request-changes")) {
        missing.add(r.reviewer() + " (" + r.session() + ") requested changes: a new review by them must approve");
      } else if (r.reviewer().equalsIgnoreCase(request.author())) {
        notes.add("the approval by " + r.reviewer() + " does not count: authors do not approve their own requests");
      } else if (plan.review().otherSession() && authors.contains(r.session())) {
        notes.add("the approval by " + r.reviewer() + " does not count: " + r.session()
            + " is the author's session (spec 7.1: reviewers come from another session)");
      } else if (r.commit().isEmpty()) {
        notes.add("the approval by " + r.reviewer() + " does not count: it names no reviewed commit (recorded before"
            + " Junction kept one): " + r.reviewer() + " reviews again");
      } else if (change.tip().isEmpty()) {
        notes.add("the approval by " + r.reviewer() + " does not count: branch " + request.source()
            + " is gone, so no commit is there to approve");
      } else if (!r.commit().get().equals(change.tip().get())) {
        notes.add("the approval by " + r.reviewer() + " is stale: it reviewed " + abbreviate(r.commit().get()) + ", and "
            + request.source() + " is at " + abbreviate(change.tip().get()) + " now: " + r.reviewer()
            + " reviews the new commits");
      } else {
        counted.add(r);
      }
    }
    String type = requiredType(plan, request, stage);
    int required = required(plan, type);
    if (!type.equals(request.type()) && required(plan, request.type()) < required) {
      notes.add("opened as " + article(request.type()) + " " + request.type() + " request; the plan makes it "
          + article(type) + " " + type + " one (" + why(plan, request, type) + "), so its approvals count");
    }
    if (counted.size() < required) {
      missing.add("needs " + required + " approval" + (required == 1 ? "" : "s") + " for " + article(type)
          + " " + type
          + " request (review.min_approvals." + type + ")" + (plan.review().otherSession()
              ? " from sessions other than " + others : "") + "; has " + counted.size());
    }
    if ((request.type().equals(RequestType.SECURITY.word()) || type.equals(RequestType.SECURITY.word()))
        && counted.stream().noneMatch(r -> hasRole(plan, r.reviewer(), Role.SECURITY_REVIEWER))) {
      List<String> experts = members(plan, Role.SECURITY_REVIEWER).stream()
          .filter(m -> !sessionOf(plan, m.email()).filter(authors::contains).isPresent() || !plan.review().otherSession())
          .map(Member::email).toList();
      missing.add("a security request needs an approval from a security-reviewer"
          + (experts.isEmpty() ? " (the plan has none outside " + others + ")" : " (" + String.join(", ", experts) + ")"));
    }
    if (change.size() == SizeClass.EXTRA_LARGE && request.justification().filter(j -> !j.isBlank()).isEmpty()) {
      missing.add(request.source() + " has grown to " + change.lines() + " changed lines, an extra-large request (1000 or"
          + " more, spec 6.3) with no justification: split it, or close it and open it again with --justification");
    }
    Set<String> owning = owners(plan, request);
    codeOwners.ifPresent(owners -> owned(plan, owning.isEmpty() ? Set.of(request.session()) : owning, counted,
        change.paths(), owners, missing, notes));
    planChange(plan, request, counted, change.paths()).ifPresent(missing::add);
    for (Reviews.Finding f : findings) {
      if (f.severity().equals("critical") && !f.state().equals("accepted")) {
        String where = f.path().map(p -> p + f.line().map(l -> ":" + l).orElse("") + " ").orElse("");
        missing.add("critical finding #" + f.id() + " by " + f.raisedBy() + " (" + where + f.text() + ") "
            + (f.state().equals("resolved") ? "is resolved by the author and waits for " + f.raisedBy() + " to accept it"
                : "is open: the author resolves it, then " + f.raisedBy() + " accepts"));
      }
    }
    return new Verdict(List.copyOf(missing), counted.stream().map(r -> r.reviewer() + " (" + r.session() + ")").toList(),
        List.copyOf(notes), change.tip(), change.lines(), change.size().word());
  }

  /** Why the plan makes a request {@code type}. */
  private static String why(Plan plan, Reviews.Request request, String type) {
    Optional<Task> task = request.task().flatMap(plan::task);
    if (type.equals(RequestType.PHASE.word()) && request.source().equals(plan.branches().coordination())) {
      return request.source() + " into " + request.target() + " completes a phase";
    }
    if (task.isPresent() && types(plan, request.source(), request.target(), task, Optional.empty()).contains(type)) {
      return "task " + task.get().id() + " is a " + task.get().type().word() + " task";
    }
    if (type.equals(RequestType.FIX.word())) {
      return request.source() + " is a hotfix branch";
    }
    return "the landing's stage is " + type;
  }

  private static String abbreviate(String commit) {
    return commit.length() > 10 ? commit.substring(0, 10) : commit;
  }

  /** CODEOWNERS: each owned path needs an owner's approval unless {@code owning} (the work's sessions) owns it. */
  private static void owned(Plan plan, Set<String> owning, List<Reviews.Review> counted, List<String> paths,
      CodeOwners owners, List<String> missing, List<String> notes) {
    Map<CodeOwners.Rule, List<String>> byRule = new LinkedHashMap<>();
    for (String path : paths) {
      owners.match(path).filter(r -> !r.owners().isEmpty())
          .ifPresent(rule -> byRule.computeIfAbsent(rule, r -> new ArrayList<>()).add(path));
    }
    Set<String> unknown = new LinkedHashSet<>();
    for (Map.Entry<CodeOwners.Rule, List<String>> e : byRule.entrySet()) {
      List<String> ruleOwners = e.getKey().owners();
      ruleOwners.stream().filter(o -> CodeOwners.sessionOf(plan, o).isEmpty()).forEach(unknown::add);
      boolean authorOwns = ruleOwners.stream()
          .anyMatch(o -> CodeOwners.sessionOf(plan, o).filter(owning::contains).isPresent());
      boolean approved = counted.stream().anyMatch(r -> ruleOwners.stream().anyMatch(o -> stands(plan, o, r)));
      if (!authorOwns && !approved) {
        List<String> shown = e.getValue().size() > 3 ? e.getValue().subList(0, 3) : e.getValue();
        missing.add(String.join(", ", shown) + (e.getValue().size() > 3 ? " and " + (e.getValue().size() - 3) + " more" : "")
            + " owned by " + String.join(" ", ruleOwners) + " (CODEOWNERS line " + e.getKey().line() + ", "
            + e.getKey().pattern() + "): needs an approval from one of them"
            + (ruleOwners.stream().allMatch(unknown::contains)
                ? ", but none of them is a member or session of the plan, so no approval can count: name a session"
                    + " (@session-id) or a member's e-mail in CODEOWNERS"
                : ""));
      }
    }
    unknown.forEach(o -> notes.add("CODEOWNERS owner " + o + " is not a member or session of the plan: Junction cannot"
        + " tell when they approve"));
  }

  /**
   * A plan change (spec 5.3, DESIGN "The plan"): a change to a file that judges the branch
   * ({@code junction.yaml}, any CODEOWNERS, gate tooling, {@code protection.plan_files}; see
   * {@link PlanFiles}) is owned by the coordinators, as CODEOWNERS owns paths: it needs an approval
   * that counts from a member with the coordinator role, unless the request's session holds that
   * role itself. This is the one rule for plan changes; the landing applies it too when no request
   * is open.
   *
   * @return what is missing, or empty when the change touches no plan file or is approved
   */
  public static Optional<String> planChange(Plan plan, Reviews.Request request, List<Reviews.Review> counted,
      List<String> changedPaths) {
    List<PlanFiles.Hit> hits = PlanFiles.touched(plan, changedPaths);
    if (hits.isEmpty() || isCoordinatorSession(plan, request.session())
        || counted.stream().anyMatch(r -> hasRole(plan, r.reviewer(), Role.COORDINATOR))) {
      return Optional.empty();
    }
    return Optional.of(planChangeMessage(plan, hits) + "; has none");
  }

  /** How the plan-change rule's unmet condition starts. */
  public static final String PLAN_CHANGE = "changes plan files, ";

  /** What a plan change needs, naming the plan files changed and the coordinators who can approve. */
  public static String planChangeMessage(Plan plan, List<PlanFiles.Hit> hits) {
    List<String> shown = hits.stream().limit(3).map(PlanFiles.Hit::toString).toList();
    List<String> coordinators = members(plan, Role.COORDINATOR).stream().map(Member::email).toList();
    return PLAN_CHANGE + String.join(", ", shown) + (hits.size() > 3 ? " and " + (hits.size() - 3) + " more" : "")
        + ": a plan change needs an approval from a coordinator ("
        + (coordinators.isEmpty() ? "the plan names none" : String.join(", ", coordinators)) + ")";
  }

  /** Whether the session with this id holds the coordinator role. */
  static boolean isCoordinatorSession(Plan plan, String session) {
    return plan.sessions().stream().anyMatch(s -> s.id().equals(session) && s.roles().contains(Role.COORDINATOR));
  }

  /** Whether reviewer {@code r} stands for owner {@code o}: the owner's e-mail, or a member of the owner's session. */
  private static boolean stands(Plan plan, String owner, Reviews.Review r) {
    if (owner.equalsIgnoreCase(r.reviewer())) {
      return true;
    }
    return owner.startsWith("@") && CodeOwners.sessionOf(plan, owner).filter(r.session()::equals).isPresent();
  }

  private static String article(String word) {
    return !word.isEmpty() && "aeiou".indexOf(Character.toLowerCase(word.charAt(0))) >= 0 ? "an" : "a";
  }

  /** Whether the member with this e-mail has the role, by themselves or through their session. */
  public static boolean hasRole(Plan plan, String email, Role role) {
    return members(plan, role).stream().anyMatch(m -> m.email().equalsIgnoreCase(email));
  }

  /** The members with a role, their own or their session's, in plan order. */
  public static List<Member> members(Plan plan, Role role) {
    return plan.sessions().stream().flatMap(s -> s.members().stream()
        .filter(m -> m.roles().contains(role) || s.roles().contains(role))).toList();
  }

  /** The plan member with this e-mail address. */
  public static Optional<Member> member(Plan plan, String email) {
    return plan.sessions().stream().flatMap(s -> s.members().stream())
        .filter(m -> m.email().equalsIgnoreCase(email)).findFirst();
  }

  /** The session of the member with this e-mail address. */
  public static Optional<String> sessionOf(Plan plan, String email) {
    for (Session s : plan.sessions()) {
      if (s.members().stream().anyMatch(m -> m.email().equalsIgnoreCase(email))) {
        return Optional.of(s.id());
      }
    }
    return Optional.empty();
  }
}
