package dev.junction.git;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;

/**
 * What a check reads of a repository: refs, tips, files at a commit, merge bases and changed
 * paths. Through git itself when git runs the merges ({@link #viaGit}): JGit reads a pack's whole
 * index at the first object it looks up (git/git's is 24 MB, a sixth of a second of CPU), where
 * git maps it; so one {@code git cat-file --batch} process answers the object reads, and {@code
 * git merge-base} and {@code git diff-tree} the rest. Refs are read by JGit (no object is opened
 * for them). Anything git answers otherwise than the plain case (a tip that is no commit, several
 * merge bases or none, a path that is not UTF-8, a failed process) is asked again of JGit, whose
 * answer, or error, is then the one given: the two ways give the same answers.
 */
public final class CheckReads implements AutoCloseable {
  private static final int ID_BYTES = 20;

  /** An object git gave: its type, content and id. */
  private record Obj(String type, byte[] content, String id) {}

  /** An entry of a tree. */
  private record Entry(int mode, ObjectId id) {}

  private final Repository repo;
  private final boolean viaGit;
  private Process catFile;
  private OutputStream toGit;
  private InputStream fromGit;
  /** Whether git failed once: JGit answers from then on. */
  private boolean gitFailed;
  /** {@code git merge-base --all} asked by {@link #measureSoon}, not read yet, and of which two commits. */
  private Process mergeBases;
  private List<ObjectId> mergeBasesOf;

  private CheckReads(Repository repo, boolean viaGit) {
    this.repo = repo;
    this.viaGit = viaGit;
  }

  /** Reads through JGit alone. */
  public static CheckReads jgit(Repository repo) {
    return new CheckReads(repo, false);
  }

  /** Reads through git where it can (git on the PATH, as the git merge engine needs), JGit otherwise. */
  public static CheckReads viaGit(Repository repo) {
    return new CheckReads(repo, true);
  }

  public Repository repository() {
    return repo;
  }

  /** Whether object reads go to git (else JGit, which then loads the pack indexes). */
  public boolean throughGit() {
    return viaGit && !gitFailed;
  }

  /** {@link PlanSource#resolve}: the ref by JGit, the tip peeled to its commit by git. */
  public Optional<PlanSource.Tip> resolve(String name) throws IOException {
    if (!throughGit()) {
      return PlanSource.resolve(repo, name);
    }
    for (String candidate : new String[] {"refs/heads/" + name, name, "refs/remotes/" + name}) {
      Optional<ObjectId> loose = loose(candidate);
      Ref ref = loose.isPresent() ? null : repo.exactRef(candidate);
      Optional<ObjectId> id = loose.or(() -> Optional.ofNullable(ref).map(Ref::getObjectId));
      if (id.isPresent()) {
        Optional<ObjectId> commit = peel(id.get());
        if (commit.isEmpty()) {
          return PlanSource.resolve(repo, name); // no commit there: JGit's answer, or error
        }
        return Optional.of(new PlanSource.Tip(name, loose.isPresent() ? candidate : ref.getName(), commit.get()));
      }
    }
    return Optional.empty();
  }

