package dev.junction.git;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
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

  /** Writes every file of {@code commit}'s tree under {@code dir}, with executable bits and symlinks. */
  public static void extract(Repository repo, ObjectId commit, Path dir) throws IOException {
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
