package dev.junction.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped InfraFabric Phase 0 example against the spec's dependency matrix (section 2.2). */
class ExamplePlanTest {
  /** Spec 2.2, written out: task, then what it depends on ("P0.1.1-P0.1.4" expanded). */
  static final Map<String, List<String>> MATRIX = Map.ofEntries(
      Map.entry("P0.1.1", List.of()),
      Map.entry("P0.1.2", List.of("P0.1.1")),
      Map.entry("P0.1.3", List.of("P0.1.1")),
      Map.entry("P0.1.4", List.of("P0.1.2", "P0.1.3")),
      Map.entry("P0.1.5", List.of("P0.1.1", "P0.1.2", "P0.1.3", "P0.1.4")),
      Map.entry("P0.2.1", List.of()),
      Map.entry("P0.2.2", List.of("P0.2.1")),
      Map.entry("P0.2.3", List.of()),
      Map.entry("P0.2.4", List.of("P0.2.3")),
      Map.entry("P0.2.5", List.of("P0.2.2", "P0.2.3", "P0.2.4")),
      Map.entry("P0.2.6", List.of("P0.2.1", "P0.2.2", "P0.2.3", "P0.2.4", "P0.2.5")),
      Map.entry("P0.3.1", List.of()),
      Map.entry("P0.3.2", List.of("P0.3.1")),
      Map.entry("P0.3.3", List.of("P0.3.1")),
      Map.entry("P0.3.4", List.of("P0.3.2")),
      Map.entry("P0.3.5", List.of("P0.3.4")),
      Map.entry("P0.3.6", List.of("P0.3.1", "P0.3.2", "P0.3.3", "P0.3.4", "P0.3.5")),
      // CLI: P0.4.1 first (2.1), "Blocks" column: P0.2.3 -> P0.4.2, P0.1.2 -> P0.4.4
      Map.entry("P0.4.1", List.of()),
      Map.entry("P0.4.2", List.of("P0.4.1", "P0.2.3")),
      Map.entry("P0.4.3", List.of("P0.4.1")),
      Map.entry("P0.4.4", List.of("P0.4.1", "P0.1.2")),
      // Docs: after their component's integration task (Blocks column), 5.4/5.5 after all components
      Map.entry("P0.5.1", List.of("P0.1.5")),
      Map.entry("P0.5.2", List.of("P0.2.6")),
      Map.entry("P0.5.3", List.of("P0.3.6")),
      Map.entry("P0.5.4", List.of("P0.1.5", "P0.2.6", "P0.3.6", "P0.4.2", "P0.4.3", "P0.4.4")),
      Map.entry("P0.5.5", List.of("P0.1.5", "P0.2.6", "P0.3.6", "P0.4.2", "P0.4.3", "P0.4.4")));

  /** Owners from spec 2.1 (documentation owners from its CODEOWNERS for /docs/). */
  static final Map<String, String> OWNERS = Map.ofEntries(
      Map.entry("P0.1.1", "session-5"), Map.entry("P0.1.2", "session-7"), Map.entry("P0.1.3", "session-7"),
      Map.entry("P0.1.4", "session-5"), Map.entry("P0.1.5", "session-4"), Map.entry("P0.2.1", "session-5"),
      Map.entry("P0.2.2", "session-7"), Map.entry("P0.2.3", "session-7"), Map.entry("P0.2.4", "session-7"),
      Map.entry("P0.2.5", "session-5"), Map.entry("P0.2.6", "session-4"), Map.entry("P0.3.1", "session-7"),
      Map.entry("P0.3.2", "session-7"), Map.entry("P0.3.3", "session-5"), Map.entry("P0.3.4", "session-5"),
      Map.entry("P0.3.5", "session-7"), Map.entry("P0.3.6", "session-4"), Map.entry("P0.4.1", "session-5"),
      Map.entry("P0.4.2", "session-5"), Map.entry("P0.4.3", "session-5"), Map.entry("P0.4.4", "session-5"),
      Map.entry("P0.5.1", "session-1"), Map.entry("P0.5.2", "session-2"), Map.entry("P0.5.3", "session-3"),
      Map.entry("P0.5.4", "session-1"), Map.entry("P0.5.5", "session-2"));

  static Plan plan;
  static TaskGraph graph;

