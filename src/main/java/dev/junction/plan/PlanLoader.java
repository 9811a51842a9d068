package dev.junction.plan;

import dev.junction.plan.YamlFields.Located;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads and validates {@code junction.yaml}. Every problem is collected, each with its file, line
 * and field, so one run reports all of them; a plan is returned only when there is none.
 */
public final class PlanLoader {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
  private static final Pattern BRANCH_PATTERN = Pattern.compile("[A-Za-z0-9._/*?-]+");
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)([smhd])");
  private static final Pattern TASK_GLOB = Pattern.compile("[A-Za-z0-9._*?-]+");

  /** How deep collections may nest; the deepest the schema needs is 6. */
  private static final int NESTING = 50;

  private static final Set<String> TOP = Set.of(
      "version", "project", "branches", "sessions", "phases", "gates", "review", "protection", "gating");
  private static final Set<String> BRANCHES = Set.of(
      "main", "coordination", "session_patterns", "feature_prefix", "hotfix_prefix");
  private static final Set<String> SESSION = Set.of("id", "name", "branch", "roles", "members");
  private static final Set<String> MEMBER = Set.of("name", "email", "roles");
  private static final Set<String> PHASE = Set.of("id", "title", "criteria", "tasks");
  private static final Set<String> CRITERION = Set.of("text", "tasks", "gates", "files");
  private static final Set<String> TASK = Set.of(
      "id", "title", "owner", "type", "deliverables", "depends_on", "safe_after",
      "planned_window", "branch");
  private static final Set<String> GATE = Set.of(
      "name", "command", "workdir", "timeout", "env", "stages", "post_merge", "reports", "thresholds", "lint");
  private static final Set<String> REPORT = Set.of("type", "path", "source_roots", "max_size");
  private static final java.util.regex.Pattern SIZE = java.util.regex.Pattern.compile("(\\d{1,10})\\s*(B|KiB|MiB|GiB)?");
  private static final Set<String> THRESHOLDS = Set.of(
      "new_line_coverage", "overall_coverage", "fail_on_severity", "max_regression", "slo", "higher_is_better");
  private static final Set<String> SLO = Set.of("max", "min");
  private static final Set<String> LINT = Set.of("block");
  private static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low");
  private static final Set<String> REVIEW = Set.of("min_approvals", "other_session");
  private static final Set<String> GATING = Set.of("fail_fast");
  private static final Set<String> PROTECTION = Set.of("signed_commits", "message_convention", "plan_files");
  /** Merge request types of spec 6.1 and 7.1, the keys of {@code review.min_approvals}. */
  static final List<String> REQUEST_TYPES =
      List.of("component", "integration", "phase", "docs", "fix", "performance", "security");

  private final String file;
  private final List<PlanError> errors = new ArrayList<>();
  /** Where each task's fields were written, for errors found after reading. */
  private final Map<Task, TaskSite> sites = new IdentityHashMap<>();
  private final List<Located<String>> sessionSites = new ArrayList<>();
  private final List<Located<String>> branchSites = new ArrayList<>();
  private final List<Located<String>> memberSites = new ArrayList<>();
  private final List<Located<String>> phaseSites = new ArrayList<>();
  private final List<Located<String>> taskSites = new ArrayList<>();
  private final List<Located<String>> taskBranchSites = new ArrayList<>();
  private final List<Located<String>> gateSites = new ArrayList<>();
  /** Task globs and gate names that phase criteria give as evidence, checked once the plan is read. */
  private final List<Located<String>> criterionTaskSites = new ArrayList<>();
  private final List<Located<String>> criterionGateSites = new ArrayList<>();

  /** Lines of the fields a message about a valid plan may name ({@code branches.coordination}). */
  private final Map<String, Integer> lines = new HashMap<>();

  private PlanLoader(String file) {
    this.file = file;
  }

  /**
   * Loads a plan from raw bytes.
   *
   * @param file how to name the file in messages ({@code coordination:junction.yaml})
   */
  public static PlanLoad load(String file, byte[] content) {
    if (content.length > Plan.MAX_BYTES) {
      return tooLarge(file);
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(content)).toString();
    } catch (CharacterCodingException e) {
      return invalid(file, 0, "", "not YAML: the file is not UTF-8 text");
    }
    return load(file, text);
  }

  /** Plans loaded, by file name and text: a server reads the same plan for every request. */
  private static final int KEPT = 32;

  private static final Map<List<String>, PlanLoad> LOADED = new LinkedHashMap<>(KEPT, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<List<String>, PlanLoad> eldest) {
      return size() > KEPT;
    }
  };

  /**
   * Loads a plan from text; see {@link #load(String, byte[])}. A plan loaded before from the same
   * name and text is answered again (loading is a pure function of the two, and its answer immutable).
   */
  public static PlanLoad load(String file, String text) {
    List<String> key = List.of(file, text);
    synchronized (LOADED) {
      PlanLoad known = LOADED.get(key);
      if (known != null) {
        return known;
      }
    }
    PlanLoad loaded = parse(file, text);
    synchronized (LOADED) {
      LOADED.put(key, loaded);
    }
    return loaded;
  }

  private static PlanLoad parse(String file, String text) {
    if (text.length() > Plan.MAX_BYTES) {
      return tooLarge(file);
    }
    int line = 1;
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == '\n') {
        if (i - start > Plan.MAX_LINE) {
          return invalid(file, line, "", "line " + line + " is longer than " + Plan.MAX_LINE + " characters");
        }
        line++;
        start = i + 1;
      }
    }
    return new PlanLoader(file).read(text);
  }

  private static PlanLoad tooLarge(String file) {
    return invalid(file, 0, "", "the file is larger than " + (Plan.MAX_BYTES >> 20) + " MiB");
  }

  private static PlanLoad invalid(String file, int line, String field, String message) {
    return new PlanLoad.Invalid(List.of(new PlanError(file, line, field, message)));
  }

  private PlanLoad read(String text) {
    if (text.isBlank()) {
      return invalid(file, 0, "", "empty file: a plan needs at least version, branches, sessions and phases");
    }
    Node root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(true); // repeated keys are reported with both lines below
      options.setMaxAliasesForCollections(20);
      options.setNestingDepthLimit(NESTING);
      root = new Yaml(options).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      int line = mark == null ? 0 : mark.getLine() + 1;
      String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
      return invalid(file, line, "", "not YAML: " + oneLine(problem));
    } catch (YAMLException e) {
      String message = e.getMessage() == null ? "" : e.getMessage();
      if (message.startsWith("Nesting Depth exceeded")) {
        message = "collections nested deeper than " + NESTING + " levels";
      }
      return invalid(file, 0, "", "not YAML: " + oneLine(message));
    }
    if (root == null) {
      return invalid(file, 0, "", "empty file: a plan needs at least version, branches, sessions and phases");
    }
    Optional<YamlFields> top = YamlFields.of(file, "", root, TOP, errors);
    if (top.isEmpty()) {
      return new PlanLoad.Invalid(errors);
    }
    Plan plan = plan(top.get());
    crossCheck(plan);
    if (!errors.isEmpty()) {
      List<PlanError> sorted = new ArrayList<>(errors);
      sorted.sort(Comparator.comparingInt(PlanError::line));
      return new PlanLoad.Invalid(sorted);
    }
    return new PlanLoad.Loaded(plan, lines);
  }

  private Plan plan(YamlFields top) {
    Optional<Integer> version = top.integer("version");
    if (version.isEmpty() && top.node("version").isEmpty()) {
      top.error(top.lineOf("version"), "version", "required field is missing (write version: 1)");
    } else if (version.isPresent() && version.get() != 1) {
      top.error(top.lineOf("version"), "version", "unsupported version " + version.get() + " (this Junction reads 1)");
    }
    String project = top.string("project").orElse("");
    Branches branches = top.node("branches")
        .flatMap(n -> YamlFields.of(file, "branches", n, BRANCHES, errors))
        .map(this::branches)
        .orElse(null);
    if (top.node("branches").isEmpty()) {
      top.error(top.lineOf("branches"), "branches", "required field is missing");
    }
    List<Session> sessions = new ArrayList<>();
    for (Located<Node> item : top.nonEmptyItems("sessions", "a plan needs at least one session")) {
      YamlFields.of(file, item.path(), item.value(), SESSION, errors).map(this::session).ifPresent(sessions::add);
    }
    if (top.node("sessions").isEmpty()) {
      top.error(top.lineOf("sessions"), "sessions", "required field is missing: a plan needs at least one session");
    }
    List<Phase> phases = new ArrayList<>();
    for (Located<Node> item : top.nonEmptyItems("phases", "a plan needs at least one phase")) {
      YamlFields.of(file, item.path(), item.value(), PHASE, errors).map(this::phase).ifPresent(phases::add);
    }
    if (top.node("phases").isEmpty()) {
      top.error(top.lineOf("phases"), "phases", "required field is missing: a plan needs at least one phase");
    }
    List<Gate> gates = new ArrayList<>();
    for (Located<Node> item : top.items("gates")) {
      YamlFields.of(file, item.path(), item.value(), GATE, errors).map(this::gate).ifPresent(gates::add);
    }
    ReviewPolicy review = top.node("review")
        .flatMap(n -> YamlFields.of(file, "review", n, REVIEW, errors))
        .map(this::review)
        .orElse(ReviewPolicy.defaults());
    Protection protection = top.node("protection")
        .flatMap(n -> YamlFields.of(file, "protection", n, PROTECTION, errors))
        .map(f -> new Protection(
            f.bool("signed_commits").orElse(false), f.bool("message_convention").orElse(false), planFiles(f)))
        .orElse(Protection.defaults());
    Gating gating = top.node("gating")
        .flatMap(n -> YamlFields.of(file, "gating", n, GATING, errors))
        .map(this::gating)
        .orElse(Gating.defaults());
    return new Plan(file, project, branches, sessions, phases, gates, review, protection, gating);
  }

  /** {@code gating}: {@code fail_fast} is true or false, or the list of targets it holds for. */
  private Gating gating(YamlFields f) {
    Optional<Node> failFast = f.node("fail_fast");
    if (failFast.isEmpty()) {
      return Gating.defaults();
    }
    if (failFast.get() instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)) {
      return new Gating(f.bool("fail_fast").orElse(false), List.of());
    }
    if (!(failFast.get() instanceof SequenceNode)) {
      f.error(YamlFields.line(failFast.get()), f.pathOf("fail_fast"),
          "expected true, false or a list of target branches, found " + YamlFields.kind(failFast.get()));
      return Gating.defaults();
    }
    List<String> targets = new ArrayList<>();
    for (Located<String> t : f.strings("fail_fast")) {
      targets.add(t.value());
    }
    return new Gating(false, targets);
  }

  /** {@code protection.plan_files}: paths inside the repository, as deliverables are written. */
  private static List<String> planFiles(YamlFields f) {
    List<String> out = new ArrayList<>();
    for (Located<String> p : f.strings("plan_files")) {
      Optional<String> problem = Deliverables.problem(p.value(), "plan files");
      problem.ifPresent(why -> f.error(p.line(), p.path(), why));
      if (problem.isEmpty()) {
        out.add(p.value());
      }
    }
    return out;
  }

  private Branches branches(YamlFields f) {
    String main = branchName(f, "main");
    String coordination = branchName(f, "coordination");
    lines.put(f.pathOf("coordination"), f.lineOf("coordination"));
    if (main != null && main.equals(coordination)) {
      f.error(f.lineOf("coordination"), f.pathOf("coordination"), "must differ from main ('" + main + "')");
    }
    List<String> patterns = new ArrayList<>();
    for (Located<String> p : f.strings("session_patterns")) {
      if (!BRANCH_PATTERN.matcher(p.value()).matches() || p.value().contains("//")) {
        f.error(p.line(), p.path(), "'" + p.value() + "' is not a branch name pattern");
      } else {
        patterns.add(p.value());
      }
    }
    String feature = prefix(f, "feature_prefix", "feature/");
    String hotfix = prefix(f, "hotfix_prefix", "hotfix/");
    return new Branches(main, coordination, patterns, feature, hotfix);
  }

  private String prefix(YamlFields f, String key, String fallback) {
    String value = f.string(key).orElse(fallback);
    if (!value.endsWith("/") || !RefNames.isValidBranch(value + "x")) {
      f.error(f.lineOf(key), f.pathOf(key), "'" + value + "' is not a branch prefix ending in /");
    }
    return value;
  }

  private String branchName(YamlFields f, String key) {
    String name = f.requiredString(key);
    if (name != null && !RefNames.isValidBranch(name)) {
      f.error(f.lineOf(key), f.pathOf(key), "'" + name + "' is not a valid branch name");
      return null;
    }
    return name;
  }

  private Session session(YamlFields f) {
    String id = id(f);
    String branch = f.string("branch").orElse(null);
    if (branch != null && !RefNames.isValidBranch(branch)) {
      f.error(f.lineOf("branch"), f.pathOf("branch"), "'" + branch + "' is not a valid branch name");
    }
    Set<Role> roles = roles(f);
    List<Member> members = new ArrayList<>();
    for (Located<Node> item : f.items("members")) {
      YamlFields.of(file, item.path(), item.value(), MEMBER, errors).ifPresent(m -> {
        String email = m.requiredString("email");
        if (email != null && !EMAIL.matcher(email).matches()) {
          m.error(m.lineOf("email"), m.pathOf("email"), "'" + email + "' is not an e-mail address");
        }
        members.add(new Member(m.string("name").orElse(email), email, roles(m)));
        memberSites.add(new Located<>(email, m.lineOf("email"), m.pathOf("email")));
      });
    }
    sessionSites.add(new Located<>(id, f.lineOf("id"), f.pathOf("id")));
    branchSites.add(new Located<>(branch, f.lineOf("branch"), f.pathOf("branch")));
    return new Session(id, f.string("name").orElse(id), Optional.ofNullable(branch), roles, members);
  }

  private Set<Role> roles(YamlFields f) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (Located<String> r : f.strings("roles")) {
      Optional<Role> role = Role.of(r.value());
      if (role.isEmpty()) {
        f.error(r.line(), r.path(), "unknown role '" + r.value()
            + "' (expected coordinator, integration-owner or security-reviewer)");
      } else {
        roles.add(role.get());
      }
    }
    return roles;
  }

  private String id(YamlFields f) {
    String id = f.requiredString("id");
    if (id != null && !ID.matcher(id).matches()) {
      f.error(f.lineOf("id"), f.pathOf("id"), "'" + id + "' is not an id (letters, digits, '.', '_', '-')");
    }
    return id;
  }

  private Phase phase(YamlFields f) {
    String id = id(f);
    phaseSites.add(new Located<>(id, f.lineOf("id"), f.pathOf("id")));
    List<Criterion> criteria = criteria(f);
    List<Task> tasks = new ArrayList<>();
    for (Located<Node> item : f.nonEmptyItems("tasks", "a phase needs at least one task")) {
      YamlFields.of(file, item.path(), item.value(), TASK, errors).map(t -> task(t, id)).ifPresent(tasks::add);
    }
    if (f.node("tasks").isEmpty()) {
      f.error(f.lineOf("tasks"), f.pathOf("tasks"), "a phase needs at least one task");
    }
    return new Phase(id, f.string("title").orElse(id), criteria, tasks);
  }

  /** A phase's criteria: each a sentence, or a mapping of its sentence and its evidence. */
  private List<Criterion> criteria(YamlFields f) {
    if (f.node("criteria").filter(n -> n instanceof ScalarNode).isPresent()) {
      return f.strings("criteria").stream().map(c -> Criterion.words(c.value())).toList();
    }
    List<Criterion> out = new ArrayList<>();
    for (Located<Node> item : f.items("criteria")) {
      if (item.value() instanceof MappingNode) {
        YamlFields.of(file, item.path(), item.value(), CRITERION, errors).map(this::criterion).ifPresent(out::add);
      } else {
        f.scalar(item.value(), item.path()).ifPresent(text -> out.add(Criterion.words(text)));
      }
    }
    return out;
  }

  private Criterion criterion(YamlFields c) {
    String text = c.requiredString("text");
    List<String> tasks = new ArrayList<>();
    for (Located<String> glob : evidence(c, "tasks")) {
      if (!TASK_GLOB.matcher(glob.value()).matches()) {
        c.error(glob.line(), glob.path(), "'" + glob.value() + "' is not a task id or glob (letters, digits, '.', '_', '-', '*', '?')");
      } else {
        tasks.add(glob.value());
        criterionTaskSites.add(glob);
      }
    }
    List<String> gates = new ArrayList<>();
    for (Located<String> gate : evidence(c, "gates")) {
      gates.add(gate.value());
      criterionGateSites.add(gate);
    }
    List<String> files = new ArrayList<>();
    for (Located<String> path : evidence(c, "files")) {
      Optional<String> problem = Deliverables.problem(path.value(), "files")
          .or(() -> Deliverables.isGlob(path.value())
              ? Optional.of("'" + path.value() + "' is a glob; files are paths (a file, or a folder)") : Optional.empty());
      problem.ifPresentOrElse(p -> c.error(path.line(), path.path(), p), () -> files.add(path.value()));
    }
    return new Criterion(text == null ? "" : text, tasks, gates, files);
  }

  /** An evidence list of a criterion; written, it names at least one thing. */
  private static List<Located<String>> evidence(YamlFields c, String key) {
    if (c.node(key).filter(n -> n instanceof SequenceNode s && s.getValue().isEmpty()).isPresent()) {
      c.error(c.lineOf(key), c.pathOf(key), "empty list: name at least one, or leave " + key + " out");
    }
    return c.strings(key);
  }

  private Task task(YamlFields f, String phase) {
    String id = id(f);
    String title = f.requiredString("title");
    String owner = f.requiredString("owner");
    TaskType type = TaskType.COMPONENT;
    Optional<String> typeWord = f.string("type");
    if (typeWord.isPresent()) {
      Optional<TaskType> parsed = TaskType.of(typeWord.get());
      if (parsed.isEmpty()) {
        f.error(f.lineOf("type"), f.pathOf("type"), "unknown task type '" + typeWord.get()
            + "' (expected component, integration, validation, docs or cli)");
      } else {
        type = parsed.get();
      }
    }
    List<String> deliverables = new ArrayList<>();
    for (Located<String> d : f.strings("deliverables")) {
      Optional<String> problem = Deliverables.problem(d.value());
      problem.ifPresent(p -> f.error(d.line(), d.path(), p));
      if (problem.isEmpty()) {
        deliverables.add(d.value());
      }
    }
    List<Located<String>> depends = f.strings("depends_on");
    Optional<Integer> window = f.integer("planned_window");
    window.filter(w -> w < 1).ifPresent(w ->
        f.error(f.lineOf("planned_window"), f.pathOf("planned_window"), "windows count from 1"));
    Optional<String> branch = f.string("branch");
    branch.filter(b -> !RefNames.isValidBranch(b)).ifPresent(b ->
        f.error(f.lineOf("branch"), f.pathOf("branch"), "'" + b + "' is not a valid branch name"));
    branch.ifPresent(b -> taskBranchSites.add(new Located<>(b, f.lineOf("branch"), f.pathOf("branch"))));
    Task task = new Task(id, title, owner, type, deliverables,
        depends.stream().map(Located::value).toList(),
        f.string("safe_after").orElse(""), window, branch, phase);
    Located<String> idSite = new Located<>(id, f.lineOf("id"), f.pathOf("id"));
    sites.put(task, new TaskSite(idSite, new Located<>(owner, f.lineOf("owner"), f.pathOf("owner")), depends));
    taskSites.add(idSite);
    return task;
  }

  private Gate gate(YamlFields f) {
    String name = f.requiredString("name");
    List<String> command = List.of();
    Optional<Node> raw = f.node("command");
    if (raw.isPresent() && raw.get() instanceof ScalarNode) {
      command = List.of("sh", "-c", f.string("command").orElse(""));
    } else if (raw.isPresent()) {
      command = f.strings("command").stream().map(Located::value).toList();
      if (command.isEmpty()) {
        f.error(f.lineOf("command"), f.pathOf("command"), "empty command");
      }
    }
    if (name != null) {
      gateSites.add(new Located<>(name, f.lineOf("name"), f.pathOf("name")));
    }
    String workdir = f.string("workdir").orElse(".");
    insideTree(f, "workdir", workdir);
    Map<String, String> env = f.freeMap("env", (key, n) -> f.scalar(n.value(), n.path()));
    Set<Stage> stages = EnumSet.noneOf(Stage.class);
    for (Located<String> s : f.strings("stages")) {
      Stage.of(s.value()).ifPresentOrElse(stages::add, () -> f.error(s.line(), s.path(),
          "unknown stage '" + s.value() + "' (expected component, integration or phase)"));
    }
    Duration timeout = f.string("timeout").map(t -> duration(f, t)).orElse(Duration.ofMinutes(30));
    List<Gate.Report> reports = new ArrayList<>();
    for (Located<Node> item : f.items("reports")) {
      YamlFields.of(file, item.path(), item.value(), REPORT, errors).ifPresent(r -> {
        String type = r.requiredString("type");
        String path = r.requiredString("path");
        Optional<Gate.ReportType> parsed = type == null ? Optional.empty() : Gate.ReportType.of(type);
        if (type != null && parsed.isEmpty()) {
          r.error(r.lineOf("type"), r.pathOf("type"), "unknown report type '" + type
              + "' (expected junit, jacoco, cobertura, sarif, jmh or benchmark-json)");
        }
        if (path != null) {
          Deliverables.problem(path).ifPresent(p -> r.error(r.lineOf("path"), r.pathOf("path"), p));
        }
        List<String> roots = r.strings("source_roots").stream().map(Located::value).toList();
        long maxBytes = r.string("max_size").map(text -> size(r, text)).orElse(Gate.Report.DEFAULT_MAX_BYTES);
        parsed.ifPresent(t -> reports.add(new Gate.Report(t, path == null ? "" : path, roots, maxBytes)));
      });
    }
    Gate.Thresholds thresholds = f.node("thresholds")
        .flatMap(n -> YamlFields.of(file, f.pathOf("thresholds"), n, THRESHOLDS, errors))
        .map(t -> thresholds(t, reports))
        .orElse(Gate.Thresholds.none());
    Optional<Gate.Lint> lint = f.node("lint")
        .flatMap(n -> YamlFields.of(file, f.pathOf("lint"), n, LINT, errors))
        .map(l -> {
          Set<String> block = new java.util.TreeSet<>();
          for (Located<String> rule : l.strings("block")) {
            if (Gate.Lint.RULES.contains(rule.value())) {
              block.add(rule.value());
            } else {
              l.error(rule.line(), rule.path(), "unknown lint rule '" + rule.value() + "' (expected "
                  + String.join(", ", Gate.Lint.RULES) + ")");
            }
          }
          return new Gate.Lint(block);
        });
    if (command.isEmpty() && lint.isEmpty() && raw.isEmpty()) {
      f.error(f.line(), f.pathOf("command"), "a gate needs a command, a lint, or both");
    }
    if (command.isEmpty() && !reports.isEmpty()) {
      f.error(f.lineOf("reports"), f.pathOf("reports"), "reports need a command that writes them");
    }
    return new Gate(name, command, workdir, timeout, env, stages,
        f.bool("post_merge").orElse(false), reports, thresholds, lint);
  }

  private Gate.Thresholds thresholds(YamlFields t, List<Gate.Report> reports) {
    Optional<Double> newLines = fraction(t, "new_line_coverage");
    Optional<Double> overall = fraction(t, "overall_coverage");
    if ((newLines.isPresent() || overall.isPresent()) && reports.stream().noneMatch(r -> r.type().isCoverage())) {
      t.error(t.line(), t.path(), "coverage thresholds need a jacoco or cobertura report");
    }
    Optional<String> severity = t.string("fail_on_severity");
    severity.filter(s -> !SEVERITIES.contains(s)).ifPresent(s -> t.error(t.lineOf("fail_on_severity"),
        t.pathOf("fail_on_severity"), "unknown severity '" + s + "' (expected critical, high, medium or low)"));
    if (severity.isPresent() && reports.stream().noneMatch(r -> r.type() == Gate.ReportType.SARIF)) {
      t.error(t.lineOf("fail_on_severity"), t.pathOf("fail_on_severity"), "needs a sarif report");
    }
    Optional<Double> regression = number(t, "max_regression");
    regression.filter(r -> r < 0).ifPresent(r -> t.error(t.lineOf("max_regression"), t.pathOf("max_regression"),
        "must not be negative (0.10 allows 10% slower)"));
    Map<String, Gate.Slo> slo = t.freeMap("slo", (name, n) -> YamlFields.of(file, n.path(), n.value(), SLO, errors)
        .map(s -> new Gate.Slo(number(s, "max"), number(s, "min"))));
    if ((regression.isPresent() || !slo.isEmpty()) && reports.stream().noneMatch(r -> r.type().isBenchmark())) {
      t.error(t.line(), t.path(), "benchmark thresholds need a jmh or benchmark-json report");
    }
    Set<String> higher = new java.util.TreeSet<>();
    t.strings("higher_is_better").forEach(h -> higher.add(h.value()));
    return new Gate.Thresholds(newLines, overall, severity, regression, slo, higher);
  }

  private Optional<Double> fraction(YamlFields f, String key) {
    Optional<Double> value = number(f, key);
    value.filter(v -> v < 0 || v > 1).ifPresent(v -> f.error(f.lineOf(key), f.pathOf(key),
        "must be between 0 and 1 (0.80 means 80%)"));
    return value;
  }

  private Optional<Double> number(YamlFields f, String key) {
    return f.node(key).flatMap(n -> {
      if (n instanceof ScalarNode s && (s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT))) {
        try {
          return Optional.of(Double.parseDouble(s.getValue()));
        } catch (NumberFormatException e) {
          // reported below
        }
      }
      f.error(YamlFields.line(n), f.pathOf(key), "expected a number, found " + YamlFields.kind(n));
      return Optional.empty();
    });
  }

  private void insideTree(YamlFields f, String key, String path) {
    if (!path.equals(".")) {
      Deliverables.problem(path).ifPresent(p -> f.error(f.lineOf(key), f.pathOf(key), p));
    }
  }

  /** A report's size cap: bytes, or a number of KiB, MiB or GiB, from 1 KiB to 1 GiB. */
  private long size(YamlFields f, String text) {
    var m = SIZE.matcher(text.trim());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      int shift = m.group(2) == null || m.group(2).equals("B") ? 0 : m.group(2).equals("KiB") ? 10
          : m.group(2).equals("MiB") ? 20 : 30;
      if (n <= Gate.Report.MAX_MAX_BYTES >> shift) {
        long bytes = n << shift;
        if (bytes >= Gate.Report.MIN_MAX_BYTES) {
          return bytes;
        }
      }
    }
    f.error(f.lineOf("max_size"), f.pathOf("max_size"),
        "'" + text + "' is not a size from 1KiB to 1GiB (bytes, or a number of KiB, MiB or GiB such as 64MiB)");
    return Gate.Report.DEFAULT_MAX_BYTES;
  }

  private Duration duration(YamlFields f, String text) {
    var m = SHORT_DURATION.matcher(text.trim());
    if (m.matches() && Long.parseLong(m.group(1)) > 0) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      Duration parsed = Duration.parse(text.trim());
      if (!parsed.isNegative() && !parsed.isZero()) {
        return parsed;
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    f.error(f.lineOf("timeout"), f.pathOf("timeout"),
        "'" + text + "' is not a positive duration (90s, 10m, 2h, 1d or ISO-8601 such as PT30M)");
    return Duration.ofMinutes(30);
  }

  private ReviewPolicy review(YamlFields f) {
    Map<String, Integer> min = f.freeMap("min_approvals", (type, n) -> {
      if (!REQUEST_TYPES.contains(type)) {
        f.error(n.line(), n.path(), "unknown request type '" + type + "' (expected one of "
            + String.join(", ", REQUEST_TYPES) + ")");
        return Optional.empty();
      }
      if (n.value() instanceof ScalarNode s && s.getTag().equals(Tag.INT) && s.getValue().matches("\\d+")) {
        return Optional.of(Integer.parseInt(s.getValue()));
      }
      f.error(n.line(), n.path(), "expected a whole number, found " + YamlFields.kind(n.value()));
      return Optional.empty();
    });
    return new ReviewPolicy(min, f.bool("other_session").orElse(true));
  }

  /** Checks across fields: unique ids, references, phase order, cycles. */
  private void crossCheck(Plan plan) {
    unique(sessionSites, "session id");
    unique(phaseSites, "phase id");
    unique(taskSites, "task id");
    unique(memberSites, "member e-mail");
    unique(gateSites, "gate name");
    uniqueBranches(plan);
    Map<String, Integer> phaseIndex = new HashMap<>();
    for (int i = 0; i < plan.phases().size(); i++) {
      phaseIndex.putIfAbsent(plan.phases().get(i).id(), i);
    }
    Set<String> sessionIds = new HashSet<>();
    plan.sessions().stream().map(Session::id).filter(java.util.Objects::nonNull).forEach(sessionIds::add);
    Map<String, Task> tasks = new LinkedHashMap<>();
    plan.tasks().forEach(t -> tasks.putIfAbsent(t.id(), t));
    for (Task task : plan.tasks()) {
      TaskSite site = sites.get(task);
      if (task.id() == null) {
        continue;
      }
      if (task.owner() != null && !sessionIds.contains(task.owner())) {
        errors.add(new PlanError(file, site.owner().line(), site.owner().path(),
            "unknown owner '" + task.owner() + "' (sessions: " + String.join(", ", sessionIds.stream().sorted().toList()) + ")"));
      }
      Set<String> seen = new HashSet<>();
      for (Located<String> dep : site.dependsOn()) {
        Task target = tasks.get(dep.value());
        if (dep.value().equals(task.id())) {
          errors.add(new PlanError(file, dep.line(), dep.path(), "task depends on itself: " + task.id() + " -> " + task.id()));
        } else if (target == null) {
          errors.add(new PlanError(file, dep.line(), dep.path(), "unknown dependency '" + dep.value() + "'"));
        } else if (!seen.add(dep.value())) {
          errors.add(new PlanError(file, dep.line(), dep.path(), "dependency '" + dep.value() + "' listed twice"));
        } else if (phaseIndex.getOrDefault(target.phase(), 0) > phaseIndex.getOrDefault(task.phase(), 0)) {
          errors.add(new PlanError(file, dep.line(), dep.path(), "depends on " + dep.value()
              + " of the later phase " + target.phase() + " (" + task.id() + " is in " + task.phase() + ")"));
        }
      }
    }
    cycles(plan);
    criterionEvidence(plan);
  }

  /** Task globs of phase criteria must match a task, and their gates must exist. */
  private void criterionEvidence(Plan plan) {
    for (Located<String> glob : criterionTaskSites) {
      if (plan.tasks().stream().noneMatch(t -> t.id() != null && Criterion.matches(glob.value(), t.id()))) {
        errors.add(new PlanError(file, glob.line(), glob.path(), "'" + glob.value() + "' matches no task of the plan"));
      }
    }
    List<String> names = plan.gates().stream().map(Gate::name).filter(java.util.Objects::nonNull).toList();
    for (Located<String> gate : criterionGateSites) {
      if (!names.contains(gate.value())) {
        errors.add(new PlanError(file, gate.line(), gate.path(), "unknown gate '" + gate.value() + "' ("
            + (names.isEmpty() ? "the plan has no gates" : "gates: " + String.join(", ", names)) + ")"));
      }
    }
  }

  /** Reports dependency cycles, one per strongly connected set of tasks. */
  private void cycles(Plan plan) {
    List<Task> named = plan.tasks().stream().filter(t -> t.id() != null).toList();
    Map<String, TaskSite> byId = new HashMap<>();
    named.forEach(t -> byId.putIfAbsent(t.id(), sites.get(t)));
    for (List<String> cycle : TaskGraph.cycles(named)) {
      if (cycle.size() == 2) {
        continue; // a task depending on itself, reported above
      }
      TaskSite site = byId.get(cycle.get(0));
      Located<String> edge = site.dependsOn().stream()
          .filter(d -> d.value().equals(cycle.get(1))).findFirst().orElse(site.id());
      errors.add(new PlanError(file, edge.line(), edge.path(), "dependency cycle: " + String.join(" -> ", cycle)));
    }
  }

  private void uniqueBranches(Plan plan) {
    Map<String, Located<String>> seen = new HashMap<>();
    Branches b = plan.branches();
    if (b == null) {
      return;
    }
    for (Located<String> site : taskBranchSites) {
      if (site.value().equals(b.main()) || site.value().equals(b.coordination())) {
        errors.add(new PlanError(file, site.line(), site.path(), "a task branch cannot be main or coordination"));
      }
    }
    for (Located<String> site : branchSites) {
      if (site.value() == null) {
        continue;
      }
      if (site.value().equals(b.main()) || site.value().equals(b.coordination())) {
        errors.add(new PlanError(file, site.line(), site.path(), "a session branch cannot be main or coordination"));
      } else if (seen.containsKey(site.value())) {
        errors.add(new PlanError(file, site.line(), site.path(), "branch '" + site.value()
            + "' already belongs to another session (line " + seen.get(site.value()).line() + ")"));
      } else if (!b.sessionPatterns().isEmpty()
          && b.sessionPatterns().stream().noneMatch(p -> Deliverables.covers(p, site.value()))) {
        errors.add(new PlanError(file, site.line(), site.path(), "'" + site.value()
            + "' matches none of branches.session_patterns (" + String.join(", ", b.sessionPatterns()) + ")"));
      }
      seen.putIfAbsent(site.value(), site);
    }
  }

  private void unique(List<Located<String>> sites, String what) {
    Map<String, Located<String>> first = new HashMap<>();
    for (Located<String> site : sites) {
      if (site.value() == null) {
        continue;
      }
      Located<String> earlier = first.putIfAbsent(site.value(), site);
      if (earlier != null) {
        errors.add(new PlanError(file, site.line(), site.path(), "duplicate " + what + " '" + site.value()
            + "' (first at line " + earlier.line() + ")" + (what.startsWith("member") ? ": a member belongs to one session" : "")));
      }
    }
  }

  private static String oneLine(String text) {
    return text == null ? "unreadable" : text.replaceAll("\\s+", " ").trim();
  }

  /** Where a task's id, owner and dependencies were written. */
  private record TaskSite(Located<String> id, Located<String> owner, List<Located<String>> dependsOn) {}
}
