package dev.junction.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.junction.gate.SarifFinding.Severity;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads SARIF 2.1.0 logs (SpotBugs, Bandit, Semgrep, CodeQL and others) into findings.
 *
 * <p>Each result's severity is the first of these that is present, looking at the result and
 * then at its rule ({@code runs[].tool.driver.rules[ruleIndex]}, or the rule whose {@code id} is
 * the result's {@code ruleId}; CodeQL's rules live in {@code tool.extensions}):
 *
 * <ol>
 *   <li>{@code properties.security-severity}, the CVSS-like score GitHub code scanning reads
 *       (a number or a numeric string): 9.0 or more is {@link Severity#CRITICAL}, 7.0 or more
 *       {@link Severity#HIGH}, 4.0 or more {@link Severity#MEDIUM}, above 0 {@link Severity#LOW},
 *       0 {@link Severity#NONE}.
 *   <li>Bandit's {@code properties.issue_severity}: {@code HIGH}, {@code MEDIUM}, {@code LOW}
 *       map to the same names. Bandit's {@code issue_confidence} is not a severity and is ignored.
 *   <li>SpotBugs' {@code properties.rank} (1 to 20), banded as SpotBugs' own
 *       {@code BugRankCategory}: 1 to 9 (scariest and scary) {@link Severity#HIGH}, 10 to 14
 *       (troubling) {@link Severity#MEDIUM}, 15 to 20 (of concern) {@link Severity#LOW}; else its
 *       {@code properties.priority} (1 high, 2 normal, 3 low). SpotBugs 4.10 writes neither: it
 *       encodes the rank in {@code level} with the same bands, so step 4 gives the same answer.
 *   <li>The SARIF {@code level} of the result, else the rule's
 *       {@code defaultConfiguration.level}, else {@code warning} (SARIF's default; {@code none}
 *       when the result's {@code kind} is not {@code fail}): {@code error} is
 *       {@link Severity#HIGH}, {@code warning} {@link Severity#MEDIUM}, {@code note}
 *       {@link Severity#LOW}, {@code none} {@link Severity#NONE}.
 * </ol>
 *
 * <p>The path is the first location's {@code physicalLocation.artifactLocation.uri}, percent
 * decoded; a {@code file:} URI becomes its path, and an absolute path under one of the run's
 * {@code originalUriBaseIds} (or {@code %SRCROOT%}-style bases) is made relative to it. A
 * relative URI with a {@code uriBaseId} stays relative, prefixed by that base's own relative URI
 * if it has one. Results suppressed in the log ({@code suppressions} with a status other than
 * {@code rejected} or {@code underReview}) are left out: they were accepted by a person.
 */
final class Sarif {
  private Sarif() {}

  /**
   * Reads one SARIF log, every run of it.
   *
   * @param name how to name the file in messages
   */
  static List<SarifFinding> read(String name, InputStream in) throws ReportException {
    JsonNode log = StrictJson.parse(name, in);
    if (!log.isObject()) {
      throw new ReportException(name, "top level is " + StrictJson.kind(log)
          + ", expected a SARIF log object");
    }
    String version = log.path("version").asText();
    if (!version.equals("2.1.0")) {
      throw new ReportException(name, "SARIF version is '" + version + "', expected 2.1.0");
    }
    List<SarifFinding> findings = new ArrayList<>();
    JsonNode runs = StrictJson.array(name, log, "runs", "log");
    for (int r = 0; r < runs.size(); r++) {
      run(name, runs.get(r), "runs[" + r + "]", findings);
    }
    return List.copyOf(findings);
  }

  private static void run(String name, JsonNode run, String where, List<SarifFinding> findings)
      throws ReportException {
    JsonNode driver = StrictJson.object(name,
        StrictJson.object(name, run, "tool", where), "driver", where + ".tool");
    String tool = StrictJson.text(name, driver, "name", where + ".tool.driver");
    // A log without results means the tool did not finish: judging it would pass a gate unseen.
    JsonNode results = StrictJson.array(name, run, "results", where);
    for (int i = 0; i < results.size(); i++) {
      String at = where + ".results[" + i + "]";
      JsonNode result = results.get(i);
      if (!result.isObject()) {
        throw new ReportException(name, at + " is " + StrictJson.kind(result)
            + ", expected an object");
      }
      if (suppressed(result)) {
        continue;
      }
      JsonNode rule = rule(run.path("tool"), result);
      String ruleId = result.path("ruleId")
          .asText(result.path("rule").path("id").asText(rule.path("id").asText("")));
      if (ruleId.isEmpty()) {
        throw new ReportException(name, at + " names no rule");
      }
      JsonNode physical = result.path("locations").path(0).path("physicalLocation");
      findings.add(new SarifFinding(
          tool,
          ruleId,
          severity(name, at, result, rule),
          path(physical.path("artifactLocation"), run.path("originalUriBaseIds")),
          physical.path("region").path("startLine").asInt(0),
          message(result, rule)));
    }
  }

  /**
   * The rule a result refers to: by index, else by id, in the driver or (CodeQL) in the extension
   * named by {@code rule.toolComponent.index}; a missing node when the log does not describe it.
   */
  private static JsonNode rule(JsonNode tool, JsonNode result) {
    JsonNode reference = result.path("rule");
    JsonNode component = reference.path("toolComponent");
    JsonNode rules = component.has("index")
        ? tool.path("extensions").path(component.path("index").asInt()).path("rules")
        : tool.path("driver").path("rules");
    int index = result.path("ruleIndex").asInt(reference.path("index").asInt(-1));
    if (index >= 0 && rules.has(index)) {
      return rules.get(index);
    }
    String id = result.path("ruleId").asText(reference.path("id").asText(""));
    for (JsonNode rule : rules) {
      if (rule.path("id").asText().equals(id)) {
        return rule;
      }
    }
    return MissingNode.getInstance();
  }

  private static boolean suppressed(JsonNode result) {
    for (JsonNode suppression : result.path("suppressions")) {
      String status = suppression.path("status").asText("accepted");
      if (status.equals("accepted")) {
        return true;
      }
    }
    return false;
  }

  private static Severity severity(String name, String at, JsonNode result, JsonNode rule)
      throws ReportException {
    for (JsonNode properties : List.of(result.path("properties"), rule.path("properties"))) {
      JsonNode score = properties.path("security-severity");
      if (!score.isMissingNode()) {
        return securitySeverity(name, at, score);
      }
    }
    for (JsonNode properties : List.of(result.path("properties"), rule.path("properties"))) {
      switch (properties.path("issue_severity").asText().toUpperCase(Locale.ROOT)) {
        case "HIGH":
          return Severity.HIGH;
        case "MEDIUM":
          return Severity.MEDIUM;
        case "LOW":
          return Severity.LOW;
        default:
          break;
      }
    }
    JsonNode properties = result.path("properties");
    int rank = properties.path("rank").asInt(0);
    if (rank >= 1 && rank <= 20) {
      return rank <= 9 ? Severity.HIGH : rank <= 14 ? Severity.MEDIUM : Severity.LOW;
    }
    int priority = properties.path("priority").asInt(0);
    if (priority >= 1 && priority <= 3) {
      return priority == 1 ? Severity.HIGH : priority == 2 ? Severity.MEDIUM : Severity.LOW;
    }
    boolean fail = result.path("kind").asText("fail").equals("fail");
    String level = result.path("level").asText(
        rule.path("defaultConfiguration").path("level").asText(fail ? "warning" : "none"));
    return switch (level) {
      case "error" -> Severity.HIGH;
      case "warning" -> Severity.MEDIUM;
      case "note" -> Severity.LOW;
      case "none" -> Severity.NONE;
      default -> throw new ReportException(name, at + ".level is '" + level
          + "', expected error, warning, note or none");
    };
  }

  private static Severity securitySeverity(String name, String at, JsonNode score)
      throws ReportException {
    double value;
    try {
      value = score.isNumber() ? score.asDouble() : Double.parseDouble(score.asText().strip());
    } catch (NumberFormatException e) {
      value = Double.NaN;
    }
    if (!(value >= 0 && value <= 10)) {
      throw new ReportException(name, at + ": security-severity '" + score.asText()
          + "' is not a score from 0 to 10");
    }
    if (value >= 9) {
      return Severity.CRITICAL;
    } else if (value >= 7) {
      return Severity.HIGH;
    } else if (value >= 4) {
      return Severity.MEDIUM;
    } else if (value > 0) {
      return Severity.LOW;
    }
    return Severity.NONE;
  }

  private static String message(JsonNode result, JsonNode rule) {
    JsonNode message = result.path("message");
    if (message.hasNonNull("text")) {
      return message.path("text").asText();
    }
    String id = message.path("id").asText("default");
    return rule.path("messageStrings").path(id).path("text").asText("");
  }

  private static String path(JsonNode artifact, JsonNode bases) {
    String uri = artifact.path("uri").asText("");
    if (uri.isEmpty()) {
      return "";
    }
    String path = decode(uri);
    String baseId = artifact.path("uriBaseId").asText("");
    if (!baseId.isEmpty() && !path.startsWith("/")) {
      String base = bases.path(baseId).path("uri").asText("");
      if (!base.isEmpty() && !isAbsolute(base)) {
        path = directory(decode(base)) + path;
      }
    } else if (path.startsWith("/")) {
      for (JsonNode base : bases) {
        String prefix = directory(decode(base.path("uri").asText("")));
        if (prefix.length() > 1 && path.startsWith(prefix)) {
          path = path.substring(prefix.length());
          break;
        }
      }
    }
    return path.startsWith("./") ? path.substring(2) : path;
  }

  private static String directory(String path) {
    return path.endsWith("/") ? path : path + "/";
  }

  private static boolean isAbsolute(String uri) {
    return uri.startsWith("/") || uri.matches("[A-Za-z][A-Za-z0-9+.-]*:.*");
  }

  /**
   * A URI reference as a path: percent-decoded, without a {@code file:} scheme or host. Other
   * schemes, and text that is not a URI at all (some tools write raw paths), stay as written.
   */
  private static String decode(String uri) {
    try {
      URI parsed = new URI(uri);
      String scheme = parsed.getScheme();
      if (scheme == null || scheme.equals("file")) {
        return parsed.isOpaque() ? parsed.getSchemeSpecificPart() : parsed.getPath();
      }
      return uri;
    } catch (URISyntaxException e) {
      return uri.startsWith("file://") ? uri.substring("file://".length()) : uri;
    }
  }
}
