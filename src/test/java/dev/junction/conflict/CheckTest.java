package dev.junction.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.git.ConflictKind;
import dev.junction.git.MergeEngine;
import dev.junction.plan.Disposition;
import dev.junction.testing.TestRepo;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check's classification on real repositories.
 *
 * <pre>
 * coordination  o---(work)
 *                \
 * s1 (session one: task A, src/a.py, src/api.py)   o---...
 * s2 (session two: task B after A, src/b.py)       o---...
 * </pre>
 */
class CheckTest {
  static final String PLAN = """
      version: 1
      branches:
        main: main
        coordination: coordination
      sessions:
        - id: one
          branch: s1
        - id: two
          branch: s2
      phases:
        - id: p
          tasks:
            - {id: A, title: first, owner: one, deliverables: [src/a.py, src/api.py]}
            - {id: B, title: second, owner: two, deliverables: [src/b.py], depends_on: [A]}
      """;
  static final String API = """
      class Coordinator:
          def claim(
              self,
              task,
              owner,
              lease,
          ):
              return task
      """;

  @TempDir Path dir;
  TestRepo repo;
  MergeEngine engine;

  @BeforeEach
  void setUp() throws Exception {
    repo = TestRepo.init(dir);
    repo.commit("main", "chore: plan\n", "junction.yaml", PLAN, "src/api.py", API,
        "f.txt", "1\n2\n3\n4\n5\n", "notes.md", "a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> x\nd\n");
    repo.branch("coordination", "main");
    repo.branch("s1", "main");
    repo.branch("s2", "main");
    engine = MergeEngine.open(repo.repo());
  }

  @AfterEach
  void tearDown() {
    engine.close();
    repo.close();
  }

  Check.Report check(String source, String... patterns) throws Exception {
    Check.Outcome outcome = Check.run(repo.repo(), engine,
        new Check.Request(source, Optional.of("coordination"), Optional.empty(), List.of(patterns)));
    assertThat(outcome).isInstanceOf(Check.Report.class);
    return (Check.Report) outcome;
  }

  @Test
  void cleanBranchIsClean() throws Exception {
    repo.commit("s1", "feat: a\n", "src/a.py", "print(1)\n");
    Check.Report r = check("s1");
    assertThat(r.verdict()).isEqualTo(Check.Verdict.CLEAN);
    assertThat(r.disposition()).isEqualTo(Disposition.DONE);
    assertThat(r.changedFiles()).containsExactly("src/a.py");
    assertThat(r.mergeBases()).hasSize(1);
  }

  @Test
  void contentConflictComesWithItsHunk() throws Exception {
    repo.commit("coordination", "fix: three\n", "f.txt", "1\n2\nthree\n4\n5\n");
    repo.commit("s1", "feat: 3\n", "f.txt", "1\n2\nTHREE\n4\n5\n");
    Check.Report r = check("s1");
    assertThat(r.verdict()).isEqualTo(Check.Verdict.CONFLICT);
    Finding.Content c = (Finding.Content) r.findings().get(0);
    assertThat(c.path()).isEqualTo("f.txt");
    assertThat(c.kind()).isEqualTo(ConflictKind.CONTENT);
    assertThat(c.hunks()).containsExactly(new Finding.Hunk(3, List.of("three"), List.of("THREE")));
  }

  @Test
  void conflictMarkerTextInAFileIsNoConflict() throws Exception {
    repo.commit("coordination", "docs: top\n", "notes.md", "A\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> x\nd\n");
    repo.commit("s1", "docs: bottom\n", "notes.md", "a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> x\nD\n");
    Check.Report r = check("s1");
    assertThat(r.clean()).isTrue();
    assertThat(r.findings()).isEmpty();
  }

  /** Ownership is advice (spec 3.2 type 1: defer to the owner, notify them): the verdict stays clean. */
  @Test
  void pathDeliveredByAnotherSessionIsAnAdvisoryOwnershipNote() throws Exception {
    repo.commit("s1", "feat: touch b\n", "src/b.py", "x = 1\n");
    Check.Report r = check("s1");
    assertThat(r.verdict()).isEqualTo(Check.Verdict.CLEAN);
    assertThat(r.disposition()).isEqualTo(Disposition.DONE);
    assertThat(r.findings()).isEmpty();
    Finding.Ownership o = r.ownership().get(0);
    assertThat(o.path()).isEqualTo("src/b.py");
    assertThat(o.owners()).containsExactly("two");
    assertThat(o.via()).isEqualTo("B deliverable src/b.py");
    assertThat(o.advice()).isEqualTo("two owns this path: defer to the owner, notify them (spec 3.2, type 1;"
        + " advice, not a conflict): one rebases on coordination once two's work has landed");
  }

