package dev.junction.plan;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A gate as far as the plan knows it: a name, the command and the stages that require it. Reports
 * and thresholds are read by the {@code gate} package.
 */
public record Gate(String name, List<String> command, Set<Stage> stages, Duration timeout) {
  public Gate {
    command = List.copyOf(command);
    stages = Set.copyOf(stages);
  }
}
