package dev.junction.plan;

import java.util.List;

/**
 * A phase: its tasks and the criteria that must hold before it lands on main (spec 1.1 stage 3).
 */
public record Phase(String id, String title, List<Criterion> criteria, List<Task> tasks) {
  public Phase {
    criteria = List.copyOf(criteria);
    tasks = List.copyOf(tasks);
  }
}
