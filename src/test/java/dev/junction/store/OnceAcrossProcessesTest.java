package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Once" events appended by separate processes sharing one store are recorded once between them. */
@Tag("process")
class OnceAcrossProcessesTest {
  static final int PROCESSES = 3;
  static final int SUBJECTS = 200;

  @TempDir Path dir;

  @Test
  void concurrentProcessesRecordEachOnceEventExactlyOnce() throws Exception {
    Path file = dir.resolve("junction.db");
    try (EventStore store = EventStore.sqlite(file)) {
      store.append(new EventStore.Event(java.time.Instant.EPOCH, "created", "store", java.util.Optional.empty(), "{}"));
    }
    List<Process> processes = new ArrayList<>();
    List<BufferedReader> outputs = new ArrayList<>();
    try {
      for (int i = 0; i < PROCESSES; i++) {
        Process p = new ProcessBuilder("java", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
            OnceAppender.class.getName(), file.toString(), String.valueOf(SUBJECTS))
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(p);
        outputs.add(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
      }
      for (BufferedReader out : outputs) {
        assertThat(out.readLine()).isEqualTo("ready");
      }
      for (Process p : processes) { // all are waiting on their input: release them together
        OutputStream in = p.getOutputStream();
        in.write('\n');
        in.flush();
      }
      int recorded = 0;
      for (int i = 0; i < PROCESSES; i++) {
        String line = outputs.get(i).readLine();
        assertThat(processes.get(i).waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(processes.get(i).exitValue()).isZero();
        recorded += Integer.parseInt(line);
      }
      assertThat(recorded).isEqualTo(SUBJECTS);
    } finally {
      processes.forEach(Process::destroyForcibly);
    }
    try (EventStore store = EventStore.sqlite(file)) {
      assertThat(store.events("escalation")).hasSize(SUBJECTS);
      for (int i = 0; i < SUBJECTS; i++) {
        assertThat(store.events("escalation", "request:" + i)).hasSize(1);
      }
    }
  }
}
