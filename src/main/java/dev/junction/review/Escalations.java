package dev.junction.review;

import dev.junction.plan.CodeOwners;
import dev.junction.plan.Member;
import dev.junction.plan.Plan;
import dev.junction.plan.Role;
import dev.junction.plan.Session;
import dev.junction.plan.Task;
import dev.junction.store.Reviews;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What is overdue at an instant: merge requests waiting for review past spec 7.4's maximum, and
 * conflicts unresolved past spec 3.3's thresholds. A plain function of the plan, the open
 * requests with their reviews and assignments, the open conflicts and {@code now}; it decides who
 * acts and chooses a backup reviewer, and leaves recording and assigning to its caller.
 *
 * <p>A request waits from its opening until its first {@code approve} or {@code request-changes}
 * review by someone other than its author. Once its maximum review time has elapsed the assigned
 * reviewers are pinged; after twice the maximum a backup reviewer is assigned; after three times
 * the coordinators intervene (spec 7.4, escalation protocol). A conflict first seen at T is the
 * session's own for 30 minutes (level 2); from T+30 min the sessions coordinate through their
 * STATUS files (level 3), from T+60 min it goes to the coordination branch and task board
 * (level 4), from T+120 min it is an architectural issue that may revise task dependencies
 * (level 5).
 */
public final class Escalations {
  private Escalations() {}

  /** Spec 3.3: how long a session handles a conflict alone. */
  static final Duration SELF_RESOLUTION = Duration.ofMinutes(30);

  /** A step of one of the two escalation paths. */
  public enum Level {
    /** Spec 7.4 step 1, after the maximum review time: the assigned reviewers are pinged. */
    PING("ping", 1),
    /** Spec 7.4 step 2, after twice the maximum: a backup reviewer is assigned. */
    BACKUP("backup", 2),
    /** Spec 7.4 step 3, after three times the maximum: the coordination lead intervenes. */
    COORDINATOR("coordinator", 3),
    /** Spec 3.3 level 3, 30 minutes unresolved: coordinate with the other session via STATUS. */
    CROSS_SESSION("cross-session", 30),
    /** Spec 3.3 level 4, 60 minutes: escalate to the coordination branch (task board). */
    COORDINATION("coordination", 60),
    /** Spec 3.3 level 5, 120 minutes: architectural review; task dependencies may change. */
    ARCHITECTURE("architecture", 120),
    /** Spec 5.4 step 4: an emergency override's review, due within the hour, is not recorded. */
    OVERRIDE_REVIEW("override-review", 60);

    private final String word;
    private final int step;

    Level(String word, int step) {
      this.word = word;
      this.step = step;
    }

    /** The word used in subjects, text and JSON. */
    public String word() {
      return word;
    }

    /** For a request level, the multiple of the maximum review time; for a conflict level, minutes. */
    public int step() {
      return step;
    }

    /** For conflict levels, spec 3.3's level number (3 to 5); 0 for request levels. */
    public int number() {
      return switch (this) {
        case PING, BACKUP, COORDINATOR, OVERRIDE_REVIEW -> 0;
        case CROSS_SESSION -> 3;
        case COORDINATION -> 4;
        case ARCHITECTURE -> 5;
      };
    }

    @Override
    public String toString() {
      return word;
    }
  }

  /** An open merge request with its reviews and reviewer assignments. */
  public record Pending(Reviews.Request request, List<Reviews.Review> reviews, List<Reviews.Assignment> assignments) {
    public Pending {
      reviews = List.copyOf(reviews);
      assignments = List.copyOf(assignments);
    }
  }

  /**
   * One level reached.
   *
   * @param subject what the {@code escalation} event is about, unique per level reached:
   *     {@code request:12:backup}, {@code conflict:s5 -> coordination@2025-11-12T09:00:00Z:60}
   *     (a conflict that clears and comes back is a new conflict, so its first-seen time is part of it)
   * @param about what is late, for people: {@code request #12} or {@code conflict s5 -> coordination}
   * @param request the request's number; empty for a conflict
   * @param waitingSince when the request opened or the conflict was first seen
   * @param since when this level was reached
   * @param who who acts: member e-mails, or session ids for conflicts
   * @param action what they do, in a sentence
   * @param assign the backup reviewer to assign now; empty unless this is a {@link Level#BACKUP}
   *     whose reviewer is not assigned yet
   * @param sessions the sessions it concerns: the author's or the conflict's, and those of everyone named
   */
  public record Escalation(String subject, Level level, String about, Optional<Long> request, Instant waitingSince,
      Instant since,
      List<String> who, String action, Optional<String> assign, Set<String> sessions) {
    public Escalation {
      who = List.copyOf(who);
      sessions = Set.copyOf(sessions);
    }
  }

