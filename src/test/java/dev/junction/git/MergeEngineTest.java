package dev.junction.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each case builds {@code ours} and {@code theirs} with the git CLI, then compares both engines
 * with git: {@code git merge-tree} in its own process and a real {@code git merge}.
 */
class MergeEngineTest {
  static final String BASE = "git init -q -b main . && printf 'l1\\nl2\\nl3\\nl4\\nl5\\n' > f && "
      + "printf 'x\\n' > g && git add . && git commit -qm base && ";

  /** The cases; {@code jgit} says how the JGit engine must answer when it differs from git. */
  enum Case {
    CLEAN_EDITS(BASE + "git checkout -qb ours && sed -i 's/l1/o1/' f && git commit -qam o && "
        + "git checkout -q main && git checkout -qb theirs && sed -i 's/l5/t5/' f && git commit -qam t",
        Map.of(), JGit.SAME),
    CONTENT(BASE + "git checkout -qb ours && sed -i 's/l3/o3/' f && git commit -qam o && "
        + "git checkout -q main && git checkout -qb theirs && sed -i 's/l3/t3/' f && git commit -qam t",
        Map.of("f", ConflictKind.CONTENT), JGit.SAME),
    ADD_ADD(BASE + "git checkout -qb ours && echo o > n && git add n && git commit -qm o && "
        + "git checkout -q main && git checkout -qb theirs && echo t > n && git add n && git commit -qm t",
        Map.of("n", ConflictKind.ADD_ADD), JGit.SAME),
    MODIFY_DELETE(BASE + "git checkout -qb ours && git rm -q g && git commit -qm o && "
        + "git checkout -q main && git checkout -qb theirs && echo y > g && git commit -qam t",
        Map.of("g", ConflictKind.MODIFY_DELETE), JGit.SAME),
    BINARY(BASE + "printf '\\000\\001a' > b.bin && git add b.bin && git commit -qm bin && "
        + "git checkout -qb ours && printf '\\000\\002o' > b.bin && git commit -qam o && "
        + "git checkout -q main && git checkout -qb theirs && printf '\\000\\003t' > b.bin && git commit -qam t",
        Map.of("b.bin", ConflictKind.BINARY), JGit.SAME),
    MARKER_TEXT(BASE + "printf 'a\\n<<<<<<< HEAD\\nb\\n=======\\nc\\n>>>>>>> x\\nd\\n' > doc.md && git add doc.md && "
        + "git commit -qm doc && git checkout -qb ours && sed -i 's/^a$/A/' doc.md && git commit -qam o && "
        + "git checkout -q main && git checkout -qb theirs && sed -i 's/^d$/D/' doc.md && git commit -qam t",
        Map.of(), JGit.SAME),
    MODE_AND_CONTENT(BASE + "git checkout -qb ours && chmod +x g && git commit -qam o && "
        + "git checkout -q main && git checkout -qb theirs && echo y >> g && git commit -qam t",
        Map.of(), JGit.SAME),
    RENAME_AND_EDIT(BASE + "git checkout -qb ours && git mv f f2 && git commit -qm o && "
        + "git checkout -q main && git checkout -qb theirs && sed -i 's/l2/t2/' f && git commit -qam t",
        Map.of(), JGit.RENAME_IS_MODIFY_DELETE),
    RENAME_DELETE(BASE + "git checkout -qb ours && git mv f f2 && git commit -qm o && "
        + "git checkout -q main && git checkout -qb theirs && git rm -q f && git commit -qm t",
        Map.of("f2", ConflictKind.RENAME_DELETE), JGit.RENAME_IS_DELETE_AND_ADD),
    FILE_DIRECTORY(BASE + "git checkout -qb ours && mkdir d && echo 1 > d/x && git add d && git commit -qm o && "
        + "git checkout -q main && git checkout -qb theirs && echo 2 > d && git add d && git commit -qm t",
        Map.of("d~THEIRS", ConflictKind.FILE_DIRECTORY), JGit.FILE_DIRECTORY),
    DISTINCT_TYPES(BASE + "git checkout -qb ours && chmod +x g && echo o >> g && git commit -qam o && "
        + "git checkout -q main && git checkout -qb theirs && git rm -q g && ln -s target g && git add g && git commit -qm t",
        Map.of("g", ConflictKind.MODE, "g~OURS", ConflictKind.MODE), JGit.FILE_TYPES),
    CRISS_CROSS(BASE + "git checkout -qb a && sed -i 's/l1/a1/' f && git commit -qam a1 && "
        + "git checkout -q main && git checkout -qb b && sed -i 's/l5/b5/' f && git commit -qam b1 && "
        + "git checkout -q a && git merge -q --no-edit b && git checkout -q b && git merge -q --no-edit a~1 && "
        + "git checkout -q a && sed -i 's/l3/a3/' f && git commit -qam a2 && git branch -q ours && "
        + "git checkout -q b && sed -i 's/l3/b3/' f && git commit -qam b2 && git branch -q theirs",
        Map.of("f", ConflictKind.CONTENT), JGit.SAME),
    CRISS_CROSS_CLEAN(BASE + "git checkout -qb a && sed -i 's/l1/a1/' f && git commit -qam a1 && "
        + "git checkout -q main && git checkout -qb b && sed -i 's/l5/b5/' f && git commit -qam b1 && "
        + "git checkout -q a && git merge -q --no-edit b && git checkout -q b && git merge -q --no-edit a~1 && "
        + "git checkout -q a && echo a > ga && git add ga && git commit -qm a2 && git branch -q ours && "
        + "git checkout -q b && echo b > gb && git add gb && git commit -qm b2 && git branch -q theirs",
        Map.of(), JGit.SAME);

