package dev.junction.protect;

import dev.junction.plan.Plan;
import dev.junction.plan.Session;
import java.util.ArrayList;
import java.util.List;

/** What the push guard enforces under a plan, in words: each guarded branch's rules and the options. */
public final class RuleSummary {
  private RuleSummary() {}

  /** A branch and the rules its pushes meet. */
  public record Guarded(String branch, List<String> rules) {
    public Guarded {
      rules = List.copyOf(rules);
    }
  }

  /** The protected branches (coordination, then main), then each session's branch. */
  public static List<Guarded> branches(Plan plan) {
    List<Guarded> out = new ArrayList<>();
    for (String b : List.of(plan.branches().coordination(), plan.branches().main())) {
      out.add(new Guarded(b, List.of("no direct push (only junction land)", "no force push", "no deletion")));
    }
    for (Session s : plan.sessions()) {
      s.branch().ifPresent(b -> out.add(new Guarded(b, List.of("pushed by " + s.id() + "'s members", "rewrites allowed",
          "only merge from the coordination branch"))));
    }
    return out;
  }

  /** The protection switches: signed commits, commit subjects. */
  public static List<String> options(Plan plan) {
    return List.of("signed commits " + (plan.protection().signedCommits() ? "required" : "not required"),
        "commit subjects " + (plan.protection().messageConvention() ? "must follow spec 6.2" : "not checked"));
  }
}
