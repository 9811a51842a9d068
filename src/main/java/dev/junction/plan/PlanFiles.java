package dev.junction.plan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The files that judge a branch and that a branch therefore never changes on its own: a change to
 * any of them is a plan change, which needs a coordinator's approval (see
 * {@code review.ReviewRules}). They are
 *
 * <ul>
 *   <li>{@code junction.yaml};
 *   <li>every CODEOWNERS file GitHub reads ({@code .github/CODEOWNERS}, {@code CODEOWNERS},
 *       {@code docs/CODEOWNERS}): only the first that exists counts, so adding one in front of
 *       another replaces it, and each of them is a plan file;
 *   <li>gate tooling: the scripts and programs the plan's gate commands name ({@code tools/gate.sh},
 *       {@code bash tools/x.sh}, {@code python3 scripts/check.py}, {@code java -jar lib/x.jar},
 *       {@code ./gradlew}), relative to the gate's {@code workdir}: a word of a command that ends
 *       with a script's or program's extension ({@code .sh}, {@code .py}, {@code .js}, {@code .jar},
 *       ...) or starts with {@code ./}, and is not an absolute path, a URL, a variable or a glob
 *       (for {@code --opt=path}, the part after {@code =}). Data a command reads
 *       ({@code test -f broken.txt}, a config file) is not tooling unless the plan lists it;
 *   <li>whatever {@code protection.plan_files} lists (deliverable patterns: a file, a glob, a
 *       folder with a trailing {@code /}), for tooling a command does not name (a build file, a
 *       script without an extension, the files a script runs in turn).
 * </ul>
 *
 * <p>All of them are read from the plan judging the change, which is the target's, never the
 * branch's.
 */
public final class PlanFiles {
  /** Command words split at blanks, quotes and the shell's operators. */
  private static final Pattern WORDS = Pattern.compile("[\\s;&|<>()`'\"]+");
  /** A file that runs: a script or program by its extension ({@code gate.sh}, {@code check.py}, {@code x.jar}). */
  private static final Pattern SCRIPT = Pattern.compile(
      "(^|.*/)[^/]*[^/.]\\.(sh|bash|zsh|ksh|py|rb|pl|pm|js|mjs|cjs|ts|php|lua|r|R|tcl|jar|groovy|gradle|kts|ps1|bat|cmd|mk)$");

  private PlanFiles() {}

  /**
   * A changed path that is a plan file, and why.
   *
   * @param why {@code the plan}, {@code CODEOWNERS}, {@code gate tooling of <gate>} or
   *     {@code protection.plan_files <pattern>}
   */
  public record Hit(String path, String why) {
    @Override
    public String toString() {
      return path + " (" + why + ")";
    }
  }

  /** The files the gate commands of the plan name, each with the first gate that names it. */
  public static Map<String, String> tooling(Plan plan) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Gate g : plan.gates()) {
      String dir = g.workdir() == null || g.workdir().equals(".") || g.workdir().isEmpty() ? ""
          : g.workdir().replaceAll("^\\./", "").replaceAll("/+$", "") + "/";
      for (String part : g.command()) {
        for (String word : WORDS.split(part)) {
          String path = path(word);
          if (!path.isEmpty()) {
            out.putIfAbsent(normal(dir + path), g.name());
          }
        }
      }
    }
    return out;
  }

  /** Every plan file a list of changed paths holds, in the order given, each once. */
  public static List<Hit> touched(Plan plan, Collection<String> changedPaths) {
    Map<String, String> tooling = tooling(plan);
    Set<String> seen = new LinkedHashSet<>();
    List<Hit> out = new ArrayList<>();
    for (String path : changedPaths) {
      if (!seen.add(path)) {
        continue;
      }
      if (path.equals(Plan.FILE_NAME)) {
        out.add(new Hit(path, "the plan"));
      } else if (CodeOwners.LOCATIONS.contains(path)) {
        out.add(new Hit(path, "CODEOWNERS"));
      } else if (tooling.containsKey(path)) {
        out.add(new Hit(path, "gate tooling of " + tooling.get(path)));
      } else {
        plan.protection().planFiles().stream().filter(p -> Deliverables.covers(p, path)).findFirst()
            .ifPresent(p -> out.add(new Hit(path, "protection.plan_files " + p)));
      }
    }
    return out;
  }

  /** The repository path a command word names, or empty when it names none. */
  static String path(String word) {
    String w = word;
    if (w.startsWith("-")) {
      int eq = w.indexOf('=');
      if (eq < 0) {
        return "";
      }
      w = w.substring(eq + 1);
    } else if (w.contains("=") && !w.contains("/")) {
      w = w.substring(w.indexOf('=') + 1); // VAR=value
    }
    if (w.isEmpty() || w.startsWith("/") || w.startsWith("~") || w.contains("://") || w.contains("$")
        || w.contains("*") || w.contains("?") || w.contains("{") || w.contains("[") || w.contains("\\")) {
      return "";
    }
    boolean dotSlash = w.startsWith("./");
    String p = normal(w);
    for (String segment : p.split("/")) {
      if (segment.equals("..")) {
        return "";
      }
    }
    return !p.isEmpty() && (dotSlash || SCRIPT.matcher(p).matches()) ? p : "";
  }

  private static String normal(String path) {
    String p = path.replaceAll("/+", "/");
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    return p.replaceAll("/\\./", "/").replaceAll("/$", "");
  }
}
