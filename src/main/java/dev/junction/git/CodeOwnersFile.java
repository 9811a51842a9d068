package dev.junction.git;

import dev.junction.plan.CodeOwners;
import java.io.IOException;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * The CODEOWNERS file committed at a commit, found where GitHub looks: {@code .github/}, the root,
 * then {@code docs/}, the first that exists. Read at the target's tip, never at the branch being
 * merged (GitHub: "the CODEOWNERS file must be on the base branch of the pull request").
 */
public final class CodeOwnersFile {
  private CodeOwnersFile() {}

  /** The file found: where, and its rules and skipped lines. */
  public record Found(String location, CodeOwners owners) {}

  /** Reads and parses the CODEOWNERS file of {@code commit}; empty when it has none. */
  public static Optional<Found> at(Repository repo, ObjectId commit) throws IOException {
    return at(CheckReads.jgit(repo), commit);
  }

  /** {@link #at(Repository, ObjectId)}, read with {@code reads}. */
  public static Optional<Found> at(CheckReads reads, ObjectId commit) throws IOException {
    for (String location : CodeOwners.LOCATIONS) {
      Optional<String> text = reads.text(commit, location);
      if (text.isPresent()) {
        return Optional.of(new Found(location, CodeOwners.parse(location, text.get())));
      }
    }
    return Optional.empty();
  }
}
