package dev.junction.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PlanLoaderTest {
  private static final String FILE = "junction.yaml";

  /** Lines 1 to 4 of most inputs below, so their own text starts at line 5. */
  private static final String HEADER = """
      version: 1
      branches:
        main: main
        coordination: coord
      """;

  /** Lines 5 to 10: one session {@code s}, one phase {@code p} with one task {@code A}. */
  private static final String MINIMAL = HEADER + """
      sessions:
        - id: s
      phases:
        - id: p
          tasks:
            - {id: A, title: First task, owner: s}
      """;

  // --- the file as a whole -------------------------------------------------------------------

  @Test
  void aPlanLoadedBeforeFromTheSameNameAndTextIsAnsweredAgain() {
    String yaml = dev.junction.testing.Plans.HUB;
    PlanLoad first = PlanLoader.load("a.yaml", yaml);
    assertThat(first).isInstanceOf(PlanLoad.Loaded.class);
    assertThat(PlanLoader.load("a.yaml", yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isSameAs(first);
    assertThat(PlanLoader.load("b.yaml", yaml)).as("named otherwise in its errors").isNotSameAs(first);
    PlanLoad changed = PlanLoader.load("a.yaml", yaml + "bogus: 1\n");
    assertThat(changed).as("another text is loaded anew").isInstanceOf(PlanLoad.Invalid.class);
    assertThat(((PlanLoad.Invalid) changed).errors().get(0).toString()).contains("a.yaml:", "bogus");
  }

  @Test
  void reportsEmptyFileWithoutLine() {
    PlanError error = onlyError("");

    assertError(error, 0, "", "empty file");
    assertThat(error.toString()).startsWith("junction.yaml: empty file: ");
  }

  @Test
  void reportsWhitespaceOnlyFileAsEmpty() {
    assertError(onlyError("  \n\n\t\n   "), 0, "", "empty file");
  }

  @Test
  void reportsFileOfOnlyCommentsAsEmpty() {
    assertError(onlyError("# a plan will come here\n"), 0, "", "empty file");
  }

  @Test
  void refusesDeeplyNestedFlowCollectionsNamingTheFile() {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);

    PlanError error = onlyError(HEADER + "project: " + deep + "\n");

    assertThat(error.file()).isEqualTo(FILE);
    assertThat(error.message()).startsWith("not YAML: ").contains("nested");
  }

  @Test
  void refusesDeeplyNestedBlockMappingsNamingTheFile() {
    StringBuilder deep = new StringBuilder(HEADER + "project:\n");
    for (int i = 1; i <= 200; i++) {
      deep.append("  ".repeat(i)).append("k:\n");
    }

    PlanError error = onlyError(deep.toString());

    assertThat(error.file()).isEqualTo(FILE);
    assertThat(error.message()).startsWith("not YAML: ").contains("nested");
  }

  @Test
  void refusesAVeryLargePlanNamingTheFileAndTheLimit() {
    String large = MINIMAL + "# " + "x".repeat(5 * 1024 * 1024) + "\n";

    PlanError error = onlyError(PlanLoader.load(FILE, large.getBytes(StandardCharsets.UTF_8)));

    assertThat(error.file()).isEqualTo(FILE);
    assertThat(error.message()).contains("larger than").contains("MiB");
  }

  @Test
  void refusesAVeryLongLineNamingItsNumber() {
    PlanError error = onlyError(MINIMAL + "# " + "x".repeat(Plan.MAX_LINE) + "\n");

    assertError(error, 11, "", "line 11 is longer than " + Plan.MAX_LINE + " characters");
  }

  @Test
  void loadsAPlanJustUnderTheLimits() {
    String padding = ("# " + "x".repeat(1000) + "\n").repeat(100);

    assertThat(loaded(PlanLoader.load(FILE, (MINIMAL + padding).getBytes(StandardCharsets.UTF_8))).sessions())
        .hasSize(1);
  }

  @Test
  void refusesAnAliasBombNamingTheFile() {
    StringBuilder bomb = new StringBuilder(HEADER + "project:\n  a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 12; i++) {
      bomb.append("  a").append(i).append(": &a").append(i).append(" [")
          .append(String.join(", ", java.util.Collections.nCopies(9, "*a" + (i - 1)))).append("]\n");
    }

    PlanError error = onlyError(bomb.toString());

    assertThat(error.file()).isEqualTo(FILE);
    assertThat(error.message()).startsWith("not YAML: ");
  }

  @Test
  void reportsUnbalancedBracketAsNotYamlWithLine() {
    PlanError error = onlyError(HEADER + """
        sessions: [s
        phases: []
        """);

    assertError(error, 6, "", "not YAML: ");
    assertThat(error.message()).contains("']'");
  }

  @Test
  void reportsBadIndentationAsNotYamlWithLine() {
    PlanError error = onlyError("""
        version: 1
        branches:
          main: main
         coordination: coord
        """);

    assertError(error, 4, "", "not YAML: ");
  }

  @Test
  void reportsTopLevelListAsNotAMapping() {
    assertError(onlyError("""
        - version: 1
        - branches: {}
        """), 1, "", "expected a mapping, found a list");
  }

  @Test
  void reportsTopLevelScalarAsNotAMapping() {
    assertError(onlyError("just some words\n"), 1, "", "expected a mapping, found 'just some words'");
  }

  @Test
  void reportsBytesThatAreNotUtf8() {
    byte[] latin1 = (MINIMAL + "project: Café\n").getBytes(StandardCharsets.ISO_8859_1);

    PlanError error = onlyError(PlanLoader.load(FILE, latin1));

    assertError(error, 0, "", "not UTF-8");
    assertThat(error.toString()).isEqualTo("junction.yaml: not YAML: the file is not UTF-8 text");
  }

  // --- keys ----------------------------------------------------------------------------------

  @Test
  void reportsUnknownTopLevelKeyListingExpectedKeys() {
    PlanError error = onlyError(MINIMAL + "colour: blue\n");

    assertError(error, 11, "colour", "unknown key");
    assertThat(error.message())
        .contains("branches, gates, gating, phases, project, protection, review, sessions, version");
  }

  @Test
  void reportsUnknownSessionKeyListingExpectedKeys() {
    PlanError error = onlyError(HEADER + """
        sessions:
          - id: s
            colour: blue
        phases:
          - id: p
            tasks:
              - {id: A, title: First task, owner: s}
        """);

    assertError(error, 7, "sessions[0].colour", "unknown key");
    assertThat(error.message()).contains("branch, id, members, name, roles");
  }

  @Test
  void reportsUnknownTaskKeyListingExpectedKeys() {
    PlanError error = onlyError(HEADER + """
        sessions:
          - id: s
        phases:
          - id: p
            tasks:
              - id: A
                title: First task
                owner: s
                colour: blue
        """);

    assertError(error, 13, "phases[0].tasks[0].colour", "unknown key");
    assertThat(error.message()).contains(
        "branch, deliverables, depends_on, id, owner, planned_window, safe_after, title, type");
  }

  @Test
  void reportsRepeatedYamlKeyWithLineOfFirst() {
    PlanError error = onlyError(HEADER + """
        sessions:
          - id: s
        phases:
          - id: p
            tasks:
              - id: A
                title: First task
                owner: s
                title: Again
        """);

    assertError(error, 13, "phases[0].tasks[0].title", "repeated key (first at line 11)");
  }

  // --- unique ids ----------------------------------------------------------------------------

  @Test
  void reportsDuplicateTaskIdWithLineOfFirst() {
    PlanError error = onlyError(MINIMAL + """
          - id: q
            tasks:
              - {id: A, title: Second task, owner: s}
        """);

    assertError(error, 13, "phases[1].tasks[0].id", "duplicate task id 'A' (first at line 10)");
  }

  @Test
  void reportsDuplicateSessionIdWithLineOfFirst() {
    PlanError error = onlyError(HEADER + """
        sessions:
          - id: s
          - id: s
        phases:
          - id: p
            tasks:
              - {id: A, title: First task, owner: s}
        """);

    assertError(error, 7, "sessions[1].id", "duplicate session id 's' (first at line 6)");
  }

  @Test
  void reportsDuplicatePhaseIdWithLineOfFirst() {
    PlanError error = onlyError(MINIMAL + """
          - id: p
            tasks:
              - {id: B, title: Second task, owner: s}
        """);

    assertError(error, 11, "phases[1].id", "duplicate phase id 'p' (first at line 8)");
  }

  @Test
  void reportsMemberEmailUsedInTwoSessions() {
    PlanError error = onlyError(HEADER + """
        sessions:
          - id: s
            members:
              - {name: Ann, email: ann@example.org}
          - id: t
            members:
              - {name: Ann again, email: ann@example.org}
        phases:
          - id: p
            tasks:
              - {id: A, title: First task, owner: s}
        """);

    assertError(error, 11, "sessions[1].members[0].email", "duplicate member e-mail");
    assertThat(error.message()).contains("'ann@example.org'", "first at line 8");
  }

  // --- dependencies and owners ---------------------------------------------------------------

  @Test
  void reportsUnknownDependencyWithLineAndField() {
    PlanError error = onlyError(HEADER + """
        sessions:
          - id: s
        phases:
          - id: p
            tasks:
              - id: A
                title: First task
                owner: s
                depends_on:
                  - B
                  - Z
              - {id: B, title: Second task, owner: s}
        """);

    assertError(error, 15, "phases[0].tasks[0].depends_on[1]", "unknown dependency 'Z'");
  }

  @Test
  void reportsTaskDependingOnItself() {
    PlanError error = onlyError(HEADER + """
        sessions:
          - id: s
        phases:
          - id: p
            tasks:
              - {id: A, title: First task, owner: s, depends_on: [A]}
        """);

    assertError(error, 10, "phases[0].tasks[0].depends_on[0]", "task depends on itself: A -> A");
  }

  @Test
  void reportsDependencyListedTwice() {
    PlanError error = onlyError(HEADER + """
        sessions:
          - id: s
        phases:
          - id: p
            tasks:
              - {id: A, title: First task, owner: s}
              - id: B
                title: Second task
                owner: s
                depends_on:
                  - A
                  - A
        """);

    assertError(error, 16, "phases[0].tasks[1].depends_on[1]", "dependency 'A' listed twice");
  }

  @Test
  void reportsCycleOfTwoTasksAsAPath() {
    PlanError error = onlyError(HEADER + """
        sessions:
          - id: s
        phases:
          - id: p
            tasks:
              - {id: A, title: First task, owner: s, depends_on: [B]}
              - {id: B, title: Second task, owner: s, depends_on: [A]}
        """);

    assertError(error, 10, "phases[0].tasks[0].depends_on[0]", "dependency cycle: A -> B -> A");
  }

  @Test
  void reportsCycleOfThreeTasksAsAPath() {
    PlanError error = onlyError(HEADER + """
        sessions:
          - id: s
        phases:
          - id: p
            tasks:
              - {id: A, title: First task, owner: s, depends_on: [B]}
              - {id: B, title: Second task, owner: s, depends_on: [C]}
              - {id: C, title: Third task, owner: s, depends_on: [A]}
              - {id: D, title: Outside the cycle, owner: s, depends_on: [A]}
        """);

    assertError(error, 10, "phases[0].tasks[0].depends_on[0]", "dependency cycle: A -> B -> C -> A");
  }

  @Test
  void reportsDependencyOnTaskOfLaterPhase() {
    PlanError error = onlyError(HEADER + """
        sessions:
          - id: s
        phases:
          - id: first
            tasks:
              - {id: A, title: First task, owner: s, depends_on: [B]}
          - id: second
            tasks:
              - {id: B, title: Second task, owner: s}
        """);

    assertError(error, 10, "phases[0].tasks[0].depends_on[0]",
        "depends on B of the later phase second (A is in first)");
  }

  @Test
  void reportsUnknownOwnerListingSessions() {
    PlanError error = onlyError(HEADER + """
        sessions:
          - id: s
          - id: t
        phases:
          - id: p
            tasks:
              - id: A
                title: First task
                owner: ghost
        """);

    assertError(error, 13, "phases[0].tasks[0].owner", "unknown owner 'ghost' (sessions: s, t)");
  }

  // --- deliverables --------------------------------------------------------------------------

  @Test
  void reportsDeliverablesLeavingTheRepository() {
    List<PlanError> errors = errors(deliverables("../x", "a/../../b"));

    assertThat(errors).hasSize(2);
    assertError(errors.get(0), 14, "phases[0].tasks[0].deliverables[0]", "'../x' leaves the repository");
    assertError(errors.get(1), 15, "phases[0].tasks[0].deliverables[1]", "'a/../../b' leaves the repository");
  }

  @Test
  void reportsAbsoluteDeliverables() {
    List<PlanError> errors = errors(deliverables("/etc/passwd", "~/x", "C:/Windows"));

    assertThat(errors).hasSize(3);
    assertError(errors.get(0), 14, "phases[0].tasks[0].deliverables[0]", "'/etc/passwd' is absolute");
    assertError(errors.get(1), 15, "phases[0].tasks[0].deliverables[1]", "'~/x' is absolute");
    assertError(errors.get(2), 16, "phases[0].tasks[0].deliverables[2]", "'C:/Windows' is absolute");
  }

  @Test
  void reportsDeliverableWithBackslash() {
    assertError(onlyError(deliverables("src\\\\main.py")), 14, "phases[0].tasks[0].deliverables[0]",
        "'src\\main.py' contains a backslash");
  }

  @Test
  void reportsInvalidGlobDeliverable() {
    assertError(onlyError(deliverables("src/[abc")), 14, "phases[0].tasks[0].deliverables[0]",
        "'src/[abc' is not a valid glob");
  }

  // --- missing fields and wrong types --------------------------------------------------------

  @Test
  void reportsMissingVersion() {
    assertError(onlyError(MINIMAL.replace("version: 1\n", "")), 1, "version", "required field is missing");
  }

  @Test
  void reportsUnsupportedVersion() {
    assertError(onlyError(MINIMAL.replace("version: 1", "version: 2")), 1, "version", "unsupported version 2");
  }

  @Test
  void reportsMissingBranches() {
    assertError(onlyError("""
        version: 1
        sessions:
          - id: s
        phases:
          - id: p
            tasks:
              - {id: A, title: First task, owner: s}
        """), 1, "branches", "required field is missing");
  }

  @Test
  void reportsMissingSessions() {
    List<PlanError> errors = errors(HEADER + """
        phases:
          - id: p
            tasks:
              - {id: A, title: First task, owner: s}
        """);

    assertError(errors.get(0), 1, "sessions", "required field is missing");
    assertThat(errors).extracting(PlanError::field)
        .containsExactly("sessions", "phases[0].tasks[0].owner");
  }

  @Test
  void reportsMissingPhases() {
    assertError(onlyError(HEADER + """
        sessions:
          - id: s
        """), 1, "phases", "required field is missing");
  }

  @Test
  void reportsTaskWithoutTitle() {
    assertError(onlyError(HEADER + """
        sessions:
          - id: s
        phases:
          - id: p
            tasks:
              - id: A
                owner: s
        """), 10, "phases[0].tasks[0].title", "required field is missing");
  }

  @Test
  void reportsTaskWithoutOwner() {
    assertError(onlyError(HEADER + """
        sessions:
          - id: s
        phases:
          - id: p
            tasks:
              - id: A
                title: First task
        """), 10, "phases[0].tasks[0].owner", "required field is missing");
  }

  @Test
  void reportsPlannedWindowThatIsNotANumber() {
    assertError(onlyError(HEADER + """
        sessions:
          - id: s
        phases:
          - id: p
            tasks:
              - id: A
                title: First task
                owner: s
                planned_window: "two"
        """), 13, "phases[0].tasks[0].planned_window", "expected a whole number, found 'two'");
  }

  @Test
  void reportsMappingWhereAListIsExpected() {
    assertError(onlyError(HEADER + """
        sessions:
          - id: s
        phases:
          - id: p
            tasks:
              - {id: A, title: First task, owner: s}
              - id: B
                title: Second task
                owner: s
                depends_on:
                  task: A
        """), 15, "phases[0].tasks[1].depends_on", "expected a list, found a mapping");
  }

  @Test
  void reportsUnknownTaskType() {
    PlanError error = onlyError(HEADER + """
        sessions:
          - id: s
        phases:
          - id: p
            tasks:
              - {id: A, title: First task, owner: s, type: feature}
        """);

    assertError(error, 10, "phases[0].tasks[0].type", "unknown task type 'feature'");
    assertThat(error.message()).contains("component, integration, validation, docs or cli");
  }

  @Test
  void reportsUnknownRolesOfSessionAndMember() {
    List<PlanError> errors = errors(HEADER + """
        sessions:
          - id: s
            roles: [coordinator, boss]
            members:
              - name: Ann
                email: ann@example.org
                roles: [janitor]
        phases:
          - id: p
            tasks:
              - {id: A, title: First task, owner: s}
        """);

    assertThat(errors).hasSize(2);
    assertError(errors.get(0), 7, "sessions[0].roles[1]", "unknown role 'boss'");
    assertError(errors.get(1), 11, "sessions[0].members[0].roles[0]", "unknown role 'janitor'");
    assertThat(errors.get(0).message()).contains("coordinator, integration-owner or security-reviewer");
  }

  @Test
  void reportsInvalidBranchNames() {
    List<PlanError> errors = errors("""
        version: 1
        branches:
          main: bad..name
          coordination: coord
        sessions:
          - {id: s, branch: "has space"}
        phases:
          - id: p
            tasks:
              - {id: A, title: First task, owner: s}
        """);

    assertThat(errors).hasSize(2);
    assertError(errors.get(0), 3, "branches.main", "'bad..name' is not a valid branch name");
    assertError(errors.get(1), 6, "sessions[0].branch", "'has space' is not a valid branch name");
  }

  @Test
  void reportsMainEqualToCoordination() {
    assertError(onlyError(MINIMAL.replace("coordination: coord", "coordination: main")),
        4, "branches.coordination", "must differ from main ('main')");
  }

  @Test
  void reportsSessionBranchEqualToCoordination() {
    assertError(onlyError(HEADER + """
        sessions:
          - {id: s, branch: coord}
        phases:
          - id: p
            tasks:
              - {id: A, title: First task, owner: s}
        """), 6, "sessions[0].branch", "a session branch cannot be main or coordination");
  }

  @Test
  void reportsSessionBranchMatchingNoSessionPattern() {
    assertError(onlyError(HEADER + """
          session_patterns: ["claude/*"]
        sessions:
          - {id: s, branch: claude/witness}
          - {id: t, branch: other/witness}
        phases:
          - id: p
            tasks:
              - {id: A, title: First task, owner: s}
        """), 8, "sessions[1].branch",
        "'other/witness' matches none of branches.session_patterns (claude/*)");
  }

  @Test
  void reportsInvalidEmail() {
    assertError(onlyError(HEADER + """
        sessions:
          - id: s
            members:
              - name: Ann
                email: ann.example.org
        phases:
          - id: p
            tasks:
              - {id: A, title: First task, owner: s}
        """), 9, "sessions[0].members[0].email", "'ann.example.org' is not an e-mail address");
  }

  // --- all at once ---------------------------------------------------------------------------

  @Test
  void reportsAllErrorsAtOnceSortedByLine() {
    List<PlanError> errors = errors("""
        version: 1
        colour: blue
        branches:
          main: main
          coordination: coord
        sessions:
          - id: s
            members:
              - {name: Ann, email: nobody}
        phases:
          - id: p
            tasks:
              - id: A
                title: First task
                owner: ghost
                depends_on: [Z]
                deliverables: [../x]
        """);

    assertThat(errors)
        .extracting(PlanError::line, PlanError::field)
        .containsExactly(
            tuple(2, "colour"),
            tuple(9, "sessions[0].members[0].email"),
            tuple(15, "phases[0].tasks[0].owner"),
            tuple(16, "phases[0].tasks[0].depends_on[0]"),
            tuple(17, "phases[0].tasks[0].deliverables[0]"));
    assertThat(errors).allSatisfy(e -> assertThat(e.toString()).doesNotContain("\n"));
  }

  @Test
  void reportsMissingSessionIdAlongsideUnknownOwnerWithoutFailing() {
    List<PlanError> errors = errors(HEADER + """
        sessions:
          - id: s
          - name: Nameless
        phases:
          - id: p
            tasks:
              - {id: A, title: First task, owner: ghost}
        """);

    assertThat(errors).hasSize(2);
    assertError(errors.get(0), 7, "sessions[1].id", "required field is missing");
    assertError(errors.get(1), 11, "phases[0].tasks[0].owner", "unknown owner 'ghost' (sessions: s)");
  }

  @Test
  void reportsCycleEvenWhenAnotherTaskDependsOnItself() {
    List<PlanError> errors = errors(HEADER + """
        sessions:
          - id: s
        phases:
          - id: p
            tasks:
              - {id: A, title: First task, owner: s, depends_on: [A]}
              - {id: B, title: Second task, owner: s, depends_on: [C]}
              - {id: C, title: Third task, owner: s, depends_on: [B]}
        """);

    assertThat(errors).hasSize(2);
    assertError(errors.get(0), 10, "phases[0].tasks[0].depends_on[0]", "task depends on itself: A -> A");
    assertError(errors.get(1), 11, "phases[0].tasks[1].depends_on[0]", "dependency cycle: B -> C -> B");
  }

  @Test
  void reportsEmptySessionAndPhaseListsAsMissing() {
    List<PlanError> errors = errors(HEADER + """
        sessions: []
        phases: []
        """);

    assertThat(errors).hasSize(2);
    assertError(errors.get(0), 5, "sessions", "at least one session");
    assertError(errors.get(1), 6, "phases", "at least one phase");
  }

  // --- valid plans ---------------------------------------------------------------------------

  @Test
  void loadsMinimalPlanWithDefaults() {
    Plan plan = loaded(PlanLoader.load(FILE, MINIMAL));

    assertThat(plan.source()).isEqualTo(FILE);
    assertThat(plan.branches().main()).isEqualTo("main");
    assertThat(plan.branches().coordination()).isEqualTo("coord");
    assertThat(plan.branches().featurePrefix()).isEqualTo("feature/");
    assertThat(plan.sessions()).extracting(Session::id).containsExactly("s");
    assertThat(plan.sessions().get(0).branch()).isEmpty();
    assertThat(plan.tasks()).singleElement().satisfies(task -> {
      assertThat(task.id()).isEqualTo("A");
      assertThat(task.title()).isEqualTo("First task");
      assertThat(task.owner()).isEqualTo("s");
      assertThat(task.type()).isEqualTo(TaskType.COMPONENT);
      assertThat(task.phase()).isEqualTo("p");
      assertThat(task.dependsOn()).isEmpty();
      assertThat(task.plannedWindow()).isEmpty();
    });
    assertThat(plan.gates()).isEmpty();
    assertThat(plan.review()).isEqualTo(ReviewPolicy.defaults());
    assertThat(plan.protection()).isEqualTo(Protection.defaults());
  }

  @Test
  void loadsPlanFromUtf8BytesWithByteOrderMark() {
    byte[] bytes = ("\uFEFF" + MINIMAL + "project: Café\n").getBytes(StandardCharsets.UTF_8);

    Plan plan = loaded(PlanLoader.load(FILE, bytes));

    assertThat(plan.project()).isEqualTo("Café");
  }

  @Test
  void loadsShippedInfraFabricExample() throws IOException {
    Path path = Path.of("examples/infrafabric-phase0/junction.yaml");

    Plan plan = loaded(PlanLoader.load(path.toString(), Files.readAllBytes(path)));

    assertThat(plan.project()).isEqualTo("InfraFabric");
    assertThat(plan.sessions()).hasSize(7);
    assertThat(plan.tasks()).extracting(Task::id).containsExactlyElementsOf(
        Stream.of(ids(1, 5), ids(2, 6), ids(3, 6), ids(4, 4), ids(5, 5)).flatMap(List::stream).toList());
  }

  // --- phase criteria ------------------------------------------------------------------------

  /** Lines 5 to 12: one session, one phase with tasks P0.1.1 and P0.1.2; its criteria start at line 13. */
  private static final String CRITERIA = HEADER + """
      sessions:
        - id: s
      phases:
        - id: p
          tasks:
            - {id: P0.1.1, title: First task, owner: s}
            - {id: P0.1.2, title: Second task, owner: s}
          criteria:
      """;

  private static final String SUITE_GATE = """
      gates:
        - {name: suite, command: "true"}
        - {name: bench, command: "true"}
      """;

  @Test
  void readsCriteriaWithEvidenceBesidePlainSentences() {
    Plan plan = loaded(PlanLoader.load(FILE, CRITERIA + """
            - All tests pass
            - text: Bug fixed
              tasks: [P0.1.*]
              gates: [suite, bench]
              files: [docs/runbook.md, docs/]
        """ + SUITE_GATE));

    List<Criterion> criteria = plan.phases().get(0).criteria();
    assertThat(criteria).containsExactly(Criterion.words("All tests pass"), new Criterion("Bug fixed",
        List.of("P0.1.*"), List.of("suite", "bench"), List.of("docs/runbook.md", "docs/")));
    assertThat(criteria).extracting(Criterion::hasEvidence).containsExactly(false, true);
  }

  @Test
  void readsASingleSentenceAsTheOnlyCriterion() {
    Plan plan = loaded(PlanLoader.load(FILE, MINIMAL.replace("    tasks:\n", "    criteria: All tests pass\n    tasks:\n")));

    assertThat(plan.phases().get(0).criteria()).containsExactly(Criterion.words("All tests pass"));
  }

  @Test
  void matchesTaskGlobsOnWholeIds() {
    assertThat(Criterion.matches("P0.1.*", "P0.1.12")).isTrue();
    assertThat(Criterion.matches("P0.?.1", "P0.3.1")).isTrue();
    assertThat(Criterion.matches("P0.1.*", "P0.10.1")).isFalse();
    assertThat(Criterion.matches("P0.1", "P0x1")).as("a dot is a dot").isFalse();
  }

  @Test
  void reportsUnknownCriterionKeyListingExpectedKeys() {
    assertError(onlyError(CRITERIA + """
            - {text: Bug fixed, task: [P0.1.1]}
        """), 13, "phases[0].criteria[0].task", "unknown key (expected one of files, gates, tasks, text)");
  }

  @Test
  void reportsCriterionWithoutText() {
    assertError(onlyError(CRITERIA + """
            - {tasks: [P0.1.1]}
        """), 13, "phases[0].criteria[0].text", "required field is missing");
  }

  @Test
  void reportsEmptyEvidenceLists() {
    List<PlanError> errors = errors(CRITERIA + """
            - text: Bug fixed
              tasks: []
              gates: []
              files: []
        """);

    assertThat(errors).extracting(PlanError::line, PlanError::field).containsExactly(
        tuple(14, "phases[0].criteria[0].tasks"), tuple(15, "phases[0].criteria[0].gates"),
        tuple(16, "phases[0].criteria[0].files"));
    assertError(errors.get(1), 15, "phases[0].criteria[0].gates", "empty list: name at least one, or leave gates out");
  }

  @Test
  void reportsUnknownGateNamedByACriterion() {
    assertError(onlyError(CRITERIA + """
            - {text: Suite passes, gates: [suite, nightly]}
        """ + SUITE_GATE), 13, "phases[0].criteria[0].gates[1]", "unknown gate 'nightly' (gates: suite, bench)");
    assertError(onlyError(CRITERIA + """
            - {text: Suite passes, gates: [suite]}
        """), 13, "phases[0].criteria[0].gates[0]", "unknown gate 'suite' (the plan has no gates)");
  }

  @Test
  void reportsTaskGlobMatchingNoTask() {
    List<PlanError> errors = errors(CRITERIA + """
            - text: Bug fixed
              tasks: [P0.1.*, P9.*, "P0/1"]
        """);

    assertThat(errors).hasSize(2);
    assertError(errors.get(0), 14, "phases[0].criteria[0].tasks[2]", "'P0/1' is not a task id or glob");
    assertError(errors.get(1), 14, "phases[0].criteria[0].tasks[1]", "'P9.*' matches no task of the plan");
  }

  @Test
  void reportsFilePathsOutsideTheRepositoryAndGlobs() {
    List<PlanError> errors = errors(CRITERIA + """
            - text: Runbook written
              files:
                - /srv/runbook.md
                - ../runbook.md
                - "docs/*.md"
        """);

    assertThat(errors).extracting(PlanError::line, PlanError::field).containsExactly(
        tuple(15, "phases[0].criteria[0].files[0]"), tuple(16, "phases[0].criteria[0].files[1]"),
        tuple(17, "phases[0].criteria[0].files[2]"));
    assertThat(errors).extracting(PlanError::message).containsExactly(
        "'/srv/runbook.md' is absolute; files are paths inside the repository",
        "'../runbook.md' leaves the repository (..)",
        "'docs/*.md' is a glob; files are paths (a file, or a folder)");
  }

  // --- gates, review, protection ------------------------------------------------------------

  @Test
  void readsGatesWithShellAndArgvCommandsAndDurations() {
    Plan plan = loaded(PlanLoader.load(FILE, MINIMAL + """
        gates:
          - {name: unit, command: "pytest -q", stages: [component], timeout: 90s}
          - {name: scan, command: [bandit, -r, src], stages: [phase, integration], timeout: PT2H}
        """));

    assertThat(plan.gates()).extracting(Gate::name, Gate::command, Gate::timeout).containsExactly(
        tuple("unit", List.of("sh", "-c", "pytest -q"), java.time.Duration.ofSeconds(90)),
        tuple("scan", List.of("bandit", "-r", "src"), java.time.Duration.ofHours(2)));
    assertThat(plan.gates().get(1).stages()).containsExactlyInAnyOrder(Stage.PHASE, Stage.INTEGRATION);
  }

  @Test
  void reportsBadGates() {
    List<PlanError> errors = errors(MINIMAL + """
        gates:
          - {name: unit, command: [], stages: [nightly], timeout: PT-5M}
          - {name: unit, command: "true", timeout: 0m}
        """);

    assertThat(errors).extracting(PlanError::line, PlanError::field).containsExactly(
        tuple(12, "gates[0].command"), tuple(12, "gates[0].stages[0]"), tuple(12, "gates[0].timeout"),
        tuple(13, "gates[1].timeout"), tuple(13, "gates[1].name"));
    assertThat(errors.get(1).message()).contains("unknown stage 'nightly'");
    assertThat(errors.get(2).message()).contains("not a positive duration");
    assertThat(errors.get(4).message()).contains("duplicate gate name 'unit'");
  }

  @Test
  void readsReportsThresholdsAndLint() {
    Plan plan = loaded(PlanLoader.load(FILE, MINIMAL + """
        gates:
          - name: unit
            command: pytest
            workdir: service
            env: {PYTHONHASHSEED: "0"}
            post_merge: true
            reports:
              - {type: junit, path: "reports/*.xml"}
              - {type: jacoco, path: target/site/jacoco/jacoco.xml, source_roots: [src/main/java]}
              - {type: sarif, path: scan.sarif}
              - {type: benchmark-json, path: bench.json}
            thresholds:
              new_line_coverage: 0.8
              overall_coverage: 0.5
              fail_on_severity: high
              max_regression: 0.10
              slo: {latency_ms: {max: 10}, throughput: {min: 100}}
              higher_is_better: [throughput]
          - name: review
            lint: {block: [secret, debug-print]}
        """));

    Gate unit = plan.gates().get(0);
    assertThat(unit.workdir()).isEqualTo("service");
    assertThat(unit.env()).containsEntry("PYTHONHASHSEED", "0");
    assertThat(unit.postMerge()).isTrue();
    assertThat(unit.reports()).extracting(Gate.Report::type).containsExactly(
        Gate.ReportType.JUNIT, Gate.ReportType.JACOCO, Gate.ReportType.SARIF, Gate.ReportType.BENCHMARK_JSON);
    assertThat(unit.reports().get(1).sourceRoots()).containsExactly("src/main/java");
    assertThat(unit.thresholds().newLineCoverage()).contains(0.8);
    assertThat(unit.thresholds().maxRegression()).contains(0.10);
    assertThat(unit.thresholds().slo().get("latency_ms").max()).contains(10.0);
    assertThat(unit.thresholds().slo().get("throughput").min()).contains(100.0);
    assertThat(unit.thresholds().higherIsBetter()).containsExactly("throughput");
    assertThat(plan.gates().get(1).command()).isEmpty();
    assertThat(plan.gates().get(1).lint().orElseThrow().block()).containsExactlyInAnyOrder("secret", "debug-print");
  }

  @Test
  void reportsBadReportsThresholdsAndLint() {
    List<PlanError> errors = errors(MINIMAL + """
        gates:
          - name: unit
            command: pytest
            workdir: ../outside
            reports:
              - {type: xunit, path: r.xml}
              - {type: junit, path: /abs/r.xml}
            thresholds:
              new_line_coverage: 80
              fail_on_severity: severe
              max_regression: -1
          - name: empty
          - name: words
            lint: {block: [shouting]}
        """);

    assertThat(errors).extracting(PlanError::field).contains(
        "gates[0].workdir", "gates[0].reports[0].type", "gates[0].reports[1].path",
        "gates[0].thresholds.new_line_coverage", "gates[0].thresholds", "gates[0].thresholds.fail_on_severity",
        "gates[0].thresholds.max_regression", "gates[1].command", "gates[2].lint.block[0]");
    assertThat(errors).extracting(PlanError::message).contains(
        "must be between 0 and 1 (0.80 means 80%)", "coverage thresholds need a jacoco or cobertura report",
        "a gate needs a command, a lint, or both");
  }

  @Test
  void readsReviewPolicyAndProtectionSwitchesInYaml11Words() {
    Plan plan = loaded(PlanLoader.load(FILE, MINIMAL + """
        review:
          min_approvals: {component: 1, security: 2}
          other_session: no
        protection:
          signed_commits: yes
          message_convention: on
        """));

    assertThat(plan.review().minApprovals()).containsEntry("component", 1).containsEntry("security", 2);
    assertThat(plan.review().otherSession()).isFalse();
    assertThat(plan.protection().signedCommits()).isTrue();
    assertThat(plan.protection().messageConvention()).isTrue();
  }

  @Test
  void reportsUnknownRequestTypeAndQuotedApprovalCount() {
    List<PlanError> errors = errors(MINIMAL + """
        review:
          min_approvals:
            componnet: 1
            docs: "1"
        """);

    assertThat(errors).extracting(PlanError::line, PlanError::field).containsExactly(
        tuple(13, "review.min_approvals.componnet"), tuple(14, "review.min_approvals.docs"));
    assertThat(errors.get(0).message()).contains("unknown request type 'componnet'");
    assertThat(errors.get(1).message()).contains("expected a whole number");
  }

  @Test
  void reportsTaskBranchThatIsCoordination() {
    assertError(onlyError(HEADER + """
        sessions:
          - id: s
        phases:
          - id: p
            tasks:
              - {id: A, title: First task, owner: s, branch: coord}
        """), 10, "phases[0].tasks[0].branch", "a task branch cannot be main or coordination");
  }

  // --- helpers -------------------------------------------------------------------------------

  /** A valid plan but for task A's deliverables, one a line from line 14 on. */
  private static String deliverables(String... patterns) {
    StringBuilder yaml = new StringBuilder(HEADER + """
        sessions:
          - id: s
        phases:
          - id: p
            tasks:
              - id: A
                title: First task
                owner: s
                deliverables:
        """);
    for (String pattern : patterns) {
      yaml.append("          - \"").append(pattern).append("\"\n");
    }
    return yaml.toString();
  }

  private static List<String> ids(int group, int count) {
    return IntStream.rangeClosed(1, count).mapToObj(i -> "P0." + group + "." + i).toList();
  }

  // --- report size caps -----------------------------------------------------------------------

  private static final String REPORT_GATE = MINIMAL + """
      gates:
        - name: unit
          command: "true"
          reports:
      """;

  @Test
  void readsAReportsSizeCapOrTheDefault() {
    Plan plan = loaded(PlanLoader.load(FILE, REPORT_GATE + """
            - {type: junit, path: reports/unit.xml, max_size: 64MiB}
            - {type: jacoco, path: reports/jacoco.xml, max_size: 2048}
            - {type: sarif, path: reports/scan.sarif}
        """));
    assertThat(plan.gates().get(0).reports()).extracting(Gate.Report::maxBytes)
        .containsExactly(64L << 20, 2048L, Gate.Report.DEFAULT_MAX_BYTES);
    assertThat(Gate.Report.DEFAULT_MAX_BYTES).isEqualTo(32L << 20);
  }

  @Test
  void reportsSizeCapsOutsideTheirBoundsNamingTheField() {
    for (String bad : List.of("0", "1023", "2GiB", "1025MiB", "lots", "64MB", "-1KiB", "99999999999GiB")) {
      assertError(onlyError(REPORT_GATE + "      - {type: junit, path: reports/unit.xml, max_size: " + bad + "}\n"),
          15, "gates[0].reports[0].max_size", "is not a size from 1KiB to 1GiB");
    }
    assertThat(loaded(PlanLoader.load(FILE, REPORT_GATE + "      - {type: junit, path: r.xml, max_size: 1GiB}\n"))
        .gates().get(0).reports().get(0).maxBytes()).isEqualTo(1L << 30);
  }

  private static List<PlanError> errors(String yaml) {
    return errors(PlanLoader.load(FILE, yaml));
  }

  private static List<PlanError> errors(PlanLoad load) {
    if (load instanceof PlanLoad.Invalid invalid) {
      return invalid.errors();
    }
    return fail("expected errors, but the plan loaded: " + load);
  }

  private static PlanError onlyError(String yaml) {
    return onlyError(PlanLoader.load(FILE, yaml));
  }

  private static PlanError onlyError(PlanLoad load) {
    List<PlanError> errors = errors(load);
    assertThat(errors).hasSize(1);
    return errors.get(0);
  }

  private static Plan loaded(PlanLoad load) {
    if (load instanceof PlanLoad.Loaded ok) {
      return ok.plan();
    }
    return fail("expected a plan, but loading failed: " + load);
  }

  private static void assertError(PlanError error, int line, String field, String messagePart) {
    assertThat(error.file()).isEqualTo(FILE);
    assertThat(error.line()).as("line of %s", error).isEqualTo(line);
    assertThat(error.field()).as("field of %s", error).isEqualTo(field);
    assertThat(error.message()).contains(messagePart);
    String prefix = line > 0 ? FILE + ":" + line + ": " : FILE + ": ";
    assertThat(error.toString())
        .startsWith(field.isEmpty() ? prefix : prefix + field + ": ")
        .doesNotContain("\n");
  }
}
