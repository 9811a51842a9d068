package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code junction bench serve}: a server on the demo repository, loaded from separate processes; figures, bounded. */
@Tag("process")
class BenchServeTest {
  @Test
  void readsWritesAndEventsAreTimedWithinTheirBounds() throws Exception {
    CliTest.Run r = CliTest.run("bench", "serve", "--clients", "2", "--reads", "20", "--writers", "1", "--writes", "3",
        "--subscribers", "2", "--events", "2", "--seconds", "30", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = r.json();
    assertThat(json.get("reads").get("all").get("count").asInt()).as("bounded by count").isEqualTo(20);
    assertThat(json.get("reads").get("paths").size()).isEqualTo(4);
    assertThat(json.get("writes").get("all").get("count").asInt()).isEqualTo(3);
    assertThat(json.get("events").get("all").get("count").asInt()).as("each subscriber times each event").isEqualTo(4);
    assertThat(json.get("local").get("plan").get("count").asInt()).isEqualTo(100);
    for (String part : List.of("reads", "writes", "events")) {
      JsonNode f = json.get(part).get("all");
      assertThat(json.get(part).get("failed").asInt()).as(part).isZero();
      assertThat(f.get("p50").asDouble()).as(part).isPositive().isLessThanOrEqualTo(f.get("p99").asDouble());
      assertThat(f.get("p99").asDouble()).as(part).isLessThanOrEqualTo(f.get("max").asDouble());
    }
    assertThat(CliTest.run("bench", "serve", "--clients", "0").code()).isEqualTo(2);
  }
}
