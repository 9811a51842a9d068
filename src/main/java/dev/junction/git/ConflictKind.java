package dev.junction.git;

import java.util.Arrays;

/**
 * Kinds of conflicted path, named after the labels git's merge-ort prints (the short
 * descriptions it promises never to change).
 */
public enum ConflictKind {
  CONTENT("content", "CONFLICT (contents)"),
  ADD_ADD("add/add", null),
  BINARY("binary", "CONFLICT (binary)"),
  FILE_DIRECTORY("file/directory", "CONFLICT (file/directory)"),
  MODE("mode", "CONFLICT (distinct modes)"),
  MODIFY_DELETE("modify/delete", "CONFLICT (modify/delete)"),
  RENAME_RENAME("rename/rename", "CONFLICT (rename/rename)"),
  RENAME_COLLISION("rename collision", "CONFLICT (rename involved in collision)"),
  RENAME_DELETE("rename/delete", "CONFLICT (rename/delete)"),
  DIRECTORY_RENAME("directory rename", null),
  SUBMODULE("submodule", null),
  OTHER("other", null);

  private final String word;
  private final String gitLabel;

  ConflictKind(String word, String gitLabel) {
    this.word = word;
    this.gitLabel = gitLabel;
  }

  /** The word used in output. */
  @Override
  public String toString() {
    return word;
  }

  /**
   * The kind of a merge-ort message type ({@code CONFLICT (contents)}); the message text tells
   * add/add apart from other content conflicts, as git reports both under "contents".
   */
  static ConflictKind ofGit(String raw, String message) {
    // A few directory-rename labels are spelled without the space: CONFLICT(directory rename collision).
    String type = raw.startsWith("CONFLICT(") ? "CONFLICT (" + raw.substring("CONFLICT(".length()) : raw;
    if (type.equals(CONTENT.gitLabel) && message.startsWith("CONFLICT (add/add)")) {
      return ADD_ADD;
    }
    if (type.startsWith("CONFLICT (submodule")) {
      return SUBMODULE;
    }
    if (type.startsWith("CONFLICT (") && type.contains("directory rename")) {
      return DIRECTORY_RENAME;
    }
    return Arrays.stream(values()).filter(k -> type.equals(k.gitLabel)).findFirst().orElse(OTHER);
  }
}
