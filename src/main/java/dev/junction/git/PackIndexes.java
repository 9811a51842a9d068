package dev.junction.git;

import java.io.IOException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * A head start on the first object read. JGit reads a pack's whole index the first time it looks
 * an object up (git/git's is 24 MB, about a tenth of a second); {@link #load} has a daemon thread
 * do it while the caller resolves refs and starts git, and the first lookup of the caller then
 * waits for that thread's load instead of starting its own.
 */
public final class PackIndexes {
  private PackIndexes() {}

  /**
   * Starts loading every pack index of {@code repo} on a daemon thread and returns at once. It
   * changes nothing and answers nothing: a failure there is met again, and reported, by the
   * caller's own read.
   */
  public static void load(Repository repo) {
    Thread loader = new Thread(() -> {
      try (ObjectReader reader = repo.newObjectReader()) {
        reader.has(ObjectId.zeroId()); // absent from every pack: each index is read to tell
      } catch (IOException | RuntimeException e) {
        // only a head start: the caller's first read loads what this could not
      }
    }, "junction-pack-indexes");
    loader.setDaemon(true);
    loader.start();
  }
}
