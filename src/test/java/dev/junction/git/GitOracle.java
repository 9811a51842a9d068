package dev.junction.git;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Builds histories with the git CLI and asks git itself what a merge gives, both with a separate
 * {@code git merge-tree} process and with a real {@code git merge} in a scratch work tree.
 */
final class GitOracle {
  private GitOracle() {}

  /** Output and exit code of a command. */
  record Ran(int code, String out) {}

  static Ran run(Path dir, List<String> command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("GIT_AUTHOR_NAME", "Oracle");
    env.put("GIT_AUTHOR_EMAIL", "oracle@example.org");
    env.put("GIT_COMMITTER_NAME", "Oracle");
    env.put("GIT_COMMITTER_EMAIL", "oracle@example.org");
    env.put("GIT_AUTHOR_DATE", "2025-11-12T09:00:00Z");
    env.put("GIT_COMMITTER_DATE", "2025-11-12T09:00:00Z");
    env.put("LC_ALL", "C");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + command);
    }
    return new Ran(p.exitValue(), out);
  }

  /** Runs a bash script in {@code dir}; fails on any error in it. */
  static String sh(Path dir, String script) throws IOException, InterruptedException {
    Ran r = run(dir, List.of("bash", "-euo", "pipefail", "-c", script));
    if (r.code() != 0) {
      throw new IOException("script failed (" + r.code() + "): " + r.out() + "\n--- script:\n" + script);
    }
    return r.out();
  }

  /** What {@code git merge-tree --write-tree --name-only} says, in its own process. */
  record Answer(boolean clean, Set<String> paths, List<String> conflictLines) {}

  static Answer mergeTree(Path dir, String ours, String theirs) throws IOException, InterruptedException {
    Ran r = run(dir, List.of("git", "merge-tree", "--write-tree", "--name-only", "--messages",
        "--allow-unrelated-histories", ours, theirs));
    if (r.code() > 1) {
      throw new IOException("git merge-tree failed: " + r.out());
    }
    List<String> lines = r.out().lines().toList();
    Set<String> paths = new LinkedHashSet<>();
    int i = 1;
    for (; i < lines.size() && !lines.get(i).isEmpty(); i++) {
      paths.add(lines.get(i));
    }
    List<String> conflicts = new ArrayList<>();
    for (; i < lines.size(); i++) {
      if (lines.get(i).startsWith("CONFLICT")) {
        conflicts.add(lines.get(i));
      }
    }
    return new Answer(r.code() == 0, paths, conflicts);
  }

  /** Conflicted paths after a real {@code git merge --no-ff --no-commit} of theirs into ours. */
  static Set<String> gitMerge(Path dir, String ours, String theirs) throws IOException, InterruptedException {
    Path work = dir.resolve(".oracle-wt");
    sh(dir, "git worktree add -q --detach " + work + " " + ours);
    try {
      run(work, List.of("git", "merge", "--no-ff", "--no-commit", "--allow-unrelated-histories", "-q", theirs));
      Ran u = run(work, List.of("git", "diff", "--name-only", "--diff-filter=U"));
      return new LinkedHashSet<>(u.out().lines().toList());
    } finally {
      sh(dir, "git worktree remove --force " + work);
    }
  }
}
