package dev.junction.git;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 *
 * <p>A tree is data a branch wrote, so nothing in it may make the copy write elsewhere. The whole
 * tree is read and checked before anything is written, and refused ({@link Unextractable}) when a
 * path has an empty, {@code .} or {@code ..} component or one named {@code .git} (in any case),
 * when a path passes under an entry that is not a folder (a symlink {@code evil -> ..} next to a
 * file {@code evil/hooks/post-receive}, as a hand-made tree can hold), when two entries share a
 * path, or when a symlink is absolute or leads out of the copy (followed through the tree's own
 * symlinks, as the system would). Files and folders are then written, with the new files created
 * exclusively, and the symlinks last, so no write goes through one. Symlinks that stay inside the
 * copy are created as symlinks.
 */
public final class Trees {
  private static final Set<PosixFilePermission> EXECUTABLE = EnumSet.of(
      PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE);
  /** As many symlinks as one lookup follows before the system gives up (Linux: 40). */
  private static final int MAX_LINKS = 40;
  /** The longest symlink target the system takes (Linux: PATH_MAX). */
  private static final int MAX_LINK_BYTES = 4096;

  private Trees() {}

  /**
   * A tree that cannot be copied safely; nothing of it was written.
   *
   * @see #path()
   */
  public static final class Unextractable extends IOException {
    private static final long serialVersionUID = 1L;

    private final String path;

    Unextractable(String path, String problem) {
      super("'" + path + "': " + problem);
      this.path = path;
    }

    /** The path in the tree that was refused, as git names it. */
    public String path() {
      return path;
    }
  }

  /** One entry of the tree, read before anything is written. */
  private record Entry(String path, FileMode mode, ObjectId blob) {}

  /**
   * Writes every file of {@code commit}'s tree under the empty folder {@code dir}, with executable
   * bits and the symlinks that stay inside it.
   *
   * @throws Unextractable when the tree holds a path that could write or point outside {@code dir};
   *     then nothing was written
   */
  public static void extract(Repository repo, ObjectId commit, Path dir) throws IOException {
    try (ObjectReader reader = repo.newObjectReader(); RevWalk walk = new RevWalk(reader);
        TreeWalk tw = new TreeWalk(reader)) {
      tw.addTree(walk.parseCommit(commit).getTree());
      tw.setRecursive(true);
      List<Entry> entries = new ArrayList<>();
      Set<String> folders = new HashSet<>();
      Map<String, String> links = new LinkedHashMap<>();
      Set<String> leaves = new HashSet<>();
      while (tw.next()) {
        String path = tw.getPathString();
        checkComponents(path);
        if (folders.contains(path) || !leaves.add(path)) {
          throw new Unextractable(path, "two entries of the tree have this path");
        }
        // The folders above this entry: none may be a file or a symlink of the tree.
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
          String folder = path.substring(0, slash);
          if (leaves.contains(folder)) {
            throw new Unextractable(path, "lies under '" + folder + "', which is "
                + (links.containsKey(folder) ? "a symlink" : "not a folder") + " in the tree");
          }
          folders.add(folder);
        }
        FileMode mode = tw.getFileMode(0);
        ObjectId id = tw.getObjectId(0);
        if (mode == FileMode.SYMLINK) {
          if (reader.getObjectSize(id, ObjectReader.OBJ_ANY) > MAX_LINK_BYTES) {
            throw new Unextractable(path, "a symlink whose target is longer than " + MAX_LINK_BYTES + " bytes");
          }
          links.put(path, new String(reader.open(id).getCachedBytes(), StandardCharsets.UTF_8));
        }
        entries.add(new Entry(path, mode, id));
      }
      for (Map.Entry<String, String> link : links.entrySet()) {
        checkLink(link.getKey(), link.getValue(), links);
      }
      write(reader, entries, links, dir);
    }
  }

  private static void write(ObjectReader reader, List<Entry> entries, Map<String, String> links, Path dir)
      throws IOException {
    Path root = dir.toAbsolutePath().normalize();
    // No symlink exists in the copy until every file is written, so nothing below follows one.
    for (Entry e : entries) {
      Path target = root.resolve(e.path());
      Files.createDirectories(target.getParent());
      if (e.mode() == FileMode.GITLINK) {
        Files.createDirectories(target);
      } else if (e.mode() != FileMode.SYMLINK) {
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS)) {
          reader.open(e.blob()).copyTo(out);
        }
        if (e.mode() == FileMode.EXECUTABLE_FILE) {
          Files.setPosixFilePermissions(target, EXECUTABLE); // no symlink exists yet to follow
        }
      }
    }
    for (Map.Entry<String, String> link : links.entrySet()) {
      Path target = root.resolve(link.getKey());
      Files.createDirectories(target.getParent());
      Files.createSymbolicLink(target, Path.of(link.getValue()));
    }
  }

  /** Refuses empty, {@code .}, {@code ..} and {@code .git} components, which git itself never writes. */
  private static void checkComponents(String path) throws Unextractable {
    for (String part : path.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        throw new Unextractable(path, "a path component is " + (part.isEmpty() ? "empty" : "'" + part + "'"));
      }
      if (part.toLowerCase(Locale.ROOT).equals(".git")) {
        throw new Unextractable(path, "a path component is '" + part + "' (a git folder would give the gate a repository)");
      }
    }
    try {
      Path.of(path);
    } catch (InvalidPathException e) {
      throw new Unextractable(path, "not a valid file name here (" + e.getReason() + ")");
    }
  }

  /** Refuses a symlink that is absolute or leads out of the copy. */
  private static void checkLink(String path, String target, Map<String, String> links) throws Unextractable {
    if (target.isEmpty()) {
      throw new Unextractable(path, "a symlink to nothing");
    }
    try {
      Path.of(target);
    } catch (InvalidPathException e) {
      throw new Unextractable(path, "a symlink to an invalid name (" + e.getReason() + ")");
    }
    if (target.startsWith("/")) {
      throw new Unextractable(path, "a symlink to the absolute path '" + target + "', outside the copy");
    }
    if (resolve(path, path, target, links, 0).isEmpty()) {
      throw new Unextractable(path, "a symlink to '" + target + "', which leads outside the copy");
    }
  }

  /**
   * Where the symlink at {@code path} leads, as components from the copy's root, following the
   * tree's other symlinks on the way as the system would; empty when it leaves the copy or loops.
   */
  private static Optional<List<String>> resolve(String origin, String path, String target, Map<String, String> links,
      int depth) throws Unextractable {
    if (depth > MAX_LINKS) {
      throw new Unextractable(origin, "a symlink that loops (more than " + MAX_LINKS + " symlinks in a row)");
    }
    if (target.startsWith("/")) {
      return Optional.empty();
    }
    List<String> at = new ArrayList<>(List.of(path.split("/")));
    at.remove(at.size() - 1); // a relative target starts from the symlink's folder
    for (String part : target.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (at.isEmpty()) {
          return Optional.empty();
        }
        at.remove(at.size() - 1);
        continue;
      }
      at.add(part);
      String here = String.join("/", at);
      String next = links.get(here);
      if (next != null) {
        Optional<List<String>> followed = resolve(origin, here, next, links, depth + 1);
        if (followed.isEmpty()) {
          return followed;
        }
        at = new ArrayList<>(followed.get());
      }
    }
    return Optional.of(at);
  }
}
