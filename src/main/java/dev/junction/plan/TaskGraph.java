package dev.junction.plan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dependency graph of a valid plan: windows, merge order, what each task blocks and the
 * critical path. A task's window is its dependency level: 1 without dependencies, otherwise one
 * more than the highest window among them; tasks of one window never depend on each other and can
 * land in parallel. Immutable.
 */
public final class TaskGraph {
  /** Orders ids as people read them: {@code P0.1.2 < P0.1.10}, then by text. */
  public static final Comparator<String> ID_ORDER = TaskGraph::compareIds;

  private final Map<String, Task> tasks = new LinkedHashMap<>();
  private final Map<String, List<String>> blocks = new HashMap<>();
  private final Map<String, Integer> windows = new HashMap<>();
  private final List<String> order;

  private TaskGraph(List<Task> all) {
    all.forEach(t -> tasks.put(t.id(), t));
    tasks.keySet().forEach(id -> blocks.put(id, new ArrayList<>()));
    for (Task t : tasks.values()) {
      t.dependsOn().forEach(d -> blocks.get(d).add(t.id()));
    }
    blocks.values().forEach(l -> l.sort(ID_ORDER));
    // Kahn's algorithm: a task's window is known once all its dependencies have theirs.
    Map<String, Integer> pending = new HashMap<>();
    Deque<String> ready = new ArrayDeque<>();
    for (Task t : tasks.values()) {
      pending.put(t.id(), t.dependsOn().size());
      if (t.dependsOn().isEmpty()) {
        ready.add(t.id());
      }
    }
    while (!ready.isEmpty()) {
      String id = ready.poll();
      int window = 1 + tasks.get(id).dependsOn().stream().mapToInt(windows::get).max().orElse(0);
      windows.put(id, window);
      for (String next : blocks.get(id)) {
        if (pending.merge(next, -1, Integer::sum) == 0) {
          ready.add(next);
        }
      }
    }
    if (windows.size() != tasks.size()) {
      throw new IllegalArgumentException("dependency cycle among " + cycles(all));
    }
    List<String> sorted = new ArrayList<>(tasks.keySet());
    sorted.sort(Comparator.<String>comparingInt(windows::get).thenComparing(ID_ORDER));
    order = List.copyOf(sorted);
  }

  /** The graph of a valid plan's tasks. */
  public static TaskGraph of(Plan plan) {
    return new TaskGraph(plan.tasks());
  }

  /** The graph of any acyclic set of tasks whose dependencies are all among them. */
  public static TaskGraph of(List<Task> tasks) {
    return new TaskGraph(tasks);
  }

  public Task task(String id) {
    return tasks.get(id);
  }

  public int window(String id) {
    return windows.get(id);
  }

  /** Tasks that depend directly on {@code id}, in id order. */
  public List<String> blocks(String id) {
    return List.copyOf(blocks.get(id));
  }

  /** The merge order: topological, by window then id. */
  public List<String> order() {
    return order;
  }

  /** Task ids per window, the first list being window 1. */
  public List<List<String>> windows() {
    List<List<String>> out = new ArrayList<>();
    for (String id : order) {
      int w = windows.get(id);
      while (out.size() < w) {
        out.add(new ArrayList<>());
      }
      out.get(w - 1).add(id);
    }
    return out.stream().map(List::copyOf).toList();
  }

  /**
   * The longest dependency chain, first task first. Ties go to the smallest id, so the answer is
   * stable.
   */
  public List<String> criticalPath() {
    if (order.isEmpty()) {
      return List.of();
    }
    int top = windows.get(order.get(order.size() - 1));
    String current = order.stream().filter(id -> windows.get(id) == top).findFirst().orElseThrow();
    List<String> path = new ArrayList<>();
    path.add(current);
    while (windows.get(current) > 1) {
      int want = windows.get(current) - 1;
      current = tasks.get(current).dependsOn().stream()
          .filter(d -> windows.get(d) == want).min(ID_ORDER).orElseThrow();
      path.add(0, current);
    }
    return List.copyOf(path);
  }

