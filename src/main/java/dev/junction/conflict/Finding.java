package dev.junction.conflict;

import dev.junction.git.ConflictKind;
import java.util.List;

/**
 * One thing a check found, classified as the spec's conflict types (section 3.2): content,
 * file ownership, interface, dependency order.
 */
public sealed interface Finding {

  /** The word naming the finding's type in output. */
  String type();

  /**
   * Git cannot merge a path.
   *
   * @param hunks for text files, the regions where both sides changed the same lines
   */
  record Content(String path, ConflictKind kind, List<String> related, String message, List<Hunk> hunks)
      implements Finding {
    public Content {
      related = List.copyOf(related);
      hunks = List.copyOf(hunks);
    }

    @Override
    public String type() {
      return "content";
    }
  }

  /**
   * The source changes a path another session owns.
   *
   * @param owners who owns it: session ids from the plan, or CODEOWNERS owners
   * @param via how ownership was found ({@code P0.1.2 deliverable infrafabric/coordinator.py},
   *     {@code .github/CODEOWNERS:4})
   * @param advice what the spec says to do
   */
  record Ownership(String path, List<String> owners, String via, String advice) implements Finding {
    public Ownership {
      owners = List.copyOf(owners);
    }

    @Override
    public String type() {
      return "ownership";
    }
  }

  /**
   * The source and another open branch both change the declaration of the same class, method or
   * function; git may merge them cleanly and still leave callers broken.
   */
  record Interface(String path, String declaration, String otherBranch, String advice) implements Finding {
    @Override
    public String type() {
      return "interface";
    }
  }

  /** The source's task depends on tasks not merged into the target (spec 3.2 type 3). */
  record Dependency(String task, List<String> missing, String advice) implements Finding {
    public Dependency {
      missing = List.copyOf(missing);
    }

    @Override
    public String type() {
      return "dependency";
    }
  }

  /**
   * A conflicting region of a text file.
   *
   * @param line first line of the region in the target's version (1-based)
   * @param ours the target's lines there
   * @param theirs the source's lines there
   */
  record Hunk(int line, List<String> ours, List<String> theirs) {
    public Hunk {
      ours = List.copyOf(ours);
      theirs = List.copyOf(theirs);
    }
  }
}