  /** Beside a real conflict the ownership note is still only a note: the content finding decides. */
  @Test
  void ownershipBesideAContentConflictLeavesTheConflictToDecide() throws Exception {
    repo.commit("coordination", "fix: three\n", "f.txt", "1\n2\nthree\n4\n5\n");
    repo.commit("s1", "feat: 3\n", "f.txt", "1\n2\nTHREE\n4\n5\n", "src/b.py", "x\n");
    Check.Report r = check("s1");
    assertThat(r.verdict()).isEqualTo(Check.Verdict.CONFLICT);
    assertThat(r.findings()).singleElement().isInstanceOf(Finding.Content.class);
    assertThat(r.ownership()).extracting(Finding.Ownership::path).containsExactly("src/b.py");
  }

  @Test
  void codeOwnersNameTheOwnerWhenThePlanDoesNot() throws Exception {
    repo.commit("coordination", "chore: owners\n", ".github/CODEOWNERS", "/docs/ @two-webrtc\n*.md @nobody\n");
    repo.commit("s1", "docs: x\n", "docs/guide.txt", "hello\n");
    Check.Report r = check("s1");
    assertThat(r.verdict()).isEqualTo(Check.Verdict.CLEAN);
    Finding.Ownership o = r.ownership().get(0);
    assertThat(o.owners()).containsExactly("@two-webrtc");
    assertThat(o.via()).isEqualTo(".github/CODEOWNERS:1 (/docs/)");
    assertThat(r.notes()).contains(".github/CODEOWNERS: owner @nobody is not a member or session of the plan");
  }

  @Test
  void ownPathsRaiseNoOwnershipConflict() throws Exception {
    repo.commit("coordination", "chore: owners\n", "CODEOWNERS", "*.py @one\n");
    repo.commit("s1", "feat: mine\n", "src/a.py", "x\n", "src/new.py", "y\n");
    assertThat(check("s1").findings()).isEmpty();
    assertThat(check("s1").ownership()).isEmpty();
  }

  /**
   * <pre>
   * coordination  o---M      (M merges s1)
   *                \ /
   * s1              a
   * </pre>
   */
  @Test
  void aBranchTheTargetHoldsIsAlreadyMergedWithoutFindings() throws Exception {
    repo.commit("s1", "feat: a\n", "src/a.py", "a\n", "src/b.py", "owned by two\n");
    var merge = repo.merge("coordination", "s1", "feat: Merge A [A]\n\nJunction-Task: A\n");
    repo.commit("coordination", "feat: later\n", "later.txt", "l\n");
    Check.Report r = check("s1");
    assertThat(r.verdict()).isEqualTo(Check.Verdict.MERGED);
    assertThat(r.disposition()).isEqualTo(Disposition.DONE);
    assertThat(r.mergedIn()).contains(merge.name());
    assertThat(r.findings()).isEmpty();
    assertThat(r.ownership()).isEmpty();
    assertThat(r.changedFiles()).isEmpty();
  }

  @Test
  void aBranchWhoseMergeWasRevertedIsNotMerged() throws Exception {
    repo.commit("s1", "feat: a\n", "src/a.py", "a\n");
    var merge = repo.merge("coordination", "s1", "feat: Merge A [A]\n\nJunction-Task: A\n");
    var revert = repo.commit("coordination", "Revert A\n\nJunction-Revert: " + merge.name() + "\n", "src/a.py", "");
    Check.Report r = check("s1");
    assertThat(r.verdict()).isNotEqualTo(Check.Verdict.MERGED);
    assertThat(r.mergedIn()).isEmpty();
    assertThat(r.notes()).anyMatch(n -> n.contains("was merged in " + merge.abbreviate(10).name())
        && n.contains("reverted by " + revert.abbreviate(10).name()));
  }

