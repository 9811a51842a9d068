package dev.junction.review;

import dev.junction.plan.CodeOwners;
import dev.junction.plan.Member;
import dev.junction.plan.Plan;
import dev.junction.plan.PlanFiles;
import dev.junction.plan.Role;
import dev.junction.plan.Session;
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
 * the plan, the request, its reviews and findings, the paths it changes and CODEOWNERS. Every
 * unmet rule is reported, each saying exactly what is missing.
 *
 * <ul>
 *   <li>{@code review.min_approvals} for the request's type (a type the plan does not list needs
 *       none); a reviewer's latest verdict is the one that counts;
 *   <li>with {@code review.other_session}, an approval from the author's own session never counts,
 *       and the author never approves their own request;
 *   <li>a reviewer whose latest verdict requests changes holds the request;
 *   <li>a security request needs an approval from a member with the {@code security-reviewer} role;
 *   <li>each changed path that CODEOWNERS assigns (last matching rule) needs an approval from one of
 *       its owners, unless the author's session is among them (it is changing its own code);
 *   <li>a change to a plan file ({@link PlanFiles}: {@code junction.yaml}, CODEOWNERS, gate
 *       tooling) needs an approval from a coordinator, unless the author's session is one;
 *   <li>a critical finding blocks until its reviewer accepts it resolved.
 * </ul>
 */
public final class ReviewRules {
  private ReviewRules() {}

  /**
   * The answer.
   *
   * @param missing what stands between the request and landing; empty when the policy is met
   * @param approvals the approvals that count, as {@code reviewer (session)}
   * @param notes what did not count and why, and owners the plan does not know
   */
  public record Verdict(List<String> missing, List<String> approvals, List<String> notes) {
    public boolean met() {
      return missing.isEmpty();
    }
  }

  /** How many approvals the plan asks for a request type. */
  public static int required(Plan plan, String type) {
    return plan.review().minApprovals().getOrDefault(type, 0);
  }

  public static Verdict evaluate(Plan plan, Reviews.Request request, List<Reviews.Review> reviews,
      List<Reviews.Finding> findings, List<String> changedPaths, Optional<CodeOwners> codeOwners) {
    List<String> missing = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    if (!request.isOpen()) {
      missing.add("request #" + request.number() + " is " + request.state());
    }
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
      } else if (plan.review().otherSession() && r.session().equals(request.session())) {
        notes.add("the approval by " + r.reviewer() + " does not count: " + r.session()
            + " is the author's session (spec 7.1: reviewers come from another session)");
      } else {
        counted.add(r);
      }
    }
    int required = required(plan, request.type());
    if (counted.size() < required) {
      missing.add("needs " + required + " approval" + (required == 1 ? "" : "s") + " for " + article(request.type())
          + " " + request.type()
          + " request (review.min_approvals." + request.type() + ")" + (plan.review().otherSession()
              ? " from sessions other than " + request.session() : "") + "; has " + counted.size());
    }
    if (request.type().equals(RequestType.SECURITY.word())
        && counted.stream().noneMatch(r -> hasRole(plan, r.reviewer(), Role.SECURITY_REVIEWER))) {
      List<String> experts = members(plan, Role.SECURITY_REVIEWER).stream()
          .filter(m -> !sessionOf(plan, m.email()).filter(request.session()::equals).isPresent() || !plan.review().otherSession())
          .map(Member::email).toList();
      missing.add("a security request needs an approval from a security-reviewer"
          + (experts.isEmpty() ? " (the plan has none outside " + request.session() + ")" : " (" + String.join(", ", experts) + ")"));
    }
    codeOwners.ifPresent(owners -> owned(plan, request, counted, changedPaths, owners, missing, notes));
    planChange(plan, request, counted, changedPaths).ifPresent(missing::add);
    for (Reviews.Finding f : findings) {
      if (f.severity().equals("critical") && !f.state().equals("accepted")) {
        String where = f.path().map(p -> p + f.line().map(l -> ":" + l).orElse("") + " ").orElse("");
        missing.add("critical finding #" + f.id() + " by " + f.raisedBy() + " (" + where + f.text() + ") "
            + (f.state().equals("resolved") ? "is resolved by the author and waits for " + f.raisedBy() + " to accept it"
                : "is open: the author resolves it, then " + f.raisedBy() + " accepts"));
      }
    }
    return new Verdict(List.copyOf(missing), counted.stream().map(r -> r.reviewer() + " (" + r.session() + ")").toList(),
        List.copyOf(notes));
  }

  private static void owned(Plan plan, Reviews.Request request, List<Reviews.Review> counted, List<String> paths,
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
          .anyMatch(o -> CodeOwners.sessionOf(plan, o).filter(request.session()::equals).isPresent());
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