  /** An emergency override granted and not yet reviewed (spec 5.4 step 4). */
  public record OverrideReview(String branch, String grantedBy, Instant grantedAt, Instant due, String reason) {}

  /**
   * Overrides whose review is overdue at {@code now}: the coordinators hold the review and record
   * it with {@code junction override review}.
   */
  public static List<Escalation> overrides(Plan plan, List<OverrideReview> open, Instant now) {
    List<Escalation> out = new ArrayList<>();
    List<String> coordinators = ReviewRules.members(plan, dev.junction.plan.Role.COORDINATOR).stream()
        .map(dev.junction.plan.Member::email).toList();
    Set<String> sessions = new java.util.LinkedHashSet<>();
    coordinators.forEach(c -> ReviewRules.sessionOf(plan, c).ifPresent(sessions::add));
    for (OverrideReview o : open) {
      if (!now.isBefore(o.due())) {
        out.add(new Escalation("override:" + o.branch() + "@" + o.grantedAt() + ":review", Level.OVERRIDE_REVIEW,
            "emergency override of " + o.branch() + " by " + o.grantedBy() + " (" + o.reason() + ")", Optional.empty(),
            o.grantedAt(), o.due(), coordinators, "hold the post-override review (spec 5.4 step 4) and record it:"
                + " junction override review --branch " + o.branch() + " --notes TEXT", Optional.empty(), sessions));
      }
    }
    return List.copyOf(out);
  }

  /** Every level reached at {@code now}: requests by number, then conflicts by first sighting. */
  public static List<Escalation> due(Plan plan, List<Pending> requests, List<ConflictLog.Open> conflicts, Instant now) {
    List<Escalation> out = new ArrayList<>();
    requests.stream().sorted(java.util.Comparator.comparingLong(p -> p.request().number()))
        .forEach(p -> out.addAll(request(plan, p, now)));
    conflicts.stream().sorted(java.util.Comparator.comparing(ConflictLog.Open::since))
        .forEach(c -> out.addAll(conflict(plan, c, now)));
    return List.copyOf(out);
  }

  /**
   * When a request stopped waiting: its first {@code approve} or {@code request-changes} by someone
   * other than the author. Comments do not answer it.
   */
  public static Optional<Instant> answeredAt(Reviews.Request request, List<Reviews.Review> reviews) {
    return reviews.stream()
        .filter(r -> !r.verdict().equals("comment") && !r.reviewer().equalsIgnoreCase(request.author()))
        .map(Reviews.Review::at).min(Instant::compareTo);
  }

  /** Spec 3.3's level of a conflict first seen at {@code since}: 2 (the session's own) to 5. */
  public static int conflictLevel(Instant since, Instant now) {
    long minutes = Duration.between(since, now).toMinutes();
    return minutes >= 120 ? 5 : minutes >= 60 ? 4 : minutes >= 30 ? 3 : 2;
  }