  /** Both sessions change the signature of Coordinator.claim on lines git merges cleanly. */
  @Test
  void interfaceClashIsFoundEvenWhenGitMergesCleanly() throws Exception {
    repo.commit("s1", "feat: typed task\n", "src/api.py", API.replace("        task,", "        task: str,"));
    repo.commit("s2", "feat: lease seconds\n", "src/api.py", API.replace("        lease,", "        lease: float,"));
    Check.Report r = check("s1");
    assertThat(r.clean()).isTrue();
    assertThat(r.verdict()).isEqualTo(Check.Verdict.CONFLICT);
    assertThat(r.findings()).containsExactly(
        new Finding.Interface("src/api.py", "Coordinator.claim", "s2", Interfaces.ADVICE));
  }

  @Test
  void bodyChangesOnBothSidesAreNoInterfaceClash() throws Exception {
    repo.commit("s1", "fix: body\n", "src/api.py", API.replace("return task", "return owner"));
    repo.commit("s2", "feat: lease\n", "src/api.py", API.replace("        lease,", "        lease: float,"));
    assertThat(check("s1").findings()).isEmpty();
  }

  @Test
  void dependencyNotMergedBlocks() throws Exception {
    repo.commit("s2", "feat: b [A]\n", "src/b.py", "b\n");
    repo.commit("coordination", "chore: A merged [A]\n\nsays the subject only\n", "x.txt", "x\n");
    Check.Report r = check("s2");
    assertThat(r.verdict()).isEqualTo(Check.Verdict.BLOCKED);
    assertThat(r.disposition()).isEqualTo(Disposition.BLOCKED);
    assertThat(r.findings()).containsExactly(new Finding.Dependency("B", List.of("A"),
        "land A first; pick a filler task while waiting (spec 3.2, type 3)"));
  }

  /**
   * Trailers inside a branch coordination took (a merge of its own carrying Junction-Task: A), and
   * on the checked branch itself, are data: B still waits for A.
   */
  @Test
  void dependencyNamedByTrailersALandedBranchBroughtStillBlocks() throws Exception {
    repo.branch("side", "main");
    repo.commit("side", "feat: side\n", "side.txt", "s\n");
    repo.branch("helper", "main");
    repo.commit("helper", "feat: help\n", "help.txt", "h\n");
    repo.merge("helper", "side", "Merge side\n\nJunction-Task: A\n");
    repo.merge("coordination", "helper", "chore: Merge helper\n\nJunction-Stage: component\n");
    repo.commit("s2", "feat: b\n", "src/b.py", "b\n");
    repo.commit("s2", "chore: A is done\n\nJunction-Task: A\n", "n.txt", "n\n");
    Check.Report r = check("s2");
    assertThat(r.verdict()).isEqualTo(Check.Verdict.BLOCKED);
    assertThat(r.findings()).containsExactly(new Finding.Dependency("B", List.of("A"),
        "land A first; pick a filler task while waiting (spec 3.2, type 3)"));
  }

  @Test
  void dependencyMergedByTrailerUnblocks() throws Exception {
    repo.commit("s1", "feat: a\n", "src/a.py", "a\n");
    repo.merge("coordination", "s1", "feat: Merge A [A]\n\nJunction-Task: A\n");
    repo.commit("s2", "feat: b\n", "src/b.py", "b\n");
    assertThat(check("s2").verdict()).isEqualTo(Check.Verdict.CLEAN);
  }

  @Test
  void worksWithoutAPlanOnNamedRefs(@TempDir Path other) throws Exception {
    try (TestRepo plain = TestRepo.init(other); MergeEngine e = MergeEngine.open(plain.repo())) {
      plain.commit("main", "base\n", "Api.java", "class Api {\n  void run(int a) {}\n}\n");
      plain.branch("topic/one", "main");
      plain.branch("topic/two", "main");
      plain.commit("topic/one", "one\n", "Api.java", "class Api {\n  void run(long a) {}\n}\n");
      plain.commit("topic/two", "two\n", "Api.java", "class Api {\n  void run(int a, int b) {}\n}\n");
      Check.Outcome outcome = Check.run(plain.repo(), e,
          new Check.Request("topic/one", Optional.of("main"), Optional.empty(), List.of("refs/heads/topic/*")));
      Check.Report r = (Check.Report) outcome;
      assertThat(r.notes()).anyMatch(n -> n.startsWith("no junction.yaml at the tip of main"));
      assertThat(r.clean()).isTrue();
      assertThat(r.findings()).containsExactly(
          new Finding.Interface("Api.java", "Api.run", "topic/two", Interfaces.ADVICE));
    }
  }

