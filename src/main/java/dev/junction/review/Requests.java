package dev.junction.review;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.junction.git.BranchScan;
import dev.junction.git.CodeOwnersFile;
import dev.junction.git.Diffs;
import dev.junction.git.History;
import dev.junction.git.PlanSource;
import dev.junction.git.TargetPlan;
import dev.junction.plan.CodeOwners;
import dev.junction.plan.Conventions;
import dev.junction.plan.Deliverables;
import dev.junction.plan.DidYouMean;
import dev.junction.plan.Disposition;
import dev.junction.plan.InputError;
import dev.junction.plan.Member;
import dev.junction.plan.Plan;
import dev.junction.plan.PlanView;
import dev.junction.plan.Problem;
import dev.junction.plan.Role;
import dev.junction.plan.Session;
import dev.junction.plan.Stage;
import dev.junction.plan.Task;
import dev.junction.plan.TaskType;
import dev.junction.store.Reviews;
import dev.junction.store.EventCodec;
import dev.junction.store.EventStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;

/**
 * Merge requests and reviews (spec 6, 7): opening one checks its title (spec 6.2) and size (spec
 * 6.3), fills the body from the spec's template for its type with what Junction knows, and asks
 * reviewers; reviews carry findings by severity; {@link #status} says whether the review policy
 * holds, which {@code junction land} consults.
 */
public final class Requests {
  private Requests() {}

  /** Findings written {@code severity: [path[:line]] text}. */
  private static final Pattern FINDING = Pattern.compile(
      "^(?<severity>critical|important|nice-to-have|question)\\s*:\\s*(?:(?<path>[^\\s:]+\\.[^\\s:]+|[^\\s:]*/[^\\s:]+)(?::(?<line>\\d+))?\\s+)?(?<text>\\S.*)$",
      Pattern.CASE_INSENSITIVE);
  static final List<String> SEVERITIES = List.of("critical", "important", "nice-to-have", "question");

  /** What to open. Empty options are derived: target coordination, task and type from the plan, title generated. */
  public record Open(String source, Optional<String> into, Optional<String> task, Optional<RequestType> type,
      Optional<String> title, Optional<String> justification, List<String> reviewers, PersonIdent actor) {}

  /** How opening ended. */
  public sealed interface Opening {
    Disposition disposition();
  }

  /** Opened: the request, who was asked to review, and the policy as it stands. */
  @JsonTypeName("opened")
  public record Opened(Reviews.Request request, List<String> reviewers, ReviewRules.Verdict policy) implements Opening {
    @Override
    public Disposition disposition() {
      return Disposition.DONE;
    }
  }

  /** Refused, with the rule and what would pass: a corrected title, or how to split. */
  @JsonTypeName("refused")
  public record Refused(List<String> reasons, Optional<String> suggestion, List<String> split) implements Opening {
    @Override
    public Disposition disposition() {
      return Disposition.NO;
    }
  }

  /**
   * Bad input, in the operation's words ({@code actor}, {@code source}, {@code task},
   * {@code reviewer}) or the target plan's errors; nothing stored. The application service
   * raises it as invalid input instead of answering it.
   */
  @JsonTypeName("invalid")
  public record Invalid(List<Problem> errors) implements Opening {
    public Invalid {
      errors = List.copyOf(errors);
    }

    @Override
    public Disposition disposition() {
      return Disposition.INVALID;
    }
  }

  /**
   * The gate results a request shows: the latest verdict of each gate of the target's plan run on
   * a commit under that target's configuration, as {@code passed} or {@code failed}. The gate
   * service knows configurations; this package does not, so the caller gives it.
   */
  @FunctionalInterface
  public interface GateResults {
    /** Shows none. */
    GateResults NONE = (plan, target, commit) -> Map.of();

    Map<String, String> of(Plan plan, String target, ObjectId commit);
  }

