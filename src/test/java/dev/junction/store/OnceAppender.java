package dev.junction.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * One appender of {@link OnceAcrossProcessesTest}, as an operating-system process of its own: opens
 * the store, prints {@code ready}, waits for a line on its standard input, then appends the "once"
 * event of each subject {@code 0 .. n-1} in turn and prints how many of them it recorded.
 *
 * <p>Arguments: store file, number of subjects.
 */
public final class OnceAppender {
  private OnceAppender() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int subjects = Integer.parseInt(args[1]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (EventStore store = EventStore.sqlite(file)) {
      out.println("ready");
      in.readLine();
      int recorded = 0;
      for (int i = 0; i < subjects; i++) {
        if (store.appendOnce(new EventStore.Event(Instant.parse("2026-11-24T06:00:00Z"), "escalation", "request:" + i,
            Optional.empty(), "{\"level\":\"reminder\"}"))) {
          recorded++;
        }
      }
      out.println(recorded);
    }
  }
}