  static final String REFS_H = """
      #ifndef REFS_H
      #define REFS_H

      struct repository;
      struct strbuf;

      int refs_read_ref(struct repository *r,
      \t\t  const char *refname,
      \t\t  struct object_id *oid);

      void refs_print(struct strbuf *sb);

      #endif
      """;
  static final String REFS_C = """
      #include "refs.h"

      int refs_read_ref(struct repository *r, const char *refname, struct object_id *oid)
      {
      \treturn 0;
      }

      void refs_print(struct strbuf *sb)
      {
      \tstrbuf_addstr(sb, "refs");
      }
      """;

  /** Two topics and a base shaped like git/git: a header both change, bodies with struct locals. */
  Check.Report checkC(String one, String oneC, String two, String twoC, @TempDir Path other) throws Exception {
    try (TestRepo plain = TestRepo.init(other); MergeEngine e = MergeEngine.open(plain.repo())) {
      plain.commit("main", "base\n", "refs.h", REFS_H, "refs.c", REFS_C);
      plain.branch("topic/one", "main");
      plain.branch("topic/two", "main");
      plain.commit("topic/one", "one\n", "refs.h", one, "refs.c", oneC);
      plain.commit("topic/two", "two\n", "refs.h", two, "refs.c", twoC);
      return (Check.Report) Check.run(plain.repo(), e,
          new Check.Request("topic/one", Optional.of("main"), Optional.empty(), List.of("refs/heads/topic/**")));
    }
  }

  /** The generic outline took these lines for declarations of strbuf and object_id. */
  @Test
  void cLocalsAndParametersOfStructTypesOnBothBranchesAreNoFinding(@TempDir Path other) throws Exception {
    String oneC = REFS_C.replace("\treturn 0;", "\tstruct strbuf sb = STRBUF_INIT;\n\tstruct object_id tmp;\n\treturn 0;");
    String twoC = REFS_C.replace("\tstrbuf_addstr(sb, \"refs\");",
        "\tstruct strbuf other = STRBUF_INIT;\n\tstrbuf_addstr(&other, \"refs\");");
    String oneH = REFS_H.replace("struct strbuf;", "struct strbuf;\nstruct object_id;");
    String twoH = REFS_H.replace("void refs_print(struct strbuf *sb);", "void refs_print(struct strbuf *sb);\nvoid refs_free(void);");
    Check.Report r = checkC(oneH, oneC, twoH, twoC, other);
    assertThat(r.clean()).isTrue();
    assertThat(r.findings()).isEmpty();
    assertThat(r.verdict()).isEqualTo(Check.Verdict.CLEAN);
  }

  /** The generic outline missed C functions: a prototype changed on both branches. */
  @Test
  void cSignatureChangedInAHeaderOnBothBranchesIsAnInterfaceFinding(@TempDir Path other) throws Exception {
    String oneH = REFS_H.replace("\t\t  struct object_id *oid);", "\t\t  struct object_id *oid,\n\t\t  int flags);");
    String twoH = REFS_H.replace("int refs_read_ref(struct repository *r,", "int refs_read_ref(struct ref_store *refs,");
    Check.Report r = checkC(oneH, REFS_C, twoH, REFS_C, other);
    assertThat(r.clean()).isTrue();
    assertThat(r.verdict()).isEqualTo(Check.Verdict.CONFLICT);
    assertThat(r.findings()).containsExactly(
        new Finding.Interface("refs.h", "refs_read_ref", "topic/two", Interfaces.ADVICE));
  }

  /** Stacked topics (one built on the other) both carry the same new signature: they agree, nothing to freeze. */
  @Test
  void theSameSignatureChangeOnBothBranchesIsNoInterfaceFinding(@TempDir Path other) throws Exception {
    String same = REFS_H.replace("\t\t  struct object_id *oid);", "\t\t  struct object_id *oid,\n\t\t  int flags);");
    String differently = same.replace("int refs_read_ref(struct repository *r,", "int refs_read_ref(struct ref_store *refs,");
    Check.Report agree = checkC(same, REFS_C, same, REFS_C.replace("\n", "\n\n"), other.resolve("agree"));
    assertThat(agree.findings()).isEmpty();
    Check.Report differ = checkC(same, REFS_C, differently, REFS_C, other.resolve("differ"));
    assertThat(differ.findings()).containsExactly(
        new Finding.Interface("refs.h", "refs_read_ref", "topic/two", Interfaces.ADVICE));
  }

