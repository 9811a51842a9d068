package dev.junction.git;

import dev.junction.plan.Plan;
import dev.junction.plan.PlanLoad;
import dev.junction.plan.PlanLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Where plans come from: the tip of a branch (the target's, never the source's) or, to try a plan
 * before committing it, a file.
 */
public final class PlanSource {
  private PlanSource() {}

  /** A branch resolved to its full ref name and tip. */
  public record Tip(String branch, String refName, ObjectId id) {}

  /**
   * Resolves a branch by short name ({@code coordination}), full ref name, or any other ref git
   * would accept ({@code origin/x}).
   */
  public static Optional<Tip> resolve(Repository repo, String name) throws IOException {
    for (String candidate : new String[] {"refs/heads/" + name, name, "refs/remotes/" + name}) {
      Ref ref = repo.exactRef(candidate);
      if (ref != null && ref.getObjectId() != null) {
        return Optional.of(new Tip(name, ref.getName(), peelToCommit(repo, ref.getObjectId())));
      }
    }
    return Optional.empty();
  }

  /**
   * The names {@link #resolve} would accept without a full ref name, for "did you mean" hints:
   * local branches, then remote-tracking ones, each in name order.
   */
  public static java.util.List<String> branchNames(Repository repo) throws IOException {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (String prefix : new String[] {"refs/heads/", "refs/remotes/"}) {
      repo.getRefDatabase().getRefsByPrefix(prefix).stream().map(Ref::getName).sorted()
          .filter(n -> !n.endsWith("/HEAD")).forEach(n -> out.add(n.substring(prefix.length())));
    }
    return out;
  }

  /** Reads {@code junction.yaml} at the root of {@code commit}; empty when the commit has none. */
  public static Optional<byte[]> read(Repository repo, ObjectId commit, String path) throws IOException {
    Optional<ObjectId> blob = blob(repo, commit, path);
    if (blob.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(bytes(repo, blob.get()));
  }

  /** The id of the file {@code path} at {@code commit}; empty when the commit has no such file. */
  public static Optional<ObjectId> blob(Repository repo, ObjectId commit, String path) throws IOException {
    try (RevWalk walk = new RevWalk(repo); ObjectReader reader = repo.newObjectReader()) {
      RevCommit c = walk.parseCommit(commit);
      try (TreeWalk tw = TreeWalk.forPath(reader, path, c.getTree())) {
        if (tw == null || (tw.getRawMode(0) & 0170000) != 0100000) {
          return Optional.empty();
        }
        return Optional.of(tw.getObjectId(0));
      }
    }
  }

  /** Loads the plan file in {@code blob}, naming it {@code label} ({@code coord:junction.yaml}) in its errors. */
  public static PlanLoad load(Repository repo, ObjectId blob, String label) throws IOException {
    return PlanLoader.load(label, bytes(repo, blob));
  }

  /**
   * The content of a plan file's blob, cut one byte past {@link Plan#MAX_BYTES} so that a larger
   * one is read no further and the loader refuses it by its size.
   */
  public static byte[] bytes(Repository repo, ObjectId blob) throws IOException {
    try (ObjectReader reader = repo.newObjectReader(); var in = reader.open(blob).openStream()) {
      return in.readNBytes(Plan.MAX_BYTES + 1);
    }
  }

  /** The start of a plan file, one byte past the largest plan read. */
  private static byte[] head(Path file) throws IOException {
    try (var in = Files.newInputStream(file)) {
      return in.readNBytes(Plan.MAX_BYTES + 1);
    }
  }

  /** Loads the plan committed at the tip of {@code tip}, naming it {@code branch:junction.yaml}. */
  public static PlanLoad atTip(Repository repo, Tip tip) throws IOException {
    return atTip(CheckReads.jgit(repo), tip);
  }

  /** {@link #atTip(Repository, Tip)}, read with {@code reads}. */
  static PlanLoad atTip(CheckReads reads, Tip tip) throws IOException {
    String label = tip.branch() + ":" + Plan.FILE_NAME;
    Optional<ObjectId> blob = reads.blob(tip.id(), Plan.FILE_NAME);
    Optional<byte[]> bytes = blob.isEmpty() ? Optional.empty() : Optional.of(reads.bytes(blob.get(), Plan.MAX_BYTES + 1));
    if (bytes.isEmpty()) {
      return new PlanLoad.Invalid(java.util.List.of(new dev.junction.plan.PlanError(label, 0, "",
          "no " + Plan.FILE_NAME + " at the tip of " + tip.branch() + " (" + tip.id().abbreviate(10).name() + ")")));
    }
    return PlanLoader.load(label, bytes.get());
  }

  /** Loads a plan from a file, naming it by the path given. */
  public static PlanLoad fromFile(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return new PlanLoad.Invalid(java.util.List.of(
          new dev.junction.plan.PlanError(file.toString(), 0, "", "no such file")));
    }
    return PlanLoader.load(file.toString(), head(file));
  }

  /**
   * The plan that names the default target when none is given: the work tree's
   * {@code junction.yaml} if there is one, else the one committed at {@code HEAD}.
   */
  public static Optional<PlanLoad> bootstrap(Repository repo) throws IOException {
    if (!repo.isBare()) {
      Path file = repo.getWorkTree().toPath().resolve(Plan.FILE_NAME);
      if (Files.isRegularFile(file)) {
        return Optional.of(PlanLoader.load(Plan.FILE_NAME, head(file)));
      }
    }
    ObjectId head = repo.resolve("HEAD^{commit}");
    if (head == null) {
      return Optional.empty();
    }
    Optional<byte[]> bytes = read(repo, head, Plan.FILE_NAME);
    return bytes.map(b -> PlanLoader.load("HEAD:" + Plan.FILE_NAME, b));
  }

  private static ObjectId peelToCommit(Repository repo, ObjectId id) throws IOException {
    try (RevWalk walk = new RevWalk(repo)) {
      return walk.parseCommit(id).getId();
    }
  }
}
