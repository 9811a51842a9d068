package dev.junction.plan;

import org.eclipse.jgit.lib.Repository;

/** Branch-name rules, as git applies them to {@code refs/heads/<name>}. */
final class RefNames {
  private RefNames() {}

  static boolean isValidBranch(String name) {
    return !name.startsWith("refs/") && !name.startsWith("-")
        && Repository.isValidRefName("refs/heads/" + name);
  }
}
