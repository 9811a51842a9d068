package dev.junction.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

class TaskGraphTest {

  static Task task(String id, String... deps) {
    return new Task(id, id, "s", TaskType.COMPONENT, List.of(), Arrays.asList(deps), "",
        Optional.empty(), Optional.empty(), "p");
  }

  /**
   * <pre>
   * A   E
   * |\
   * B C
   *  \|
   *   D
   * </pre>
   */
  @Test
  void windowsAreDependencyLevels() {
    TaskGraph g = TaskGraph.of(List.of(task("D", "B", "C"), task("C", "A"), task("B", "A"), task("A"), task("E")));
    assertThat(g.windows()).containsExactly(List.of("A", "E"), List.of("B", "C"), List.of("D"));
    assertThat(g.order()).containsExactly("A", "E", "B", "C", "D");
    assertThat(g.blocks("A")).containsExactly("B", "C");
    assertThat(g.criticalPath()).containsExactly("A", "B", "D");
  }

  @Test
  void idsSortNaturally() {
    TaskGraph g = TaskGraph.of(List.of(task("P0.1.10"), task("P0.1.2"), task("P0.1.1")));
    assertThat(g.order()).containsExactly("P0.1.1", "P0.1.2", "P0.1.10");
    assertThat(TaskGraph.ID_ORDER.compare("a2", "a10")).isNegative();
    assertThat(TaskGraph.ID_ORDER.compare("a010", "a10")).isNotZero();
  }

  @Test
  void criticalPathPrefersTheLongerChain() {
    TaskGraph g = TaskGraph.of(List.of(task("A"), task("B", "A"), task("C", "B"), task("X"), task("Y", "X")));
    assertThat(g.criticalPath()).containsExactly("A", "B", "C");
  }

  @Test
  void findsEachCycleOnce() {
    List<List<String>> cycles = TaskGraph.cycles(List.of(
        task("A", "B"), task("B", "C"), task("C", "A"), task("D", "E"), task("E", "D"), task("F", "A")));
    assertThat(cycles).containsExactly(List.of("A", "B", "C", "A"), List.of("D", "E", "D"));
  }

  @Test
  void selfLoopIsACycle() {
    assertThat(TaskGraph.cycles(List.of(task("A", "A")))).containsExactly(List.of("A", "A"));
  }

  @Test
  void longChainNeedsNoDeepStack() {
    List<Task> chain = new ArrayList<>();
    chain.add(task("T0"));
    for (int i = 1; i < 20_000; i++) {
      chain.add(task("T" + i, "T" + (i - 1)));
    }
    TaskGraph g = TaskGraph.of(chain);
    assertThat(g.window("T19999")).isEqualTo(20_000);
    assertThat(TaskGraph.cycles(chain)).isEmpty();
  }

  /** Random acyclic graphs: every edge goes from a lower window to a higher one, in order. */
  @ParameterizedTest
  @ValueSource(longs = {1L, 7L, 42L, 20261124L})
  void orderRespectsEveryEdge(long seed) {
    LoggerFactory.getLogger(TaskGraphTest.class).info("seed {}", seed);
    Random random = new Random(seed);
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      List<String> deps = new ArrayList<>();
      for (int d = 0; i > 0 && d < random.nextInt(4); d++) {
        String dep = "T" + random.nextInt(i);
        if (!deps.contains(dep)) {
          deps.add(dep);
        }
      }
      tasks.add(task("T" + i, deps.toArray(String[]::new)));
    }
    TaskGraph g = TaskGraph.of(tasks);
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < g.order().size(); i++) {
      position.put(g.order().get(i), i);
    }
    for (Task t : tasks) {
      for (String dep : t.dependsOn()) {
        assertThat(g.window(dep)).isLessThan(g.window(t.id()));
        assertThat(position.get(dep)).isLessThan(position.get(t.id()));
      }
    }
    List<String> path = g.criticalPath();
    assertThat(path).hasSize(g.windows().size());
    for (int i = 1; i < path.size(); i++) {
      assertThat(g.task(path.get(i)).dependsOn()).contains(path.get(i - 1));
    }
  }
}