  static List<Escalation> request(Plan plan, Pending p, Instant now) {
    Reviews.Request r = p.request();
    if (!r.isOpen() || answeredAt(r, p.reviews()).isPresent()) {
      return List.of();
    }
    Sla.Times times = Sla.of(r.type(), r.size());
    String about = "request #" + r.number();
    String title = about + " (" + r.title() + ")";
    String waited = "waiting " + duration(Duration.between(r.openedAt(), now)) + " for a review, maximum "
        + duration(times.max()) + " (spec 7.4, " + times.row() + ")";
    // The reviewers asked when it opened or by hand; a backup assigned later has its own level.
    List<String> assigned = p.assignments().stream().filter(a -> !a.reason().equals("backup"))
        .map(Reviews.Assignment::reviewer).distinct().toList();
    List<String> coordinators = emails(plan, Role.COORDINATOR);
    Set<String> sessions = new LinkedHashSet<>();
    sessions.add(r.session());
    p.assignments().forEach(a -> ReviewRules.sessionOf(plan, a.reviewer()).ifPresent(sessions::add));
    RequestSteps steps = new RequestSteps(plan, r, times, now, sessions);

    List<Escalation> out = new ArrayList<>();
    if (assigned.isEmpty()) {
      steps.add(out, Level.PING, coordinators, Optional.empty(),
          "no reviewer is assigned to " + title + ": the coordinator assigns one; " + waited);
    } else {
      steps.add(out, Level.PING, assigned, Optional.empty(), String.join(", ", assigned) + " review " + title + "; " + waited);
    }
    Optional<String> earlier = p.assignments().stream().filter(a -> a.reason().equals("backup"))
        .map(Reviews.Assignment::reviewer).findFirst();
    Optional<String> backup = earlier.or(() -> backup(plan, p));
    if (backup.isPresent()) {
      steps.add(out, Level.BACKUP, List.of(backup.get()), earlier.isPresent() ? Optional.empty() : backup,
          backup.get() + " reviews " + title + " as backup reviewer (spec 7.4 step 2: twice the maximum); " + waited);
    } else {
      steps.add(out, Level.BACKUP, coordinators, Optional.empty(), "no backup reviewer is left outside " + r.session()
          + " (every other member is assigned or reviewing): the coordinator finds one for " + title + "; " + waited);
    }
    steps.add(out, Level.COORDINATOR, coordinators, Optional.empty(), "the coordinator intervenes on " + title
        + " (spec 7.4 step 3: three times the maximum): review it, reassign it or have it split"
        + (coordinators.isEmpty() ? " (the plan names no member with the coordinator role)" : "") + "; " + waited);
    return out;
  }

  /** The levels of one request, each added once {@code now} has reached it (their times only grow). */
  private record RequestSteps(Plan plan, Reviews.Request request, Sla.Times times, Instant now, Set<String> sessions) {
    void add(List<Escalation> out, Level level, List<String> who, Optional<String> assign, String action) {
      Instant at = request.openedAt().plus(times.max().multipliedBy(level.step()));
      if (now.isBefore(at)) {
        return;
      }
      Set<String> concerned = new LinkedHashSet<>(sessions);
      who.forEach(e -> ReviewRules.sessionOf(plan, e).ifPresent(concerned::add));
      out.add(new Escalation("request:" + request.number() + ":" + level.word(), level, "request #" + request.number(),
          Optional.of(request.number()), request.openedAt(), at, who, action, assign, concerned));
    }
  }

  static List<Escalation> conflict(Plan plan, ConflictLog.Open c, Instant now) {
    Optional<String> source = sessionOfBranch(plan, c.source());
    Set<String> parties = parties(plan, c);
    List<String> paths = c.items().stream().map(ConflictLog.Item::path).distinct().toList();
    String shown = String.join(", ", paths.size() > 3 ? paths.subList(0, 3) : paths)
        + (paths.size() > 3 ? " and " + (paths.size() - 3) + " more" : "");
    String mine = source.orElse("the session of " + c.source());
    String others = parties.isEmpty() ? "the sessions whose work on " + c.target() + " it meets" : String.join(", ", parties);
    List<String> coordinators = emails(plan, Role.COORDINATOR);
    Set<String> sessions = sessions(plan, c);

    List<String> sides = new ArrayList<>();
    source.ifPresent(sides::add);
    sides.addAll(parties);
    List<String> all = new ArrayList<>(coordinators);
    all.addAll(sides);
    List<Escalation> out = new ArrayList<>();
    conflictStep(out, plan, c, now, sessions, Level.CROSS_SESSION, sides, mine + " and " + others + " agree on "
        + shown + " through their STATUS files (spec 3.3 level 3: unresolved for 30 minutes)");
    conflictStep(out, plan, c, now, sessions, Level.COORDINATION, all, "escalate to the coordination branch: the conflict"
        + " on " + shown + " goes on the task board and the coordinator decides which side lands first"
        + " (spec 3.3 level 4: unresolved for 60 minutes)");
    conflictStep(out, plan, c, now, sessions, Level.ARCHITECTURE, coordinators, "architectural review of " + shown
        + ": revise the task dependencies (depends_on in junction.yaml) so the two changes stop colliding; the phase"
        + " may slip (spec 3.3 level 5: unresolved for 120 minutes)");
    return out;
  }