  /**
   * Dependency cycles among {@code tasks}, one per strongly connected component, each written
   * from its smallest id back to itself ({@code [A, B, A]}). Dependencies on unknown ids are
   * ignored.
   */
  static List<List<String>> cycles(List<Task> tasks) {
    Map<String, List<String>> edges = new LinkedHashMap<>();
    tasks.forEach(t -> edges.putIfAbsent(t.id(), t.dependsOn()));
    List<List<String>> out = new ArrayList<>();
    for (List<String> component : new Tarjan(edges).components()) {
      boolean selfLoop = component.size() == 1
          && edges.get(component.get(0)).contains(component.get(0));
      if (component.size() > 1 || selfLoop) {
        out.add(cycleWithin(component, edges));
      }
    }
    out.sort(Comparator.comparing(c -> c.get(0), ID_ORDER));
    return out;
  }

  private static List<String> cycleWithin(List<String> component, Map<String, List<String>> edges) {
    String start = component.stream().min(ID_ORDER).orElseThrow();
    // Breadth-first from start inside the component until an edge leads back to start.
    Map<String, String> parent = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>(List.of(start));
    while (!queue.isEmpty()) {
      String at = queue.poll();
      for (String next : edges.get(at).stream().sorted(ID_ORDER).toList()) {
        if (next.equals(start)) {
          List<String> cycle = new ArrayList<>(List.of(start));
          for (String back = at; !back.equals(start); back = parent.get(back)) {
            cycle.add(1, back);
          }
          cycle.add(start);
          return cycle;
        }
        if (component.contains(next) && !parent.containsKey(next)) {
          parent.put(next, at);
          queue.add(next);
        }
      }
    }
    throw new IllegalStateException("no cycle in a strongly connected component");
  }

  private static int compareIds(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char x = a.charAt(i);
      char y = b.charAt(j);
      if (Character.isDigit(x) && Character.isDigit(y)) {
        int si = i;
        int sj = j;
        while (i < a.length() && Character.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isDigit(b.charAt(j))) {
          j++;
        }
        int c = new java.math.BigInteger(a.substring(si, i)).compareTo(new java.math.BigInteger(b.substring(sj, j)));
        if (c != 0) {
          return c;
        }
      } else {
        if (x != y) {
          return Character.compare(x, y);
        }
        i++;
        j++;
      }
    }
    int c = Integer.compare(a.length() - i, b.length() - j);
    return c != 0 ? c : a.compareTo(b);
  }

  /** Tarjan's strongly connected components, iterative so long chains cannot overflow the stack. */
  private static final class Tarjan {
    private final Map<String, List<String>> edges;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> low = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final java.util.Set<String> onStack = new java.util.HashSet<>();
    private final List<List<String>> components = new ArrayList<>();
    private int counter;

    Tarjan(Map<String, List<String>> edges) {
      this.edges = edges;
    }

    List<List<String>> components() {
      for (String v : edges.keySet()) {
        if (!index.containsKey(v)) {
          visit(v);
        }
      }
      return components;
    }

    private void visit(String root) {
      Deque<Object[]> work = new ArrayDeque<>();
      enter(root);
      work.push(new Object[] {root, 0});
      while (!work.isEmpty()) {
        Object[] frame = work.peek();
        String v = (String) frame[0];
        int next = (Integer) frame[1];
        List<String> out = edges.get(v).stream().filter(edges::containsKey).toList();
        if (next < out.size()) {
          frame[1] = next + 1;
          String w = out.get(next);
          if (!index.containsKey(w)) {
            enter(w);
            work.push(new Object[] {w, 0});
          } else if (onStack.contains(w)) {
            low.put(v, Math.min(low.get(v), index.get(w)));
          }
          continue;
        }
        work.pop();
        if (!work.isEmpty()) {
          String parent = (String) work.peek()[0];
          low.put(parent, Math.min(low.get(parent), low.get(v)));
        }
        if (low.get(v).equals(index.get(v))) {
          List<String> component = new ArrayList<>();
          String w;
          do {
            w = stack.pop();
            onStack.remove(w);
            component.add(w);
          } while (!w.equals(v));
          components.add(component);
        }
      }
    }

    private void enter(String v) {
      index.put(v, counter);
      low.put(v, counter);
      counter++;
      stack.push(v);
      onStack.add(v);
    }
  }
}
