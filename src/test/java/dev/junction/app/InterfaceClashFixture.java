package dev.junction.app;

import dev.junction.testing.TestRepo;
import java.nio.file.Path;

/**
 * Two session branches that both change the signature of {@code Api.run} on lines git merges
 * cleanly; a coordinator {@code lead}; a component gate and an integration (cross-session) gate.
 */
public final class InterfaceClashFixture {
  private InterfaceClashFixture() {}

  public static final String PLAN = """
      version: 1
      branches: {main: main, coordination: coordination}
      sessions:
        - {id: lead, roles: [coordinator], members: [{email: lead@example.org}]}
        - {id: one, branch: s1, members: [{email: one@example.org}]}
        - {id: two, branch: s2, members: [{email: two@example.org}]}
      phases:
        - id: p
          tasks:
            - {id: A, title: first, owner: one, deliverables: [a.txt]}
            - {id: B, title: second, owner: two, deliverables: [b.txt]}
      gates:
        - {name: unit, command: "test -f Api.java", stages: [component]}
        - {name: cross-session, command: "test -f a.txt && test -f b.txt", stages: [integration]}
      """;
  public static final String API = "interface Api {\n  void run(\n      int a,\n      int c,\n      int b);\n}\n";

  /** The repository in {@code dir}, with the work tree on coordination. */
  public static TestRepo build(Path dir) throws Exception {
    TestRepo repo = TestRepo.init(dir);
    repo.commit("main", "chore: plan\n", "junction.yaml", PLAN, "Api.java", API);
    repo.branch("coordination", "main");
    repo.branch("s1", "main");
    repo.branch("s2", "main");
    repo.commit("s1", "feat: long a [A]\n", "Api.java", API.replace("int a,", "long a,"), "a.txt", "a\n");
    repo.commit("s2", "feat: long b [B]\n", "Api.java", API.replace("int b);", "long b);"), "b.txt", "b\n");
    repo.git("checkout", "-q", "coordination");
    return repo;
  }
}