  private static void conflictStep(List<Escalation> out, Plan plan, ConflictLog.Open c, Instant now, Set<String> sessions,
      Level level, List<String> who, String action) {
    Instant at = c.since().plus(Duration.ofMinutes(level.step()));
    if (now.isBefore(at)) {
      return;
    }
    Set<String> concerned = new LinkedHashSet<>(sessions);
    who.forEach(e -> ReviewRules.sessionOf(plan, e).ifPresent(concerned::add));
    out.add(new Escalation("conflict:" + c.pair() + "@" + c.since() + ":" + level.step(), level, "conflict " + c.pair(),
        Optional.empty(), c.since(), at, who, action, Optional.empty(), concerned));
  }

  /**
   * The backup reviewer of a request: the first plan member, in plan order, outside the author's
   * session who is neither assigned nor reviewing it; for a security request, a security reviewer
   * first if one is free.
   */
  public static Optional<String> backup(Plan plan, Pending p) {
    Set<String> busy = new LinkedHashSet<>();
    busy.add(p.request().author().toLowerCase(Locale.ROOT));
    p.assignments().forEach(a -> busy.add(a.reviewer().toLowerCase(Locale.ROOT)));
    p.reviews().forEach(r -> busy.add(r.reviewer().toLowerCase(Locale.ROOT)));
    List<Member> free = new ArrayList<>();
    List<Member> experts = new ArrayList<>();
    for (Session s : plan.sessions()) {
      if (s.id().equals(p.request().session())) {
        continue;
      }
      for (Member m : s.members()) {
        if (!busy.contains(m.email().toLowerCase(Locale.ROOT))) {
          free.add(m);
          if (s.rolesOf(m).contains(Role.SECURITY_REVIEWER)) {
            experts.add(m);
          }
        }
      }
    }
    boolean security = p.request().type().equals(RequestType.SECURITY.word());
    List<Member> from = security && !experts.isEmpty() ? experts : free;
    return from.stream().findFirst().map(Member::email);
  }

  /** E-mails of the members holding a role, their session's or their own, in plan order. */
  static List<String> emails(Plan plan, Role role) {
    return ReviewRules.members(plan, role).stream().map(Member::email).toList();
  }

  /** The session of a branch: its own branch, or the branch of one of its tasks. */
  static Optional<String> sessionOfBranch(Plan plan, String branch) {
    for (Session s : plan.sessions()) {
      if (s.branch().filter(branch::equals).isPresent()) {
        return Optional.of(s.id());
      }
    }
    return plan.tasks().stream().filter(t -> t.branch().filter(branch::equals).isPresent())
        .map(Task::owner).findFirst();
  }

  /** The sessions a conflict concerns: the source branch's and those of the other parties the plan knows. */
  public static Set<String> sessions(Plan plan, ConflictLog.Open c) {
    Set<String> out = new LinkedHashSet<>();
    sessionOfBranch(plan, c.source()).ifPresent(out::add);
    parties(plan, c).stream().filter(s -> plan.session(s).isPresent()).forEach(out::add);
    return out;
  }

  /** The other side of a conflict: each party as its session where the plan tells, else as written. */
  private static Set<String> parties(Plan plan, ConflictLog.Open c) {
    Set<String> parties = new LinkedHashSet<>();
    for (ConflictLog.Item item : c.items()) {
      for (String party : item.parties()) {
        parties.add(partySession(plan, party).orElse(party));
      }
    }
    sessionOfBranch(plan, c.source()).ifPresent(parties::remove);
    return parties;
  }

  /** The session a conflict party stands for: a session id, a CODEOWNERS owner or a branch. */
  private static Optional<String> partySession(Plan plan, String party) {
    if (plan.session(party).isPresent()) {
      return Optional.of(party);
    }
    return CodeOwners.sessionOf(plan, party).or(() -> sessionOfBranch(plan, party));
  }

  /** {@code 2h}, {@code 4h 10m}, {@code 25m}. */
  static String duration(Duration d) {
    long minutes = d.toMinutes();
    if (minutes < 60) {
      return minutes + "m";
    }
    return minutes % 60 == 0 ? (minutes / 60) + "h" : (minutes / 60) + "h " + (minutes % 60) + "m";
  }
}
