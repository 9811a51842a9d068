package dev.junction.plan;

import java.util.List;
import java.util.Optional;

/**
 * A validated {@code junction.yaml}: branches, sessions, phases with their tasks, and the policy
 * sections later stages read. Instances come only from {@link PlanLoader}, so every id is unique,
 * every reference resolves and the dependency graph is acyclic.
 *
 * @param source where the file was read from, as shown in messages ({@code coordination:junction.yaml})
 * @param gating how the gates run: whether a run stops at its first failure
 */
public record Plan(
    String source,
    String project,
    Branches branches,
    List<Session> sessions,
    List<Phase> phases,
    List<Gate> gates,
    ReviewPolicy review,
    Protection protection,
    Gating gating) {

  /** The file name Junction reads at the root of a branch. */
  public static final String FILE_NAME = "junction.yaml";

  /**
   * The largest plan file read, in bytes (1 MiB; the shipped example is 14 KB): a bigger one is
   * refused naming the file, before any parsing, so a pushed plan cannot exhaust the hook.
   */
  public static final int MAX_BYTES = 1 << 20;

  /** The longest line of a plan file, in characters: the YAML parser slows down on longer ones. */
  public static final int MAX_LINE = 64 << 10;

  public Plan {
    sessions = List.copyOf(sessions);
    phases = List.copyOf(phases);
    gates = List.copyOf(gates);
  }

  /** A plan whose gates all run, whatever fails. */
  public Plan(String source, String project, Branches branches, List<Session> sessions, List<Phase> phases,
      List<Gate> gates, ReviewPolicy review, Protection protection) {
    this(source, project, branches, sessions, phases, gates, review, protection, Gating.defaults());
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
