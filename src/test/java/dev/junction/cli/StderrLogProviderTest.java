package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.Level;

class StderrLogProviderTest {

  @Test
  void thresholdComesFromTheEnvironmentWordAndDefaultsToWarn() {
    assertThat(StderrLogProvider.threshold(null)).isEqualTo(Level.WARN);
    assertThat(StderrLogProvider.threshold(" debug ")).isEqualTo(Level.DEBUG);
    assertThat(StderrLogProvider.threshold("loud")).isEqualTo(Level.WARN);
  }

  @Test
  void writesMessagesAtOrAboveTheThresholdToStderr() {
    StderrLogProvider provider = new StderrLogProvider();
    provider.initialize();
    Logger log = provider.getLoggerFactory().getLogger("dev.junction.Sample");
    assertThat(provider.getMarkerFactory()).isNotNull();
    assertThat(provider.getMDCAdapter()).isNotNull();
    assertThat(provider.getRequestedApiVersion()).startsWith("2.0");
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      log.info("hidden {}", 1);
      log.warn("shown {} of {}", 1, 2);
      log.error("failed", new IllegalStateException("boom"));
    } finally {
      System.setErr(saved);
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("junction: WARN Sample: shown 1 of 2", "junction: ERROR Sample: failed", "boom")
        .doesNotContain("hidden");
    assertThat(log.isWarnEnabled()).isTrue();
    assertThat(log.isDebugEnabled()).isFalse();
    assertThat(log.isTraceEnabled()).isFalse();
    assertThat(log.isInfoEnabled()).isFalse();
    assertThat(log.isErrorEnabled()).isTrue();
  }
}