  @BeforeAll
  static void load() throws Exception {
    Path file = Path.of("examples/infrafabric-phase0/junction.yaml");
    PlanLoad load = PlanLoader.load(file.toString(), Files.readAllBytes(file));
    assertThat(load).isInstanceOf(PlanLoad.Loaded.class);
    plan = ((PlanLoad.Loaded) load).plan();
    graph = TaskGraph.of(plan);
  }

  @Test
  void holdsEveryTaskWithTheMatrixDependenciesAndSpecOwners() {
    Map<String, List<String>> deps = plan.tasks().stream()
        .collect(Collectors.toMap(Task::id, t -> t.dependsOn().stream().sorted().toList()));
    Map<String, List<String>> expected = MATRIX.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().stream().sorted().toList()));
    assertThat(deps).isEqualTo(expected);
    assertThat(plan.tasks()).allSatisfy(t -> assertThat(t.owner()).isEqualTo(OWNERS.get(t.id())));
  }

  @Test
  void everyPhaseCriterionOfSection11CarriesEvidence() {
    List<Criterion> criteria = plan.phases().get(0).criteria();
    assertThat(criteria).hasSize(7).allSatisfy(c -> assertThat(c.hasEvidence()).as(c.text()).isTrue());
    assertThat(criteria.get(0).tasks()).containsExactly("P0.1.*", "P0.2.*", "P0.3.*");
    assertThat(criteria.get(1).tasks()).containsExactly("P0.4.*");
    List<String> docs = plan.tasks().stream().filter(t -> t.type() == TaskType.DOCS).map(Task::id).toList();
    assertThat(plan.tasks().stream().map(Task::id).filter(id -> Criterion.matches(criteria.get(2).tasks().get(0), id)))
        .as("All documentation committed: the docs tasks, and only they").containsExactlyElementsOf(docs);
    assertThat(criteria.get(3).gates()).containsExactly("integration", "cross-session");
    assertThat(criteria.get(4).files()).as("the runbook is P0.5.5's deliverable")
        .containsExactlyElementsOf(plan.task("P0.5.5").orElseThrow().deliverables());
    assertThat(criteria.get(5).gates()).containsExactly("benchmarks");
    assertThat(criteria.get(6).gates()).containsExactly("benchmarks");
  }

  @Test
  void hasSevenSessionsWithTheRolesOfSection4() {
    assertThat(plan.sessions()).hasSize(7);
    assertThat(plan.session("coordinator").orElseThrow().roles()).contains(Role.COORDINATOR);
    assertThat(plan.session("session-4").orElseThrow().roles()).contains(Role.INTEGRATION_OWNER);
  }

  @Test
  void windowsAreThoseOfTheMatrix() {
    assertThat(graph.windows()).containsExactly(
        List.of("P0.1.1", "P0.2.1", "P0.2.3", "P0.3.1", "P0.4.1"),
        List.of("P0.1.2", "P0.1.3", "P0.2.2", "P0.2.4", "P0.3.2", "P0.3.3", "P0.4.2", "P0.4.3"),
        List.of("P0.1.4", "P0.2.5", "P0.3.4", "P0.4.4"),
        List.of("P0.1.5", "P0.2.6", "P0.3.5"),
        List.of("P0.3.6", "P0.5.1", "P0.5.2"),
        List.of("P0.5.3", "P0.5.4", "P0.5.5"));
  }

  @Test
  void criticalPathRunsThroughTheChassis() {
    assertThat(graph.criticalPath())
        .containsExactly("P0.3.1", "P0.3.2", "P0.3.4", "P0.3.5", "P0.3.6", "P0.5.3");
  }

  @Test
  void notesNameEveryDisagreementWithSection23() {
    PlanView view = PlanView.of(plan, graph, "coordination", Map.of(), Map.of());
    String notes = String.join("\n", view.notes());
    assertThat(notes)
        .contains("P0.2.3 is planned in window 2 but the dependency matrix puts it in window 1")
        .contains("P0.2.4 is planned in window 2 but depends on P0.2.3")
        .contains("P0.3.5 is planned in window 3 but depends on P0.3.4")
        .contains("P0.3.6 is planned in window 4 but the dependency matrix puts it in window 5")
        .contains("P0.5.3 is planned in window 5 but the dependency matrix puts it in window 6");
    assertThat(view.notes()).noneMatch(n -> n.startsWith("P0.1.1 ") || n.startsWith("P0.2.5 "));
  }
}