    final String script;
    final Map<String, ConflictKind> expected;
    final JGit jgit;

    Case(String script, Map<String, ConflictKind> expected, JGit jgit) {
      this.script = script;
      this.expected = expected;
      this.jgit = jgit;
    }
  }

  /** How the JGit engine's answer relates to git's (the documented differences). */
  enum JGit {
    /** Same clean flag, same paths, same kinds. */
    SAME,
    /** No rename detection: a rename against an edit is a modify/delete of the old path. */
    RENAME_IS_MODIFY_DELETE,
    /** No rename detection: a rename against a delete is a clean delete plus an add. */
    RENAME_IS_DELETE_AND_ADD,
    /** git moves one side aside ({@code d~<theirs>}); JGit reports the path itself. */
    FILE_DIRECTORY,
    /** git renames one side aside on a file/symlink clash; JGit reports the path itself. */
    FILE_TYPES
  }

  @TempDir Path dir;

  Repository open() throws Exception {
    return new FileRepositoryBuilder().setWorkTree(dir.toFile()).setMustExist(true).build();
  }

  @ParameterizedTest
  @EnumSource(Case.class)
  void gitEngineAgreesWithGitMergeTreeAndGitMerge(Case c) throws Exception {
    GitOracle.sh(dir, c.script);
    try (Repository repo = open(); MergeEngine engine = GitMergeTree.start(repo)) {
      ObjectId ours = repo.resolve("ours");
      ObjectId theirs = repo.resolve("theirs");
      // git names a side moved aside after the name it was given: the engine gives ids.
      GitOracle.Answer oracle = GitOracle.mergeTree(dir, ours.name(), theirs.name());
      Set<String> merged = GitOracle.gitMerge(dir, ours.name(), theirs.name());
      MergeResult r = engine.merge(ours, theirs);
      assertThat(r.clean()).isEqualTo(oracle.clean()).isEqualTo(c.expected.isEmpty());
      assertThat(new TreeSet<>(r.paths())).isEqualTo(new TreeSet<>(oracle.paths()));
      Map<String, ConflictKind> expected = c.expected.entrySet().stream().collect(Collectors.toMap(
          e -> e.getKey().replace("OURS", ours.name()).replace("THEIRS", theirs.name()), Map.Entry::getValue));
      assertThat(kinds(r)).isEqualTo(expected);
      assertThat(r.tree()).isPresent();
      // git merge itself leaves the same paths unmerged; it names a side moved aside after HEAD.
      assertThat(aside(r.paths())).containsAll(aside(merged));
    }
  }

  @ParameterizedTest
  @EnumSource(Case.class)
  void jgitEngineDiffersOnlyAsDocumented(Case c) throws Exception {
    GitOracle.sh(dir, c.script);
    try (Repository repo = open(); MergeEngine engine = new JGitMerge(repo)) {
      ObjectId ours = repo.resolve("ours");
      ObjectId theirs = repo.resolve("theirs");
      MergeResult r = engine.merge(ours, theirs);
      assertThat(engine.detectsRenames()).isFalse();
      switch (c.jgit) {
        case SAME -> {
          assertThat(kinds(r)).isEqualTo(c.expected);
          assertThat(r.clean()).isEqualTo(c.expected.isEmpty());
        }
        case RENAME_IS_MODIFY_DELETE -> assertThat(kinds(r)).isEqualTo(Map.of("f", ConflictKind.MODIFY_DELETE));
        case RENAME_IS_DELETE_AND_ADD -> assertThat(r.clean()).isTrue();
        case FILE_DIRECTORY -> assertThat(kinds(r)).containsEntry("d", ConflictKind.FILE_DIRECTORY)
            .allSatisfy((path, kind) -> assertThat(path).doesNotContain("~"));
        case FILE_TYPES -> assertThat(r.paths()).containsExactly("g");
      }
      assertThat(r.tree().isPresent()).isEqualTo(r.clean());
    }
  }

  static Map<String, ConflictKind> kinds(MergeResult r) {
    return r.conflicts().stream().collect(Collectors.toMap(MergeResult.Conflict::path, MergeResult.Conflict::kind));
  }

  /** Paths with the name of a side moved aside ({@code g~HEAD}, {@code g~<id>}) blanked. */
  static Set<String> aside(java.util.Collection<String> paths) {
    return paths.stream().map(p -> p.replaceAll("~[^/]+$", "~")).collect(Collectors.toCollection(TreeSet::new));
  }
}
