package dev.junction.plan;

import java.util.List;
import java.util.Optional;

/**
 * A validated {@code junction.yaml}: branches, sessions, phases with their tasks, and the policy
 * sections later stages read. Instances come only from {@link PlanLoader}, so every id is unique,
 * every reference resolves and the dependency graph is acyclic.
 *
 * @param source where the file was read from, as shown in messages ({@code coordination:junction.yaml})
 */
public record Plan(
    String source,
    String project,
    Branches branches,
    List<Session> sessions,
    List<Phase> phases,
    List<Gate> gates,
    ReviewPolicy review,
    Protection protection) {

  /** The file name Junction reads at the root of a branch. */
  public static final String FILE_NAME = "junction.yaml";

  public Plan {
    sessions = List.copyOf(sessions);
    phases = List.copyOf(phases);
    gates = List.copyOf(gates);
  }

  /** Every task of every phase, in file order. */
  public List<Task> tasks() {
    return phases.stream().flatMap(p -> p.tasks().stream()).toList();
  }

  public Optional<Task> task(String id) {
    return tasks().stream().filter(t -> t.id().equals(id)).findFirst();
  }

  public Optional<Session> session(String id) {
    return sessions.stream().filter(s -> s.id().equals(id)).findFirst();
  }
}