  /**
   * A criss-cross like git/git's kh/trailers-no-urls: topic/x starts on maint and merges a topic
   * already in main, so it has two merge bases with main, and what one has and the other lacks
   * (maint's refs_print change, or main's refs_free) is no change of topic/x. Its own change to refs_read_ref is.
   */
  @Test
  void aChangeOnlyOneOfSeveralMergeBasesLacksIsNotTheBranchs(@TempDir Path other) throws Exception {
    try (TestRepo plain = TestRepo.init(other); MergeEngine e = MergeEngine.open(plain.repo())) {
      plain.commit("main", "base\n", "refs.h", REFS_H, "refs.c", REFS_C);
      plain.branch("maint", "main");
      String printed = REFS_H.replace("refs_print(struct strbuf *sb)", "refs_print(struct strbuf *sb, int verbose)");
      plain.commit("maint", "print\n", "refs.h", printed);
      String freed = REFS_H.replace("struct strbuf;\n", "struct strbuf;\nvoid refs_free(void);\n");
      plain.commit("main", "free\n", "refs.h", freed);
      plain.branch("doc", "main");
      plain.commit("doc", "doc\n", "doc.txt", "doc\n");
      plain.merge("main", "doc", "Merge doc\n");
      plain.merge("main", "maint", "Merge maint\n");
      plain.branch("topic/x", "maint");
      plain.commit("topic/x", "x\n", "refs.h", printed.replace("const char *refname,", "const char *name,"));
      plain.merge("topic/x", "doc", "Merge doc into topic/x\n");
      plain.branch("topic/y", "main");
      plain.commit("topic/y", "y\n", "refs.h", freed
          .replace("refs_free(void)", "refs_free(int all)")
          .replace("refs_print(struct strbuf *sb)", "refs_print(struct strbuf *sb, unsigned flags)")
          .replace("struct object_id *oid);", "struct object_id *oid, int flags);"));
      Check.Report r = (Check.Report) Check.run(plain.repo(), e,
          new Check.Request("topic/x", Optional.of("main"), Optional.empty(), List.of("refs/heads/topic/*")));
      assertThat(r.mergeBases()).hasSize(2);
      assertThat(r.clean()).isTrue();
      assertThat(r.findings()).containsExactly(
          new Finding.Interface("refs.h", "refs_read_ref", "topic/y", Interfaces.ADVICE));
    }
  }

  /** A language with only the generic outline: a match is a note, the verdict stays clean. */
  @Test
  void genericOutlineMatchesAreNotesThatLeaveTheVerdictClean(@TempDir Path other) throws Exception {
    try (TestRepo plain = TestRepo.init(other); MergeEngine e = MergeEngine.open(plain.repo())) {
      String board = "export function land(ref: string): void;\n\n\n\n"
          + "export function land(ref: string, n: number): void;\n\n\n\nexport const x = 1;\n";
      plain.commit("main", "base\n", "board.ts", board);
      plain.branch("topic/one", "main");
      plain.branch("topic/two", "main");
      plain.commit("topic/one", "one\n", "board.ts", board.replace("ref: string)", "ref: string, dry: boolean)"));
      plain.commit("topic/two", "two\n", "board.ts", board.replace("n: number", "n?: number"));
      Check.Report r = (Check.Report) Check.run(plain.repo(), e,
          new Check.Request("topic/one", Optional.of("main"), Optional.empty(), List.of("refs/heads/topic/*")));
      assertThat(r.findings()).isEmpty();
      assertThat(r.verdict()).isEqualTo(Check.Verdict.CLEAN);
      assertThat(r.notes()).contains("possible interface overlap, not a finding: board.ts: land also changed on "
          + "topic/two (read with the generic outline, which matches lines, not declarations)");
    }
  }

  @Test
  void unknownSourceIsInvalid() throws Exception {
    Check.Outcome outcome = Check.run(repo.repo(), engine,
        new Check.Request("nope", Optional.of("coordination"), Optional.empty(), List.of()));
    assertThat(outcome.disposition()).isEqualTo(Disposition.INVALID);
  }

  @Test
  void unknownTaskIsInvalid() throws Exception {
    Check.Outcome outcome = Check.run(repo.repo(), engine,
        new Check.Request("s1", Optional.of("coordination"), Optional.of("Z"), List.of()));
    assertThat(((Check.Invalid) outcome).errors().get(0).toString()).contains("no task 'Z'");
  }
}
