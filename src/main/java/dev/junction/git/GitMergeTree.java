package dev.junction.git;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * The git engine: one long-lived {@code git merge-tree --write-tree --stdin -z --messages}
 * process per instance, fed one pair of commits per line. merge-ort with rename detection, the
 * same answer {@code git merge} gives, at a few milliseconds per merge instead of a process start.
 * Calls are serialized; a process that dies is restarted for the next call.
 *
 * <p>Output per merge, NUL-separated: the status (1 clean, 0 conflicted), the tree, the
 * conflicted stages ({@code mode oid stage<TAB>path}) up to an empty field, then the messages
 * ({@code count, paths..., type, text}) up to an empty field that ends the merge.
 *
 * <p>git (2.39 at least) flushes its output before that last field, so the end of a merge only
 * arrives with the next one. Each request is therefore followed by a sentinel, the merge of a
 * commit with itself (clean, no messages), whose own last field is consumed at the next call.
 *
 * <p>{@link #start} writes a request without waiting for its answer, so that git merges while the
 * caller reads the repository itself.
 */
public final class GitMergeTree implements MergeEngine {
  /** The git command this engine runs, after {@code git --git-dir DIR}. */
  public static final List<String> ARGUMENTS = List.of(
      "merge-tree", "--write-tree", "--stdin", "-z", "--messages", "--allow-unrelated-histories");
  private final Repository repo;
  private final String version;
  private Process process;
  private OutputStream toGit;
  private InputStream fromGit;
  private StderrTail stderr;
  /** Whether the sentinel's closing field is still to be read. */
  private boolean sentinelOpen;
  /** The request whose answer git has not been read for yet. */
  private Asked awaited;

  private GitMergeTree(Repository repo, String version) {
    this.repo = repo;
    this.version = version;
  }

  static GitMergeTree start(Repository repo) throws IOException {
    String version = GitVersion.detect().map(GitVersion::text).orElse("git");
    GitMergeTree engine = new GitMergeTree(repo, version);
    engine.launch();
    return engine;
  }

  private void launch() throws IOException {
    List<String> command = new ArrayList<>(List.of("git", "--git-dir", repo.getDirectory().getAbsolutePath()));
    command.addAll(ARGUMENTS);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("LC_ALL", "C");
    pb.environment().put("LANGUAGE", "C");
    pb.environment().remove("GIT_DIR");
    process = pb.start();
    sentinelOpen = false;
    toGit = process.getOutputStream();
    fromGit = new BufferedInputStream(process.getInputStream(), 1 << 16);
    stderr = StderrTail.follow(process.getErrorStream());
  }

  @Override
  public synchronized MergeResult merge(ObjectId ours, ObjectId theirs) throws IOException {
    return start(ours, theirs).result();
  }

  /**
   * Writes the request and returns: git merges while the caller goes on, and {@link
   * Pending#result} reads the answer. An answer still awaited is read first, into its own handle.
   */
  @Override
  public synchronized Pending start(ObjectId ours, ObjectId theirs) throws IOException {
    if (awaited != null) {
      awaited.answer();
    }
    if (process == null || !process.isAlive()) {
      launch();
    }
    Asked asked = new Asked(ours, theirs);
    try {
      String request = ours.name() + " " + theirs.name() + "\n" + ours.name() + " " + ours.name() + "\n";
      toGit.write(request.getBytes(StandardCharsets.US_ASCII));
      toGit.flush();
    } catch (IOException e) {
      throw asked.failed(e);
    }
    awaited = asked;
    return asked;
  }

  /** One request written to git, and its answer once read. */
  private final class Asked implements Pending {
    private final ObjectId ours;
    private final ObjectId theirs;
    private MergeResult result;
    private IOException failure;

    Asked(ObjectId ours, ObjectId theirs) {
      this.ours = ours;
      this.theirs = theirs;
    }

    @Override
    public MergeResult result() throws IOException {
      synchronized (GitMergeTree.this) {
        if (awaited == this) {
          answer();
        }
        if (failure != null) {
          throw failure;
        }
        return result;
      }
    }

    /** Reads this request's answer, which is the next thing git writes. */
    void answer() {
      awaited = null;
      try {
        if (sentinelOpen) {
          expectEmpty();
        }
        result = read(fromGit);
        readSentinel();
      } catch (IOException e) {
        failure = failed(e);
      }
    }

    /** The failure, with git's reason; the process is ended so that the next merge restarts it. */
    IOException failed(IOException e) {
      String why = stderr.text();
      destroy();
      return new IOException("git merge-tree failed on " + ours.abbreviate(10).name() + " "
          + theirs.abbreviate(10).name() + (why.isEmpty() ? ": " + e.getMessage() : ": " + why), e);
    }
  }

  private void readSentinel() throws IOException {
    if (!token(fromGit).equals("1")) {
      throw new IOException("the sentinel merge of a commit with itself was not clean");
    }
    token(fromGit); // its tree
    expectEmpty(); // no conflicted stages; its messages and closing field come later
    sentinelOpen = true;
  }

  private void expectEmpty() throws IOException {
    String t = token(fromGit);
    if (!t.isEmpty()) {
      throw new IOException("unexpected field '" + t + "' from git merge-tree");
    }
  }

  /**
   * Reads one merge of {@code merge-tree --write-tree -z --messages --stdin} output, its closing
   * field included.
   */
  public static MergeResult read(InputStream in) throws IOException {
    String status = token(in);
    boolean clean = status.equals("1");
    if (!clean && !status.equals("0")) {
      throw new IOException("unexpected merge status '" + status + "'");
    }
    ObjectId tree = ObjectId.fromString(token(in));
    Map<String, MergeResult.Stages> staged = new LinkedHashMap<>();
    for (String entry = token(in); !entry.isEmpty(); entry = token(in)) {
      // <mode> SP <oid> SP <stage> TAB <path>
      int tab = entry.indexOf('\t');
      String[] head = entry.substring(0, tab).split(" ");
      String path = entry.substring(tab + 1);
      staged.merge(path, stage(Integer.parseInt(head[2]), ObjectId.fromString(head[1])), GitMergeTree::both);
    }
    List<MergeResult.Message> messages = new ArrayList<>();
    for (String count = token(in); !count.isEmpty(); count = token(in)) {
      int n = Integer.parseInt(count);
      List<String> paths = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        paths.add(token(in));
      }
      String type = token(in);
      messages.add(new MergeResult.Message(paths, type, token(in).strip()));
    }
    return new MergeResult(clean, Optional.of(tree), conflicts(staged, messages), messages);
  }

  /**
   * Each conflicted path with the kind of the first conflict message naming it. Conflict messages
   * about paths that were not left staged (git resolved the path but still reports it) are kept
   * too, so no reported conflict is lost.
   */
  static List<MergeResult.Conflict> conflicts(
      Map<String, MergeResult.Stages> staged, List<MergeResult.Message> messages) {
    Map<String, MergeResult.Conflict> byPath = new LinkedHashMap<>();
    staged.forEach((path, stages) -> {
      MergeResult.Message about = messages.stream()
          .filter(m -> m.type().startsWith("CONFLICT") && m.paths().contains(path))
          .findFirst().orElse(null);
      byPath.put(path, about == null
          ? new MergeResult.Conflict(path, ConflictKind.OTHER, List.of(), "conflicted", stages)
          : conflict(path, about, stages));
    });
    for (MergeResult.Message m : messages) {
      if (m.type().startsWith("CONFLICT") && m.paths().stream().noneMatch(byPath::containsKey)
          && !m.paths().isEmpty()) {
        byPath.put(m.paths().get(0), conflict(m.paths().get(0), m, MergeResult.Stages.NONE));
      }
    }
    return byPath.values().stream().sorted((a, b) -> a.path().compareTo(b.path())).toList();
  }

  private static MergeResult.Conflict conflict(String path, MergeResult.Message m, MergeResult.Stages stages) {
    List<String> related = m.paths().stream().filter(p -> !p.equals(path)).toList();
    return new MergeResult.Conflict(path, ConflictKind.ofGit(m.type(), m.text()), related, m.text(), stages);
  }

  private static MergeResult.Stages stage(int stage, ObjectId blob) {
    Optional<ObjectId> id = Optional.of(blob);
    return switch (stage) {
      case 1 -> new MergeResult.Stages(id, Optional.empty(), Optional.empty());
      case 2 -> new MergeResult.Stages(Optional.empty(), id, Optional.empty());
      default -> new MergeResult.Stages(Optional.empty(), Optional.empty(), id);
    };
  }

  private static MergeResult.Stages both(MergeResult.Stages a, MergeResult.Stages b) {
    return new MergeResult.Stages(a.base().or(b::base), a.ours().or(b::ours), a.theirs().or(b::theirs));
  }

  private static String token(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
    for (int b = in.read(); b != 0; b = in.read()) {
      if (b < 0) {
        throw new IOException("git merge-tree ended unexpectedly");
      }
      buf.write(b);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Override
  public String describe() {
    return version + " merge-tree (merge-ort, rename detection)";
  }

  @Override
  public boolean detectsRenames() {
    return true;
  }

  @Override
  public synchronized void close() {
    if (process == null) {
      return;
    }
    if (awaited != null) {
      awaited = null; // nobody will read it: git need not finish it
      destroy();
      return;
    }
    try {
      toGit.close();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    process = null;
  }

  private void destroy() {
    if (process != null) {
      process.destroyForcibly();
      process = null;
    }
  }

  /** Keeps the last few kilobytes a process writes to stderr, read on a daemon thread. */
  static final class StderrTail {
    private final StringBuilder tail = new StringBuilder();

    static StderrTail follow(InputStream in) {
      StderrTail t = new StderrTail();
      Thread reader = new Thread(() -> {
        byte[] buf = new byte[4096];
        try {
          for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            t.append(new String(buf, 0, n, StandardCharsets.UTF_8));
          }
        } catch (IOException e) {
          // the process ended; what was read is kept
        }
      }, "git-stderr");
      reader.setDaemon(true);
      reader.start();
      return t;
    }

    private synchronized void append(String s) {
      tail.append(s);
      if (tail.length() > 4096) {
        tail.delete(0, tail.length() - 4096);
      }
    }

    synchronized String text() {
      return tail.toString().strip().replace('\n', ' ');
    }
  }
}