  /**
   * The id a loose ref file holds, read directly: a loose ref wins over a packed one in git, and
   * JGit would read all of {@code packed-refs} first (thousands of tags in a large repository).
   * Empty for anything else (a packed or symbolic ref, reftable, an invalid name): JGit answers.
   */
  private Optional<ObjectId> loose(String refName) {
    if (!refName.startsWith("refs/") || !Repository.isValidRefName(refName)) {
      return Optional.empty();
    }
    Path common = repo.getCommonDirectory().toPath();
    if (Files.exists(common.resolve("reftable"))) {
      return Optional.empty();
    }
    try {
      byte[] bytes = Files.readAllBytes(common.resolve(refName));
      String text = new String(bytes, StandardCharsets.US_ASCII);
      if (text.length() == 41 && text.charAt(40) == '\n' && ObjectId.isId(text.substring(0, 40))) {
        return Optional.of(ObjectId.fromString(text.substring(0, 40)));
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // not loose (or not readable): JGit looks in packed-refs
    }
  }

  /** {@link PlanSource#blob}: the id of the regular file {@code path} at {@code commit}. */
  public Optional<ObjectId> blob(ObjectId commit, String path) throws IOException {
    if (throughGit()) {
      Optional<Optional<ObjectId>> found = entry(commit, path);
      if (found.isPresent()) {
        return found.get();
      }
    }
    return PlanSource.blob(repo, commit, path);
  }

  /** The first {@code max} bytes of a blob. */
  public byte[] bytes(ObjectId blob, int max) throws IOException {
    if (throughGit()) {
      Optional<Obj> o = object(blob.name());
      if (o.isPresent() && "blob".equals(o.get().type())) {
        byte[] all = o.get().content();
        return all.length <= max ? all : java.util.Arrays.copyOf(all, max);
      }
    }
    try (var reader = repo.newObjectReader(); var in = reader.open(blob).openStream()) {
      return in.readNBytes(max);
    }
  }

  /** {@link BranchScan#read}: the text of the regular file {@code path} at {@code commit}. */
  public Optional<String> text(ObjectId commit, String path) throws IOException {
    if (!throughGit()) {
      return BranchScan.read(repo, commit, path);
    }
    Optional<ObjectId> blob = blob(commit, path);
    if (blob.isEmpty()) {
      return Optional.empty();
    }
    byte[] bytes = bytes(blob.get(), BranchScan.MAX_TEXT + 1);
    if (bytes.length > BranchScan.MAX_TEXT) {
      return BranchScan.read(repo, commit, path); // too large: JGit refuses it its own way
    }
    return Optional.of(new String(bytes, StandardCharsets.UTF_8));
  }

  /**
   * Starts asking git for the merge bases of {@code branch} and {@code target}, so that git walks
   * the history while the caller does other work; {@link #measure} of the same two reads the answer.
   */
  public void measureSoon(PlanSource.Tip branch, ObjectId target) {
    if (!throughGit() || mergeBases != null) {
      return;
    }
    try {
      mergeBases = start(List.of("merge-base", "--all", target.name(), branch.id().name()));
      mergeBasesOf = List.of(target, branch.id());
    } catch (IOException e) {
      mergeBases = null; // measure asks again, or JGit answers
    }
  }

  /** {@link BranchScan#measure}. */
  public BranchScan.Measured measure(PlanSource.Tip branch, ObjectId target) throws IOException {
    if (throughGit()) {
      Optional<List<ObjectId>> bases = mergeBases(branch, target).flatMap(this::inWalkOrder);
      if (bases.isPresent() && !bases.get().isEmpty()) {
        ObjectId base = bases.get().get(0);
        Optional<List<String>> paths = run(List.of("diff-tree", "-r", "-z", "--name-only", "--no-renames",
            "--ignore-submodules=none", "--no-ext-diff", "--no-textconv", base.name(), branch.id().name()), '\0');
        if (paths.isPresent()) {
          return new BranchScan.Measured(branch, bases.get(), new HashSet<>(paths.get()));
        }
      }
    }
    return BranchScan.measure(repo, branch, target);
  }

  /** Git's merge bases of the two: the answer {@link #measureSoon} asked for, or a new question. */
  private Optional<List<String>> mergeBases(PlanSource.Tip branch, ObjectId target) {
    Process asked = mergeBases;
    if (asked != null && mergeBasesOf.equals(List.of(target, branch.id()))) {
      mergeBases = null;
      return collect(asked, '\n');
    }
    return run(List.of("merge-base", "--all", target.name(), branch.id().name()), '\n');
  }

  /**
   * Git's merge bases in the order JGit's merge-base walk gives them ({@link BranchScan#mergeBases}):
   * newest commit time first. Empty when that order is not certain (two bases of the same time, an
   * unreadable commit): JGit then measures.
   */
  private Optional<List<ObjectId>> inWalkOrder(List<String> names) {
    if (names.size() == 1) {
      return ObjectId.isId(names.get(0)) ? Optional.of(List.of(ObjectId.fromString(names.get(0)))) : Optional.empty();
    }
    Map<ObjectId, Long> times = new HashMap<>();
    for (String name : names) {
      if (!ObjectId.isId(name)) {
        return Optional.empty();
      }
      Optional<Long> time = object(name).filter(o -> "commit".equals(o.type())).flatMap(o -> commitTime(o.content()));
      if (time.isEmpty() || times.containsValue(time.get())) {
        return Optional.empty();
      }
      times.put(ObjectId.fromString(name), time.get());
    }
    List<ObjectId> out = new ArrayList<>(times.keySet());
    out.sort(Comparator.comparing(times::get, Comparator.reverseOrder()));
    return Optional.of(out);
  }

  /** The committer time of a raw commit, in seconds. */
  static Optional<Long> commitTime(byte[] commit) {
    String text = new String(commit, StandardCharsets.UTF_8);
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty()) {
        break; // the headers end here
      }
      if (line.startsWith("committer ")) {
        String[] words = line.substring(line.lastIndexOf('>') + 1).trim().split(" ");
        try {
          return Optional.of(Long.parseLong(words[0]));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** Peels {@code id} to a commit by git; empty when it is none (or git failed). */
  private Optional<ObjectId> peel(ObjectId id) throws IOException {
    Optional<Obj> o = object(id.name() + "^{commit}");
    if (o.isEmpty() || !"commit".equals(o.get().type()) || !ObjectId.isId(o.get().id())) {
      return Optional.empty();
    }
    return Optional.of(ObjectId.fromString(o.get().id()));
  }

  /**
   * The regular file at {@code path} of {@code commit}, read tree by tree as JGit's TreeWalk does:
   * present and empty when there is none, absent when git could not tell.
   */
  private Optional<Optional<ObjectId>> entry(ObjectId commit, String path) throws IOException {
    Optional<Obj> tree = object(commit.name() + "^{tree}");
    String[] names = path.split("/", -1);
    for (int i = 0; tree.isPresent() && "tree".equals(tree.get().type()); i++) {
      Optional<Entry> e = find(tree.get().content(), names[i]);
      if (e.isEmpty()) {
        return Optional.of(Optional.empty());
      }
      int mode = e.get().mode();
      ObjectId id = e.get().id();
      if (i == names.length - 1) {
        return Optional.of((mode & 0170000) == 0100000 ? Optional.of(id) : Optional.empty());
      }
      if ((mode & 0170000) != 0040000) {
        return Optional.of(Optional.empty());
      }
      tree = object(id.name());
    }
    return Optional.empty();
  }

  /** The entry {@code name} of a raw tree: its mode and id. */
  private static Optional<Entry> find(byte[] tree, String name) {
    byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
    int p = 0;
    while (p < tree.length) {
      int space = p;
      while (tree[space] != ' ') {
        space++;
      }
      int nul = space + 1;
      while (tree[nul] != 0) {
        nul++;
      }
      if (java.util.Arrays.equals(tree, space + 1, nul, wanted, 0, wanted.length)) {
        int mode = Integer.parseInt(new String(tree, p, space - p, StandardCharsets.US_ASCII), 8);
        return Optional.of(new Entry(mode, ObjectId.fromRaw(tree, nul + 1)));
      }
      p = nul + 1 + ID_BYTES;
    }
    return Optional.empty();
  }

  /** The type, content and header of the object {@code spec} names; empty when missing or git failed. */
  private Optional<Obj> object(String spec) {
    if (!throughGit()) {
      return Optional.empty();
    }
    try {
      if (catFile == null) {
        ProcessBuilder pb = git(List.of("cat-file", "--batch"));
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        catFile = pb.start();
        toGit = catFile.getOutputStream();
        fromGit = new BufferedInputStream(catFile.getInputStream(), 1 << 16);
      }
      toGit.write((spec + "\n").getBytes(StandardCharsets.UTF_8));
      toGit.flush();
      String[] header = line(fromGit).split(" ");
      if (header.length != 3) {
        return Optional.empty(); // "SPEC missing", "SPEC ambiguous"
      }
      int size = Integer.parseInt(header[2]);
      byte[] content = fromGit.readNBytes(size);
      if (content.length != size || fromGit.read() != '\n') {
        throw new IOException("git cat-file ended early");
      }
      return Optional.of(new Obj(header[1], content, header[0]));
    } catch (IOException | NumberFormatException e) {
      gitFailed = true; // JGit answers from here on
      return Optional.empty();
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("git cat-file ended early");
      }
      out.write(b);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Runs git and splits its output at {@code separator}; empty when it fails or a field is not UTF-8. */
  private Optional<List<String>> run(List<String> args, char separator) {
    try {
      return collect(start(args), separator);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Starts git with {@code args}, its input closed. */
  private Process start(List<String> args) throws IOException {
    ProcessBuilder pb = git(args);
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    p.getOutputStream().close();
    return p;
  }

  /** What {@code p} printed, split at {@code separator}; empty when it failed or a field is not UTF-8. */
  private static Optional<List<String>> collect(Process p, char separator) {
    try {
      byte[] out = p.getInputStream().readAllBytes();
      if (p.waitFor() != 0) {
        return Optional.empty();
      }
      List<String> fields = new ArrayList<>();
      var decoder = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
      int start = 0;
      for (int i = 0; i < out.length; i++) {
        if (out[i] == separator) {
          fields.add(decoder.decode(ByteBuffer.wrap(out, start, i - start)).toString());
          start = i + 1;
        }
      }
      if (start != out.length) {
        return Optional.empty(); // every field ends with the separator
      }
      return Optional.of(fields);
    } catch (CharacterCodingException e) {
      return Optional.empty(); // JGit decodes such a path its own way
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroy();
      return Optional.empty();
    }
  }

  private ProcessBuilder git(List<String> args) {
    List<String> command = new ArrayList<>(List.of("git", "--git-dir", repo.getDirectory().getAbsolutePath()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("LC_ALL", "C");
    pb.environment().put("LANGUAGE", "C");
    pb.environment().remove("GIT_DIR");
    return pb;
  }

  @Override
  public void close() {
    if (mergeBases != null) {
      mergeBases.destroy(); // asked for and never read: the check ended before measuring
    }
    if (catFile != null) {
      try {
        toGit.close();
        catFile.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
      } catch (IOException e) {
        // it ends when its input closes; nothing was written by it
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        catFile.destroy();
      }
    }
  }
}