  /** Opens a request whose body shows no gate results. */
  public static Opening open(Repository repo, EventStore store, Open o, Clock clock) throws IOException {
    return open(repo, store, o, clock, GateResults.NONE);
  }

  public static Opening open(Repository repo, EventStore store, Open o, Clock clock, GateResults gateResults)
      throws IOException {
    TargetPlan.Found found = TargetPlan.load(repo, o.into());
    if (found instanceof TargetPlan.Invalid bad) {
      return new Invalid(List.copyOf(bad.errors()));
    }
    Plan plan = ((TargetPlan.Loaded) found).plan();
    PlanSource.Tip target = ((TargetPlan.Loaded) found).tip();
    Optional<String> session = ReviewRules.sessionOf(plan, o.actor().getEmailAddress());
    if (session.isEmpty()) {
      return invalid("actor", o.actor().getEmailAddress() + " is not a member of any session of " + plan.source());
    }
    Optional<Task> named = plan.task(o.source());
    String sourceName = named.flatMap(t -> PlanView.branchOf(plan, t)).orElse(o.source());
    Optional<PlanSource.Tip> source = PlanSource.resolve(repo, sourceName);
    if (source.isEmpty()) {
      return invalid("source", "no branch or task '" + o.source() + "'"
          + DidYouMean.hint(o.source(), DidYouMean.tasksThenBranches(plan, PlanSource.branchNames(repo))));
    }
    if (o.task().isPresent() && plan.task(o.task().get()).isEmpty()) {
      return invalid("task", "no task '" + o.task().get() + "' in " + plan.source()
          + DidYouMean.hint(o.task().get(), DidYouMean.tasks(plan)));
    }
    for (String reviewer : o.reviewers()) {
      if (ReviewRules.member(plan, reviewer).isEmpty()) {
        return invalid("reviewer", reviewer + " is not a member of any session of " + plan.source());
      }
    }
    List<Diffs.Stat> stats = stats(repo, source.get().id(), target.id());
    List<String> paths = paths(stats);
    Map<String, String> mergedIntoTarget = History.mergedTasks(repo, target.id());
    // The session whose work it is: the branch's in the plan, else whoever opens it.
    String working = plan.sessions().stream().filter(s -> s.branch().filter(source.get().branch()::equals).isPresent())
        .map(Session::id).findFirst().orElse(session.get());
    List<Task> tasks = o.task().or(() -> named.map(Task::id)).flatMap(plan::task).map(List::of)
        .orElseGet(() -> tasksOf(plan, source.get().branch(), working, paths, mergedIntoTarget));
    if (tasks.size() > 1) {
      return new Refused(List.of(source.get().branch() + " delivers " + String.join(", ", tasks.stream().map(Task::id).toList())
          + ": a request delivers one task; name it with --task"), Optional.empty(), List.of());
    }
    Optional<Task> task = tasks.stream().findFirst();
    RequestType type = o.type().orElseGet(() -> typeOf(plan, source.get().branch(), target.branch(), task));
    List<String> reasons = new ArrayList<>();
    String title = o.title().orElseGet(() -> suggestTitle(plan, type, task, Optional.empty()));
    titleProblem(title, task).ifPresent(reasons::add);
    int lines = stats.stream().mapToInt(Diffs.Stat::changed).sum();
    SizeClass size = SizeClass.of(lines);
    List<String> split = List.of();
    if (size == SizeClass.EXTRA_LARGE && o.justification().filter(j -> !j.isBlank()).isEmpty()) {
      reasons.add(lines + " changed lines make an extra-large request (1000 or more, spec 6.3): split it, or give"
          + " --justification");
      split = split(stats);
    }
    if (stats.isEmpty()) {
      reasons.add(source.get().branch() + " changes nothing against " + target.branch());
    }
    if (!reasons.isEmpty()) {
      Optional<String> suggestion = titleProblem(title, task).isPresent()
          ? Optional.of(suggestTitle(plan, type, task, Optional.of(title))) : Optional.empty();
      return new Refused(reasons, suggestion, split);
    }
    Instant now = clock.instant();
    Reviews.Request draft = new Reviews.Request(0, source.get().branch(), target.branch(), task.map(Task::id), type.word(),
        title, "", o.actor().getEmailAddress(), session.get(), lines, size.word(), o.justification(), "open", now,
        Optional.empty());
    Map<String, String> gates = gateResults.of(plan, target.branch(), source.get().id());
    String body = Templates.body(plan, draft, task, stats, gates,
        History.mergedTasks(repo, type == RequestType.PHASE ? source.get().id() : target.id()));
    Reviews.Request filled = new Reviews.Request(0, draft.source(), draft.target(), draft.task(), draft.type(), title, body,
        draft.author(), draft.session(), lines, size.word(), o.justification(), "open", now, Optional.empty());
    Optional<Reviews.Request> stored = store.reviews().open(event(now, "request.opened", "new", o.actor(),
        Map.of("source", filled.source(), "target", filled.target(), "title", title)), filled);
    Optional<CodeOwners> owners = CodeOwnersFile.at(repo, target.id()).map(CodeOwnersFile.Found::owners);
    if (stored.isEmpty()) {
      Reviews.Request existing = store.reviews().openRequest(filled.source(), filled.target()).orElseThrow();
      // An opening cut short (killed after the request was stored, before anyone was asked): its
      // author's re-run asks the reviewers, as the opening would have, instead of refusing.
      List<String> unasked = existing.author().equalsIgnoreCase(o.actor().getEmailAddress())
          && store.reviews().assignments(existing.number()).isEmpty()
          ? (o.reviewers().isEmpty() ? chooseReviewers(plan, existing, paths, owners) : o.reviewers()) : List.of();
      if (!unasked.isEmpty()) {
        assign(store, existing, unasked, !o.reviewers().isEmpty(), o.actor(), clock.instant());
        return new Opened(existing, unasked, ReviewRules.evaluate(plan, existing, List.of(), List.of(),
            new ReviewRules.Change(Optional.of(source.get().id().name()), paths, lines), owners));
      }
      return new Refused(List.of("request #" + existing.number() + " from " + filled.source() + " into " + filled.target()
          + " is open already: review it, or close it first"), Optional.empty(), List.of());
    }
    Reviews.Request request = stored.get();
    List<String> reviewers = o.reviewers().isEmpty() ? chooseReviewers(plan, request, paths, owners) : o.reviewers();
    assign(store, request, reviewers, !o.reviewers().isEmpty(), o.actor(), now);
    return new Opened(request, reviewers, ReviewRules.evaluate(plan, request, List.of(), List.of(),
        new ReviewRules.Change(Optional.of(source.get().id().name()), paths, lines), owners));
  }

