package dev.junction.git;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Copies of a commit's tree in plain folders. A gate runs in such a copy rather than a git
 * worktree: there is no {@code .git} link back to the repository for it to damage, nothing to
 * lock, and concurrent copies cannot race inside git.
 */
public final class Trees {
  private static final Set<PosixFilePermission> EXECUTABLE = EnumSet.of(
      PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE);

  private Trees() {}

  /**
   * Writes every file of {@code commit}'s tree under {@code dir}, with executable bits and
   * symlinks: through {@code git archive | tar -x} when git is there (several times faster on
   * large trees), else with JGit.
   */
  public static void extract(Repository repo, ObjectId commit, Path dir) throws IOException {
    if (GitVersion.detect().isPresent() && archive(repo, commit, dir)) {
      return;
    }
    extractWithJGit(repo, commit, dir);
  }

  private static boolean archive(Repository repo, ObjectId commit, Path dir) throws IOException {
    List<Process> pipeline = ProcessBuilder.startPipeline(List.of(
        new ProcessBuilder("git", "--git-dir", repo.getDirectory().getAbsolutePath(), "archive", "--format=tar", commit.name())
            .redirectError(ProcessBuilder.Redirect.DISCARD),
        new ProcessBuilder("tar", "-x", "-f", "-", "-C", dir.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)));
    try {
      for (Process p : pipeline) {
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
          pipeline.forEach(Process::destroyForcibly);
          return false;
        }
      }
    } catch (InterruptedException e) {
      pipeline.forEach(Process::destroyForcibly);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while copying " + commit.abbreviate(10).name(), e);
    }
    if (pipeline.stream().allMatch(p -> p.exitValue() == 0)) {
      return true;
    }
    // A half-written copy is cleared before JGit writes it again.
    try (var entries = Files.list(dir)) {
      for (Path p : entries.toList()) {
        org.eclipse.jgit.util.FileUtils.delete(p.toFile(), org.eclipse.jgit.util.FileUtils.RECURSIVE);
      }
    }
    return false;
  }

  static void extractWithJGit(Repository repo, ObjectId commit, Path dir) throws IOException {
    try (ObjectReader reader = repo.newObjectReader(); RevWalk walk = new RevWalk(reader);
        TreeWalk tw = new TreeWalk(reader)) {
      tw.addTree(walk.parseCommit(commit).getTree());
      tw.setRecursive(true);
      while (tw.next()) {
        Path target = dir.resolve(tw.getPathString()).normalize();
        if (!target.startsWith(dir)) {
          throw new IOException("refusing to write outside the copy: " + tw.getPathString());
        }
        Files.createDirectories(target.getParent());
        FileMode mode = tw.getFileMode(0);
        if (mode == FileMode.GITLINK) {
          Files.createDirectories(target);
        } else if (mode == FileMode.SYMLINK) {
          String link = new String(reader.open(tw.getObjectId(0)).getCachedBytes(), StandardCharsets.UTF_8);
          Files.createSymbolicLink(target, Path.of(link));
        } else {
          try (OutputStream out = Files.newOutputStream(target)) {
            reader.open(tw.getObjectId(0)).copyTo(out);
          }
          if (mode == FileMode.EXECUTABLE_FILE) {
            Files.setPosixFilePermissions(target, EXECUTABLE);
          }
        }
      }
    }
  }
}
