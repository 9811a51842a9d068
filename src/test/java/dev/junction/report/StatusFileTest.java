package dev.junction.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The STATUS file's shape: flat keys in the spec's words, the same text for the same data. */
class StatusFileTest {
  static final Instant T = Instant.parse("2025-11-12T16:45:00Z");

  static StatusFile.Status status(List<StatusFile.GateResult> gates) {
    return new StatusFile.Status("session-7", "Session 7", Optional.of("claude/if-bus"),
        Optional.of("0123456789abcdef0123456789abcdef01234567"), T, "coordination", gates,
        List.of(new StatusFile.TaskLine("P0.1.2", "CAS operations", List.of())),
        List.of(new StatusFile.TaskLine("P0.1.5", "watch API", List.of())),
        List.of(new StatusFile.TaskLine("P0.1.3", "pub/sub", List.of("P0.1.1", "P0.1.2"))),
        List.of(new StatusFile.RequestLine(12, "feat(coordinator): Add CAS operations [P0.1.2]", "coordination", "medium",
            T.minusSeconds(3600), List.of("session-5@x (session-5)"), List.of("critical finding #3 is open"), List.of())),
        List.of(new StatusFile.Asked(14, "docs: x", "session-2@x", "session-7@x", "opened", T)),
        List.of(new StatusFile.ConflictLine("claude/if-bus -> coordination", T.minusSeconds(4000), 4,
            List.of("infrafabric/coordinator.py"))),
        List.of(new StatusFile.EscalationLine("request:14:ping", "ping", "request #14", T, List.of("session-7@x"),
            "session-7@x review request #14")),
        List.of(new StatusFile.RollbackLine(T, "abc123", List.of("P0.1.2"), "Integration tests failing",
            "ROLLBACK-ANALYSIS-1.md")));
  }

  @Test
  void keysComeInTheSpecsWordsAndOrder() throws Exception {
    JsonNode yaml = new YAMLMapper().readTree(StatusFile.yaml(status(List.of())));
    List<String> keys = new ArrayList<>();
    yaml.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("session", "name", "branch", "tip", "target", "updated", "tests_passing", "gates",
        "tasks_in_progress", "tasks_ready", "tasks_blocked", "requests", "reviews_requested", "conflicts", "escalations",
        "rollbacks", "blockers");
    assertThat(yaml.get("updated").asText()).isEqualTo("2025-11-12T16:45:00Z");
    assertThat(yaml.get("requests").get(0).get("approvals").asInt()).isEqualTo(1);
    assertThat(yaml.get("rollbacks").get(0).get("action_required").asText())
        .isEqualTo("session-7: fix P0.1.2 on claude/if-bus, run the gates, land again");
  }

  @Test
  void testsPassingIsNullUntilAGateRanThenTheConjunctionOfTheLatestVerdicts() throws Exception {
    assertThat(StatusFile.yaml(status(List.of()))).contains("\ntests_passing: null\n");
    assertThat(StatusFile.yaml(status(List.of(new StatusFile.GateResult("unit", true, T)))))
        .contains("\ntests_passing: true\n");
    assertThat(StatusFile.yaml(status(List.of(new StatusFile.GateResult("lint", true, T),
        new StatusFile.GateResult("unit", false, T))))).contains("\ntests_passing: false\n");
  }

  @Test
  void blockersPutFailingGatesAndConflictsFirst() {
    StatusFile.Status s = status(List.of(new StatusFile.GateResult("unit", false, T)));
    assertThat(StatusFile.blockers(s)).containsExactly(
        "gate unit failed on claude/if-bus at 0123456789",
        "conflict claude/if-bus -> coordination open since 2025-11-12T15:38:20Z (spec 3.3 level 4): infrafabric/coordinator.py",
        "request #12: critical finding #3 is open",
        "P0.1.3 waits for P0.1.1, P0.1.2 to land on coordination");
  }

  @Test
  void theSameDataRendersTheSameTextAndStringsThatLookLikeOtherTypesAreQuoted() {
    StatusFile.Status s = status(List.of());
    assertThat(StatusFile.yaml(s)).isEqualTo(StatusFile.yaml(s)).startsWith("session: session-7\nname: Session 7\n")
        .contains("  - task: P0.1.3\n    title: pub/sub\n    waits_for:\n      - P0.1.1\n");
    StatusFile.Status tricky = new StatusFile.Status("yes", "null", Optional.of("2024"), Optional.empty(), T, "main",
        List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    String yaml = StatusFile.yaml(tricky);
    assertThat(yaml).contains("session: \"yes\"", "name: \"null\"", "branch: \"2024\"", "tip: null");
    assertThat(StatusFile.fileName("session-7")).isEqualTo("STATUS-session-7.yaml");
  }
}