  /** Asks {@code reviewers} to review {@code request}: named with {@code --reviewer} ({@code manual}) or chosen. */
  private static void assign(EventStore store, Reviews.Request request, List<String> reviewers, boolean named,
      PersonIdent actor, Instant now) {
    String reason = named ? "manual" : "opened";
    for (String reviewer : reviewers) {
      store.reviews().assign(event(now, "request.assigned", subject(request), actor, Map.of("reviewer", reviewer,
          "reason", reason)), request.number(), reviewer, reason);
    }
  }

  /** A request with everything said about it, and the policy as it stands at the target's tip. */
  public record Status(Reviews.Request request, List<Reviews.Review> reviews, List<Reviews.Finding> findings,
      List<Reviews.Assignment> assignments, ReviewRules.Verdict policy) {}

  /** The request's state; empty when there is no request with that number. */
  public static Optional<Status> status(Repository repo, EventStore store, Plan plan, long number) throws IOException {
    Optional<Reviews.Request> request = store.reviews().request(number);
    if (request.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(status(repo, store, plan, request.get()));
  }

  /**
   * The state of a request, with the policy judged on what its source changes against its target
   * now: approvals count for the source's current tip, the size is measured there.
   */
  public static Status status(Repository repo, EventStore store, Plan plan, Reviews.Request request) throws IOException {
    Optional<PlanSource.Tip> source = PlanSource.resolve(repo, request.source());
    Optional<PlanSource.Tip> target = PlanSource.resolve(repo, request.target());
    if (source.isEmpty()) {
      return status(store, plan, request, ReviewRules.Change.gone(request), Optional.empty(), Optional.empty());
    }
    if (target.isEmpty()) {
      return status(store, plan, request, new ReviewRules.Change(Optional.of(source.get().id().name()), List.of(),
          request.lines()), Optional.empty(), Optional.empty());
    }
    return status(repo, store, plan, request, source.get().id(), target.get().id(), Optional.empty());
  }

  /**
   * The state of a request judged on {@code source} merged into {@code target} (commits): what a
   * landing merges, whatever its branch points at by now. {@code stage} is the landing's.
   */
  public static Status status(Repository repo, EventStore store, Plan plan, Reviews.Request request, ObjectId source,
      ObjectId target, Optional<Stage> stage) throws IOException {
    return status(store, plan, request, measure(repo, source, target),
        CodeOwnersFile.at(repo, target).map(CodeOwnersFile.Found::owners), stage);
  }

  private static Status status(EventStore store, Plan plan, Reviews.Request request, ReviewRules.Change change,
      Optional<CodeOwners> owners, Optional<Stage> stage) {
    List<Reviews.Review> reviews = store.reviews().reviews(request.number());
    List<Reviews.Finding> findings = store.reviews().findings(request.number());
    return new Status(request, reviews, findings, store.reviews().assignments(request.number()),
        ReviewRules.evaluate(plan, request, reviews, findings, change, owners, stage));
  }

  /** What {@code source} changes against {@code target} from their merge base, as the review policy reads it. */
  public static ReviewRules.Change measure(Repository repo, ObjectId source, ObjectId target) throws IOException {
    List<Diffs.Stat> stats = stats(repo, source, target);
    return new ReviewRules.Change(Optional.of(source.name()), paths(stats), stats.stream().mapToInt(Diffs.Stat::changed).sum());
  }

  /** The paths of a diff, a rename by its old path and its new one, each once. */
  static List<String> paths(List<Diffs.Stat> stats) {
    return List.copyOf(new LinkedHashSet<>(stats.stream().flatMap(s -> s.paths().stream()).toList()));
  }

  /** What a review says. */
  public enum Verdict {
    APPROVE("approve"), REQUEST_CHANGES("request-changes"), COMMENT("comment");

    private final String word;

    Verdict(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }
  }

  /** How a review action ended: done with the request's new state, or refused, or bad input. */
  public sealed interface Acted {
    Disposition disposition();
  }

  /** Recorded: what was done, and the request's state after it. */
  @JsonTypeName("done")
  public record Done(Status status, String what) implements Acted {
    @Override
    public Disposition disposition() {
      return Disposition.DONE;
    }
  }

  /** Not allowed for this actor, or not in this state; nothing recorded. */
  @JsonTypeName("not-allowed")
  public record NotAllowed(String reason) implements Acted {
    @Override
    public Disposition disposition() {
      return Disposition.NO;
    }
  }

  /**
   * Bad input, in the operation's words ({@code request}, {@code finding}, {@code findings[i]},
   * {@code actor}) or the target plan's errors; nothing recorded. The application service raises
   * it as invalid input instead of answering it.
   */
  @JsonTypeName("bad-input")
  public record BadInput(List<Problem> errors) implements Acted {
    public BadInput {
      errors = List.copyOf(errors);
    }

    @Override
    public Disposition disposition() {
      return Disposition.INVALID;
    }
  }

  /**
   * Records a review by a plan member: a verdict with findings ({@code critical: src/x.py:45 text}).
   * The author may comment on their own request but not approve it or request changes.
   */
  public static Acted review(Repository repo, EventStore store, long number, Verdict verdict, List<String> findingTexts,
      PersonIdent actor, Clock clock) throws IOException {
    Context c = context(repo, store, number, actor);
    if (c.problem != null) {
      return c.problem;
    }
    if (!c.request.isOpen()) {
      return new NotAllowed("request #" + number + " is " + c.request.state());
    }
    if (verdict != Verdict.COMMENT && c.request.author().equalsIgnoreCase(actor.getEmailAddress())) {
      return new NotAllowed(actor.getEmailAddress() + " opened request #" + number + ": authors comment on their own"
          + " requests, they do not " + (verdict == Verdict.APPROVE ? "approve them" : "request changes"));
    }
    // A review is of the commit the source is at now: an approval counts for that commit alone.
    Optional<PlanSource.Tip> reviewed = PlanSource.resolve(repo, c.request.source());
    if (reviewed.isEmpty() && verdict != Verdict.COMMENT) {
      return new NotAllowed("branch " + c.request.source() + " of request #" + number + " does not exist: there is no"
          + " commit to " + (verdict == Verdict.APPROVE ? "approve" : "request changes on"));
    }
    List<Reviews.Finding> findings = new ArrayList<>();
    List<Problem> errors = new ArrayList<>();
    for (int i = 0; i < findingTexts.size(); i++) {
      Optional<Reviews.Finding> f = finding(number, findingTexts.get(i));
      if (f.isEmpty()) {
        errors.add(new InputError("findings[" + i + "]", "'" + findingTexts.get(i) + "' is not 'severity: [path[:line]] text'"
            + " with severity " + String.join(", ", SEVERITIES) + " (spec 7.5)"));
      } else {
        findings.add(f.get());
      }
    }
    if (!errors.isEmpty()) {
      return new BadInput(errors);
    }
    Instant now = clock.instant();
    store.reviews().review(event(now, "review." + verdict.word(), subject(c.request), actor,
            Map.of("findings", String.valueOf(findings.size()))),
        new Reviews.Review(0, number, actor.getEmailAddress(), c.session, verdict.word(), now,
            reviewed.map(t -> t.id().name())), findings);
    return new Done(status(repo, store, c.plan, c.request), verdict.word());
  }

  /** What one does to a finding: its author resolves it, its reviewer accepts or reopens it. */
  public enum FindingAction { RESOLVE, ACCEPT, REOPEN }

  public static Acted finding(Repository repo, EventStore store, long number, long findingId, FindingAction action,
      PersonIdent actor, Clock clock) throws IOException {
    Context c = context(repo, store, number, actor);
    if (c.problem != null) {
      return c.problem;
    }
    Optional<Reviews.Finding> finding = store.reviews().findings(number).stream().filter(f -> f.id() == findingId).findFirst();
    if (finding.isEmpty()) {
      return new BadInput(List.of(new InputError("finding", "request #" + number + " has no finding #" + findingId)));
    }
    if (!c.request.isOpen()) {
      return new NotAllowed(ended(c.request));
    }
    String who = actor.getEmailAddress();
    boolean author = c.request.author().equalsIgnoreCase(who) || ReviewRules.authorSessions(c.plan, c.request).contains(c.session);
    boolean raiser = finding.get().raisedBy().equalsIgnoreCase(who);
    String from;
    String to;
    switch (action) {
      case RESOLVE -> {
        if (!author) {
          return new NotAllowed("only the author's sessions (" + String.join(", ", ReviewRules.authorSessions(c.plan, c.request))
              + ") resolve findings of request #" + number);
        }
        from = "open";
        to = "resolved";
      }
      case ACCEPT, REOPEN -> {
        if (!raiser) {
          return new NotAllowed("only " + finding.get().raisedBy() + ", who raised finding #" + findingId + ", "
              + (action == FindingAction.ACCEPT ? "accepts" : "reopens") + " it");
        }
        from = "resolved";
        to = action == FindingAction.ACCEPT ? "accepted" : "open";
      }
      default -> throw new IllegalStateException(action.name());
    }
    boolean moved = store.reviews().moveFinding(event(clock.instant(), "finding." + to, subject(c.request), actor,
        Map.of("finding", String.valueOf(findingId))), number, findingId, from, to);
    if (!moved) {
      Reviews.Request now = store.reviews().request(number).orElseThrow();
      return new NotAllowed(!now.isOpen() ? ended(now) : "finding #" + findingId + " is " + finding.get().state() + ", not " + from);
    }
    return new Done(status(repo, store, c.plan, c.request), "finding #" + findingId + " " + to);
  }

  /** Closes an open request without landing it; its author's session or a coordinator may. */
  public static Acted close(Repository repo, EventStore store, long number, PersonIdent actor, Clock clock) throws IOException {
    Context c = context(repo, store, number, actor);
    if (c.problem != null) {
      return c.problem;
    }
    if (!ReviewRules.authorSessions(c.plan, c.request).contains(c.session)
        && !ReviewRules.hasRole(c.plan, actor.getEmailAddress(), Role.COORDINATOR)) {
      return new NotAllowed("only the author's sessions (" + String.join(", ", ReviewRules.authorSessions(c.plan, c.request))
          + ") or a coordinator close request #" + number);
    }
    if (!store.reviews().end(event(clock.instant(), "request.closed", subject(c.request), actor, Map.of()), number, "closed")) {
      return new NotAllowed("request #" + number + " is " + c.request.state());
    }
    return new Done(status(repo, store, c.plan, store.reviews().request(number).orElseThrow()), "closed");
  }

  /** Marks a request landed by a merge; called by the landing pipeline once the target moved. */
  public static void landed(EventStore store, Reviews.Request request, String merge, PersonIdent actor, Clock clock) {
    store.reviews().end(event(clock.instant(), "request.landed", subject(request), actor, Map.of("merge", merge)),
        request.number(), "landed");
  }

  /** Why nothing moves on an ended request. */
  private static String ended(Reviews.Request request) {
    return "request #" + request.number() + " is " + request.state() + ": its findings no longer move";
  }

  public static String subject(Reviews.Request request) {
    return "request:" + request.number();
  }

  private static final class Context {
    Plan plan;
    Reviews.Request request;
    String session;
    Acted problem;
  }

  private static Context context(Repository repo, EventStore store, long number, PersonIdent actor) throws IOException {
    Context c = new Context();
    Optional<Reviews.Request> request = store.reviews().request(number);
    if (request.isEmpty()) {
      c.problem = new BadInput(List.of(new InputError("request", "no merge request #" + number)));
      return c;
    }
    c.request = request.get();
    TargetPlan.Found found = TargetPlan.load(repo, Optional.of(c.request.target()));
    if (found instanceof TargetPlan.Invalid bad) {
      c.problem = new BadInput(List.copyOf(bad.errors()));
      return c;
    }
    c.plan = ((TargetPlan.Loaded) found).plan();
    Optional<String> session = ReviewRules.sessionOf(c.plan, actor.getEmailAddress());
    if (session.isEmpty()) {
      c.problem = new BadInput(List.of(new InputError("actor", actor.getEmailAddress()
          + " is not a member of any session of " + c.plan.source())));
      return c;
    }
    c.session = session.get();
    return c;
  }

  static Optional<Reviews.Finding> finding(long request, String text) {
    Matcher m = FINDING.matcher(text.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new Reviews.Finding(0, request, 0, m.group("severity").toLowerCase(Locale.ROOT),
        Optional.ofNullable(m.group("path")), Optional.ofNullable(m.group("line")).map(Integer::valueOf),
        m.group("text"), "", "open", Optional.empty(), Optional.empty()));
  }

  /** The title rule: spec 6.2's shape and type, and the request's task in brackets. */
  static Optional<String> titleProblem(String title, Optional<Task> task) {
    Optional<String> problem = Conventions.problem(title);
    if (problem.isPresent()) {
      return Optional.of("title '" + title + "' is " + problem.get());
    }
    Conventions.Subject s = Conventions.parse(title).orElseThrow();
    if (task.isPresent() && !s.task().filter(task.get().id()::equals).isPresent()) {
      return Optional.of("title '" + title + "' must end with the task id [" + task.get().id() + "] (spec 6.2)");
    }
    if (s.scope().isEmpty()) {
      return Optional.of("title '" + title + "' has no (scope) (spec 6.2: type(scope): description [TaskID])");
    }
    return Optional.empty();
  }

  /** A title that follows the convention, keeping what it can of the one given. */
  static String suggestTitle(Plan plan, RequestType type, Optional<Task> task, Optional<String> given) {
    String commitType = switch (type) {
      case DOCS -> "docs";
      case FIX, SECURITY -> "fix";
      case PERFORMANCE -> "perf";
      case PHASE -> "chore";
      case INTEGRATION -> "test";
      case COMPONENT -> task.map(Conventions::type).orElse("feat");
    };
    Optional<Conventions.Subject> parsed = given.flatMap(Conventions::parse);
    if (parsed.isPresent() && Conventions.TYPES.contains(parsed.get().type())) {
      commitType = parsed.get().type();
    }
    String scope = parsed.flatMap(Conventions.Subject::scope)
        .orElseGet(() -> task.map(Conventions::scope).orElse(type == RequestType.PHASE ? "release" : type.word()));
    String description = parsed.map(Conventions.Subject::description)
        .or(() -> given.map(g -> g.replaceAll("\\s*\\[[^\\]]*\\]\\s*$", "").replaceFirst("^[^:]{0,40}:\\s*", "").strip()))
        .filter(d -> !d.isBlank())
        .orElseGet(() -> task.map(t -> "Add " + t.title())
            .orElse(type == RequestType.PHASE && !plan.phases().isEmpty() ? plan.phases().get(0).title() + " complete" : "Describe the change"));
    description = Character.toUpperCase(description.charAt(0)) + description.substring(1);
    return commitType + "(" + scope + "): " + description + task.map(t -> " [" + t.id() + "]").orElse("");
  }

  /** Spec 6.3's split: core logic, tests, documentation, with the lines each would carry. */
  static List<String> split(List<Diffs.Stat> stats) {
    Map<String, int[]> parts = new LinkedHashMap<>();
    parts.put("core logic", new int[2]);
    parts.put("tests", new int[2]);
    parts.put("documentation", new int[2]);
    for (Diffs.Stat s : stats) {
      String lower = s.path().toLowerCase(Locale.ROOT);
      String part = lower.matches("(^|.*/)(tests?|spec)(/.*)?") || lower.matches(".*(^|/)test_[^/]*|.*_test\\.[^/]+|.*tests?\\.[^/]+")
          ? "tests" : lower.endsWith(".md") || lower.startsWith("docs/") || lower.endsWith(".rst") || lower.endsWith(".txt")
          ? "documentation" : "core logic";
      parts.get(part)[0] += s.changed();
      parts.get(part)[1]++;
    }
    List<String> out = new ArrayList<>();
    int n = 1;
    for (Map.Entry<String, int[]> e : parts.entrySet()) {
      if (e.getValue()[1] > 0) {
        out.add("request " + n++ + ": " + e.getKey() + " (" + e.getValue()[1] + " file" + (e.getValue()[1] == 1 ? "" : "s")
            + ", " + e.getValue()[0] + " lines" + (e.getValue()[0] >= 1000 ? ": still extra-large, split it further" : "") + ")");
      }
    }
    return out;
  }

  static RequestType typeOf(Plan plan, String source, String target, Optional<Task> task) {
    if (source.equals(plan.branches().coordination()) && target.equals(plan.branches().main())) {
      return RequestType.PHASE;
    }
    if (source.startsWith(plan.branches().hotfixPrefix())) {
      return RequestType.FIX;
    }
    return task.map(t -> t.type() == TaskType.INTEGRATION ? RequestType.INTEGRATION
        : t.type() == TaskType.DOCS ? RequestType.DOCS : RequestType.COMPONENT).orElse(RequestType.COMPONENT);
  }

  /** The task a source delivers: its own, else its session's unmerged task whose deliverables it changes. */
  static List<Task> tasksOf(Plan plan, String source, String session, List<String> paths, Map<String, String> merged) {
    List<Task> own = plan.tasks().stream().filter(t -> t.branch().filter(source::equals).isPresent()).toList();
    if (!own.isEmpty()) {
      return own;
    }
    return plan.tasks().stream()
        .filter(t -> t.owner().equals(session) && t.branch().isEmpty() && !merged.containsKey(t.id()))
        .filter(t -> paths.stream().anyMatch(p -> t.deliverables().stream().anyMatch(d -> Deliverables.covers(d, p))))
        .toList();
  }

  /**
   * Reviewers asked when a request opens: a member of each other session that owns a changed path
   * (by deliverables, then CODEOWNERS); for security requests a security reviewer; else an
   * integration owner, else a member of the first other session. Never the author's session when
   * the plan wants reviewers from other sessions.
   */
  static List<String> chooseReviewers(Plan plan, Reviews.Request request, List<String> paths, Optional<CodeOwners> owners) {
    Set<String> sessions = new LinkedHashSet<>();
    for (String path : paths) {
      for (Task t : plan.tasks()) {
        if (t.deliverables().stream().anyMatch(d -> Deliverables.covers(d, path))) {
          sessions.add(t.owner());
        }
      }
      owners.flatMap(o -> o.match(path)).ifPresent(rule -> rule.owners()
          .forEach(o -> CodeOwners.sessionOf(plan, o).ifPresent(sessions::add)));
    }
    Set<String> authors = ReviewRules.authorSessions(plan, request);
    sessions.removeAll(authors);
    Set<String> chosen = new LinkedHashSet<>();
    for (String id : sessions) {
      plan.session(id).filter(s -> !s.members().isEmpty()).ifPresent(s -> chosen.add(s.members().get(0).email()));
    }
    List<Member> others = plan.sessions().stream().filter(s -> !authors.contains(s.id()))
        .flatMap(s -> s.members().stream()).toList();
    if (request.type().equals(RequestType.SECURITY.word())) {
      others.stream().filter(m -> ReviewRules.hasRole(plan, m.email(), Role.SECURITY_REVIEWER)).findFirst()
          .ifPresent(m -> chosen.add(m.email()));
    }
    int wanted = Math.max(1, ReviewRules.required(plan, ReviewRules.requiredType(plan, request, Optional.empty())));
    for (Member m : others.stream().filter(m -> ReviewRules.hasRole(plan, m.email(), Role.INTEGRATION_OWNER)).toList()) {
      if (chosen.size() >= wanted) {
        break;
      }
      chosen.add(m.email());
    }
    for (Session s : plan.sessions()) {
      if (chosen.size() >= wanted) {
        break;
      }
      if (!authors.contains(s.id()) && !s.members().isEmpty()) {
        chosen.add(s.members().get(0).email());
      }
    }
    return List.copyOf(chosen);
  }

  static List<Diffs.Stat> stats(Repository repo, ObjectId source, ObjectId target) throws IOException {
    List<ObjectId> bases = BranchScan.mergeBases(repo, target, source);
    if (bases.isEmpty()) {
      return List.of();
    }
    return Diffs.stat(repo, bases.get(0), source);
  }

  private static EventStore.Event event(Instant at, String kind, String subject, PersonIdent actor, Map<String, String> payload) {
    return new EventStore.Event(at, kind, subject, Optional.of(actor.getEmailAddress()), EventCodec.write(payload));
  }

  private static Invalid invalid(String field, String message) {
    return new Invalid(List.of(new InputError(field, message)));
  }
}
