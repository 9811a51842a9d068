package dev.junction.testing;

import dev.junction.plan.Plan;
import dev.junction.plan.PlanLoad;
import dev.junction.plan.PlanLoader;

/**
 * Shared {@code junction.yaml} fixtures. Each is a complete plan; a test that needs gates, review
 * rules or protection appends those top-level sections to one ({@code Plans.ONE_SESSION + """
 * gates: ..."""}) rather than declaring a plan of its own. Every plan is on {@code main} and
 * targets {@code coordination} unless its name says otherwise.
 */
public final class Plans {
  private Plans() {}

  /** One session {@code one} on {@code s1} with one task {@code A} (delivers {@code a.txt}); no members. */
  public static final String ONE_SESSION = """
      version: 1
      branches: {main: main, coordination: coordination}
      sessions: [{id: one, branch: s1}]
      phases: [{id: p, tasks: [{id: A, title: first, owner: one, deliverables: [a.txt]}]}]
      """;

  /**
   * Sessions {@code one} ({@code s1}, one@example.org) and {@code two} ({@code s2},
   * two@example.org), session branches {@code s*}; {@code A} (a.txt, one) then {@code B} (b.txt,
   * two) which depends on it.
   */
  public static final String TWO_SESSIONS = """
      version: 1
      branches: {main: main, coordination: coordination, session_patterns: ["s*"]}
      sessions:
        - {id: one, branch: s1, members: [{email: one@example.org}]}
        - {id: two, branch: s2, members: [{email: two@example.org}]}
      phases:
        - id: p
          tasks:
            - {id: A, title: first, owner: one, deliverables: [a.txt]}
            - {id: B, title: second, owner: two, deliverables: [b.txt], depends_on: [A]}
      """;

  /** A coordinator session {@code lead} (lead@x.org) and session {@code a} ({@code sa}, a@x.org) with task {@code T1}. */
  public static final String LEAD_AND_ONE = """
      version: 1
      branches: {main: main, coordination: coordination}
      sessions:
        - {id: lead, roles: [coordinator], members: [{name: Lead, email: lead@x.org}]}
        - {id: a, branch: sa, members: [{name: A, email: a@x.org}]}
      phases:
        - id: p
          tasks:
            - {id: T1, title: t, owner: a, deliverables: [a.txt]}
      """;

  /**
   * Merge requests and reviews: coordinator {@code lead}; {@code a} (two members) owns {@code T1}
   * then {@code T2}; {@code b} (a security reviewer) owns {@code T3}; {@code c} is the integration
   * owner. One approval for component, security and docs changes, from another session.
   */
  /**
   * A coordinator and three sessions; B depends on A, C on B; one approval for a component:
   * the read services' and their commands' repository.
   */
  public static final String THREE_SESSIONS = """
      version: 1
      branches: {main: main, coordination: coordination}
      sessions:
        - {id: lead, roles: [coordinator], members: [{email: lead@example.org}]}
        - {id: one, branch: s1, members: [{email: one@example.org}]}
        - {id: two, branch: s2, members: [{email: two@example.org}]}
        - {id: three, branch: s3, members: [{email: three@example.org}]}
      phases:
        - id: p
          tasks:
            - {id: A, title: first, owner: one, deliverables: [a.txt]}
            - {id: B, title: second, owner: two, deliverables: [b.txt], depends_on: [A]}
            - {id: C, title: third, owner: one, deliverables: [c.txt], depends_on: [B]}
      review:
        min_approvals: {component: 1}
      """;

  public static final String REVIEWS = """
      version: 1
      branches: {main: main, coordination: coordination}
      sessions:
        - {id: lead, roles: [coordinator], members: [{name: Lead, email: lead@x.org}]}
        - id: a
          branch: sa
          members: [{name: A, email: a@x.org}, {name: A2, email: a2@x.org}]
        - {id: b, branch: sb, members: [{name: B, email: b@x.org, roles: [security-reviewer]}]}
        - {id: c, branch: sc, roles: [integration-owner], members: [{name: C, email: c@x.org}]}
      phases:
        - id: p
          title: Phase P
          tasks:
            - {id: T1, title: store, owner: a, deliverables: [src/store.py]}
            - {id: T2, title: claims, owner: a, deliverables: [src/claims.py], depends_on: [T1]}
            - {id: T3, title: api, owner: b, deliverables: [src/api.py], depends_on: [T2]}
      review:
        min_approvals: {component: 1, security: 1, docs: 1}
        other_session: true
      """;

  /**
   * A protected hub: coordination is {@code coord}, session branches {@code claude/*-s-*}
   * ({@code a} on {@code claude/a-s-1} owns {@code T1}, {@code b} on {@code claude/b-s-2}), a
   * coordinator {@code lead}; commit messages must follow the convention, signatures are not required.
   */
  public static final String HUB = """
      version: 1
      branches: {main: main, coordination: coord, session_patterns: ["claude/*-s-*"]}
      sessions:
        - {id: lead, roles: [coordinator], members: [{name: Lead, email: lead@x.org}]}
        - {id: a, branch: claude/a-s-1, members: [{name: A, email: a@x.org}]}
        - {id: b, branch: claude/b-s-2, members: [{name: B, email: b@x.org}]}
      phases:
        - id: p
          tasks:
            - {id: T1, title: t, owner: a, deliverables: [a.txt]}
      protection: {signed_commits: false, message_convention: true}
      """;

  /**
   * A team's hub: {@link #HUB}'s branches and sessions, with {@code b} owning {@code T2}; one
   * approval from another session for a component change, and a quick component gate {@code unit}
   * (the merge holds {@code a.txt}).
   */
  public static final String TEAM = """
      version: 1
      branches: {main: main, coordination: coord, session_patterns: ["claude/*-s-*"]}
      sessions:
        - {id: lead, roles: [coordinator], members: [{name: Lead, email: lead@x.org}]}
        - {id: a, branch: claude/a-s-1, members: [{name: A, email: a@x.org}]}
        - {id: b, branch: claude/b-s-2, members: [{name: B, email: b@x.org}]}
      phases:
        - id: p
          tasks:
            - {id: T1, title: t, owner: a, deliverables: [a.txt]}
            - {id: T2, title: u, owner: b, deliverables: [b.txt]}
      protection: {signed_commits: false, message_convention: true}
      review:
        min_approvals: {component: 1}
        other_session: true
      gates:
        - {name: unit, command: "test -f a.txt", stages: [component]}
      """;

  /** Not a valid plan: line 3 has an unknown key ({@code bogus: unknown key}). */
  public static final String INVALID = "version: 1\nbranches: {main: main}\nbogus: 1\n";

  /** A fixture loaded; it must be valid. */
  public static Plan load(String yaml) {
    PlanLoad load = PlanLoader.load("junction.yaml", yaml);
    if (!(load instanceof PlanLoad.Loaded loaded)) {
      throw new IllegalArgumentException("not a valid plan: " + ((PlanLoad.Invalid) load).errors());
    }
    return loaded.plan();
  }
}
