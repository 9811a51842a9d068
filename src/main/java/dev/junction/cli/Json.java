package dev.junction.cli;

import dev.junction.app.JsonContract;
import java.io.PrintWriter;
import java.util.Map;

/** JSON output on the CLI's streams, written by {@link JsonContract}. */
final class Json {
  private Json() {}

  /** A sealed outcome as JSON with its case named: {@code {"outcome": "landed", ...}}. */
  static Map<String, Object> tagged(Record outcome) {
    return JsonContract.tagged(outcome);
  }

  static void print(PrintWriter out, Object value) {
    out.println(JsonContract.write(value));
  }
}
