package dev.junction.gate;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads benchmark results: JMH's {@code -rf json} output, and Junction's simple format, one flat
 * JSON object of named numbers ({@code {"coordinator_latency_ms": 7.3}}) for any tool that can
 * print JSON. Both keep the file's order.
 */
final class BenchmarkJson {
  private BenchmarkJson() {}

  /**
   * One JMH benchmark's primary result.
   *
   * @param score {@code primaryMetric.score}
   * @param unit {@code primaryMetric.scoreUnit}, such as {@code ns/op} or {@code ops/ms}
   * @param mode {@code thrpt}, {@code avgt}, {@code sample}, {@code ss} or {@code all}
   */
  record JmhScore(double score, String unit, String mode) {}

  /**
   * JMH scores by benchmark: the {@code benchmark} name, then its {@code params} in the file's
   * order in parentheses, as in {@code demo.JoinBenchmark.builder(size=10)}.
   *
   * @param name how to name the file in messages
   */
  static Map<String, Double> readJmh(String name, InputStream in) throws ReportException {
    Map<String, Double> scores = new LinkedHashMap<>();
    readJmhScores(name, in).forEach((benchmark, s) -> scores.put(benchmark, s.score()));
    return Collections.unmodifiableMap(scores);
  }

  /**
   * JMH scores with their units and modes, named as in {@link #readJmh}. A benchmark run in two
   * modes would have two scores under one name, so such a file is refused: run each benchmark in
   * one mode for a gate.
   */
  static Map<String, JmhScore> readJmhScores(String name, InputStream in)
      throws ReportException {
    JsonNode runs = StrictJson.parse(name, in);
    if (!runs.isArray()) {
      throw new ReportException(name, "top level is " + StrictJson.kind(runs)
          + ", expected JMH's array of benchmark results");
    }
    Map<String, JmhScore> scores = new LinkedHashMap<>();
    for (int i = 0; i < runs.size(); i++) {
      String at = "[" + i + "]";
      JsonNode run = runs.get(i);
      if (!run.isObject()) {
        throw new ReportException(name, at + " is " + StrictJson.kind(run)
            + ", expected an object");
      }
      String benchmark = key(name, run, at);
      JsonNode metric = StrictJson.object(name, run, "primaryMetric", at);
      JsonNode score = metric.path("score");
      if (!score.isNumber()) {
        throw new ReportException(name, benchmark + ": primaryMetric.score is "
            + StrictJson.kind(score) + ", expected a number");
      }
      JmhScore result = new JmhScore(score.asDouble(),
          StrictJson.text(name, metric, "scoreUnit", at + ".primaryMetric"),
          StrictJson.text(name, run, "mode", at));
      JmhScore earlier = scores.putIfAbsent(benchmark, result);
      if (earlier != null) {
        throw new ReportException(name, benchmark + " appears twice (modes " + earlier.mode()
            + " and " + result.mode() + "); run it in one mode");
      }
    }
    return Collections.unmodifiableMap(scores);
  }

  /**
   * Junction's simple format: a JSON object whose every value is a finite number. Anything else,
   * a nested object, a string or {@code null} included, is refused.
   *
   * @param name how to name the file in messages
   */
  static Map<String, Double> readSimple(String name, InputStream in) throws ReportException {
    JsonNode root = StrictJson.parse(name, in);
    if (!root.isObject()) {
      throw new ReportException(name, "top level is " + StrictJson.kind(root)
          + ", expected an object of named numbers");
    }
    Map<String, Double> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      JsonNode value = field.getValue();
      if (field.getKey().isBlank()) {
        throw new ReportException(name, "a value has an empty name");
      }
      if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
        throw new ReportException(name, field.getKey() + " is " + StrictJson.kind(value)
            + ", expected a number");
      }
      values.put(field.getKey(), value.asDouble());
    }
    return Collections.unmodifiableMap(values);
  }

  private static String key(String name, JsonNode run, String at) throws ReportException {
    String benchmark = StrictJson.text(name, run, "benchmark", at);
    JsonNode params = run.path("params");
    if (params.isMissingNode() || params.isEmpty()) {
      return benchmark;
    }
    if (!params.isObject()) {
      throw new ReportException(name, benchmark + ": params is " + StrictJson.kind(params)
          + ", expected an object");
    }
    StringBuilder key = new StringBuilder(benchmark).append('(');
    for (Iterator<Map.Entry<String, JsonNode>> it = params.properties().iterator();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> param = it.next();
      key.append(param.getKey()).append('=').append(param.getValue().asText());
      if (it.hasNext()) {
        key.append(',');
      }
    }
    return key.append(')').toString();
  }
}
