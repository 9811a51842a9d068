package dev.junction.conflict;

import dev.junction.conflict.Outline.Declaration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The file-scope declarations of a C source or header ({@code .c}, {@code .h}), read by tokens
 * with brace depth tracked, so that locals and parameters ({@code struct strbuf *sb}, {@code
 * struct foo x;}) never count as declarations.
 *
 * <ul>
 *   <li>Function definitions ({@code function}) and prototypes ({@code prototype}), named by the
 *       function; the signature is everything before the body or the {@code ;}, across lines,
 *       tokens joined by single spaces: storage class, attributes ({@code static inline}, {@code
 *       __attribute__((...))}, {@code MAYBE_UNUSED}), return type, parameters with their names.
 *   <li>{@code struct}, {@code union} and {@code enum} definitions with a tag, named {@code struct
 *       tag}; the signature is the definition with its member list (or enumerators).
 *   <li>Typedefs ({@code typedef}), named by the alias; the signature is the whole typedef, the
 *       member list of a defined struct included.
 * </ul>
 *
 * <p>Comments, string and character literals and preprocessor lines (with their continuations)
 * are dropped first; the code under every branch of an {@code #if} is read. Function bodies and
 * initializers are skipped by brace depth. A parenthesised group after an identifier is a
 * function's parameter list unless the identifier starts with {@code __} or is a C keyword; when
 * several qualify ({@code static GIT_PATH_FUNC(x, "x")} before a definition, an attribute macro
 * after it), the last one that is not in capitals names the function, and a name in capitals
 * names only a definition with a body. Global variables, forward declarations ({@code struct
 * foo;}), macro invocations without a return type and {@code static LIST_HEAD(x);} are not
 * declarations. The braces of <code>extern "C" {</code> are transparent.
 */
final class COutline {
  private static final Set<String> KEYWORDS = Set.of(
      "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
      "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
      "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch", "typedef",
      "union", "unsigned", "void", "volatile", "while", "_Bool", "bool", "_Complex", "_Noreturn",
      "_Alignas", "alignas", "_Alignof", "alignof", "_Atomic", "_Static_assert", "static_assert",
      "_Thread_local", "typeof", "asm");

  private static final Set<String> AGGREGATES = Set.of("struct", "union", "enum");

  private COutline() {}

  private record Token(String text, int line) {
    boolean is(String s) {
      return text.equals(s);
    }

    boolean identifier() {
      char c = text.charAt(0);
      return Character.isLetter(c) || c == '_';
    }

    /** An identifier, a number or a literal. */
    boolean word() {
      char c = text.charAt(0);
      return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '"' || c == '\'';
    }
  }

  static List<Declaration> of(String content) {
    List<Token> tokens = tokens(content);
    List<Declaration> out = new ArrayList<>();
    List<Token> statement = new ArrayList<>();
    int i = 0;
    while (i < tokens.size()) {
      Token t = tokens.get(i);
      if (t.is(";")) {
        declaration(statement, out);
        statement.clear();
        i++;
      } else if (t.is("}")) {
        // Unbalanced: an #if that opens a brace on each branch. Start afresh.
        statement.clear();
        i++;
      } else if (t.is("(") || t.is("[")) {
        int end = close(tokens, i);
        statement.addAll(tokens.subList(i, end));
        i = end;
      } else if (t.is("{")) {
        i = brace(tokens, i, statement, out);
      } else {
        statement.add(t);
        i++;
      }
    }
    return out;
  }

  /** Handles the opening brace at {@code open}; returns where reading goes on. */
  private static int brace(List<Token> tokens, int open, List<Token> statement, List<Declaration> out) {
    int end = close(tokens, open);
    List<Token> head = withoutAttributes(statement);
    if (head.size() == 2 && head.get(0).is("extern") && head.get(1).is("\"\"")) {
      statement.clear();
      return open + 1;
    }
    int keyword = aggregateKeyword(head);
    if (keyword >= 0) {
      // struct tag { members } declarators ;
      List<Token> body = tokens.subList(open, end);
      int j = end;
      List<Token> after = new ArrayList<>();
      while (j < tokens.size() && !tokens.get(j).is(";") && !tokens.get(j).is("{") && !tokens.get(j).is("}")) {
        int next = tokens.get(j).is("(") || tokens.get(j).is("[") ? close(tokens, j) : j + 1;
        after.addAll(tokens.subList(j, next));
        j = next;
      }
      aggregate(statement, head, keyword, body, after, out);
      statement.clear();
      return j < tokens.size() && tokens.get(j).is(";") ? j + 1 : j;
    }
    if (!hasTopLevel(statement, "=")) {
      Declaration function = function(statement, "function");
      if (function != null) {
        out.add(function);
      }
      statement.clear();
      return end;
    }
    // An initializer: the declaration goes on to its ;.
    statement.addAll(tokens.subList(open, end));
    return end;
  }

  private static void aggregate(List<Token> statement, List<Token> head, int keyword, List<Token> body,
      List<Token> after, List<Declaration> out) {
    String kind = head.get(keyword).text();
    boolean tagged = keyword + 1 < head.size();
    String definition = join(statement) + " " + join(body);
    if (tagged) {
      Token tag = head.get(keyword + 1);
      out.add(new Declaration(kind + " " + tag.text(), kind, kind + " " + tag.text() + " " + join(body), tag.line()));
    }
    if (!statement.isEmpty() && statement.get(0).is("typedef")) {
      for (Token alias : declarators(withoutAttributes(after))) {
        out.add(new Declaration(alias.text(), "typedef", definition + " " + join(after), alias.line()));
      }
    }
  }

  /** The names declared by {@code a, *b, c[4]}. */
  private static List<Token> declarators(List<Token> after) {
    List<Token> names = new ArrayList<>();
    Token last = null;
    int depth = 0;
    for (Token t : after) {
      if (t.is("(") || t.is("[")) {
        depth++;
      } else if (t.is(")") || t.is("]")) {
        depth--;
      } else if (t.is(",") && depth == 0) {
        if (last != null) {
          names.add(last);
        }
        last = null;
      } else if (depth == 0 && t.identifier() && !KEYWORDS.contains(t.text())) {
        last = t;
      }
    }
    if (last != null) {
      names.add(last);
    }
    return names;
  }

  /** The index of the last {@code struct}, {@code union} or {@code enum} when {@code head} ends with it and a tag. */
  private static int aggregateKeyword(List<Token> head) {
    int n = head.size();
    if (n >= 1 && AGGREGATES.contains(head.get(n - 1).text())) {
      return n - 1;
    }
    if (n >= 2 && AGGREGATES.contains(head.get(n - 2).text()) && head.get(n - 1).identifier()
        && !KEYWORDS.contains(head.get(n - 1).text())) {
      return n - 2;
    }
    return -1;
  }

  /** A {@code ;}-terminated statement at file scope: a prototype, a typedef, or nothing. */
  private static void declaration(List<Token> statement, List<Declaration> out) {
    if (statement.isEmpty() || hasTopLevel(statement, "=")) {
      return;
    }
    if (statement.get(0).is("typedef")) {
      Token alias = typedefName(statement);
      if (alias != null) {
        out.add(new Declaration(alias.text(), "typedef", join(statement), alias.line()));
      }
      return;
    }
    Declaration prototype = function(statement, "prototype");
    if (prototype != null) {
      out.add(prototype);
    }
  }

  /** {@code (*name)} for a function pointer type, else the last identifier outside brackets. */
  private static Token typedefName(List<Token> statement) {
    List<Token> s = withoutAttributes(statement);
    for (int i = 0; i + 3 < s.size(); i++) {
      if (s.get(i).is("(") && s.get(i + 1).is("*") && s.get(i + 2).identifier() && s.get(i + 3).is(")")) {
        return s.get(i + 2);
      }
    }
    Token last = null;
    int depth = 0;
    for (Token t : s) {
      if (t.is("(") || t.is("[")) {
        depth++;
      } else if (t.is(")") || t.is("]")) {
        depth--;
      } else if (depth == 0 && t.identifier() && !KEYWORDS.contains(t.text())) {
        last = t;
      }
    }
    return last;
  }

  /**
   * A function declared by {@code statement}: the identifier before a top-level parameter list
   * that has a return type before it (of several, the last not written in capitals, else the
   * last), and the signature from the start of the statement, or from just after an earlier
   * macro invocation ({@code static GIT_PATH_FUNC(x, "x")}) that had no {@code ;}.
   */
  private static Declaration function(List<Token> statement, String kind) {
    int best = -1;
    int caps = -1;
    int depth = 0;
    for (int i = 0; i < statement.size(); i++) {
      Token t = statement.get(i);
      if (t.is("(") || t.is("[")) {
        if (depth == 0 && t.is("(") && i >= 2 && parameterListOwner(statement.get(i - 1))) {
          String name = statement.get(i - 1).text();
          if (name.equals(name.toUpperCase(Locale.ROOT)) && !name.equals(name.toLowerCase(Locale.ROOT))) {
            caps = i - 1;
          } else {
            best = i - 1;
          }
        }
        depth++;
      } else if (t.is(")") || t.is("]")) {
        depth--;
      }
    }
    // A name in capitals before a ; is a macro defining something else: static LIST_HEAD(x);
    int name = best >= 0 ? best : kind.equals("function") ? caps : -1;
    if (name < 0) {
      return null;
    }
    int start = 0;
    for (int j = name - 1; j >= 0; j--) {
      if (!statement.get(j).is(")")) {
        continue;
      }
      int open = openOf(statement, j);
      if (open >= 1 && statement.get(open - 1).text().startsWith("__")) {
        j = open;
        continue;
      }
      start = j + 1;
      break;
    }
    if (start >= name) {
      return null;
    }
    Token token = statement.get(name);
    return new Declaration(token.text(), kind, join(statement.subList(start, statement.size())), token.line());
  }

  private static boolean parameterListOwner(Token t) {
    return t.identifier() && !KEYWORDS.contains(t.text()) && !t.text().startsWith("__");
  }

  /** The index of the {@code (} or {@code [} matching the closing bracket at {@code close}. */
  private static int openOf(List<Token> tokens, int close) {
    int depth = 0;
    for (int i = close; i >= 0; i--) {
      String s = tokens.get(i).text();
      if (s.equals(")") || s.equals("]")) {
        depth++;
      } else if (s.equals("(") || s.equals("[")) {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    return 0;
  }

  /** {@code statement} without {@code __attribute__((...))}-like groups and bare {@code __words}. */
  private static List<Token> withoutAttributes(List<Token> statement) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < statement.size()) {
      Token t = statement.get(i);
      if (t.text().startsWith("__") || t.is("alignas") || t.is("_Alignas")) {
        i++;
        if (i < statement.size() && statement.get(i).is("(")) {
          i = close(statement, i);
        }
      } else {
        out.add(t);
        i++;
      }
    }
    return out;
  }

  private static boolean hasTopLevel(List<Token> statement, String text) {
    int depth = 0;
    for (Token t : statement) {
      if (t.is("(") || t.is("[") || t.is("{")) {
        depth++;
      } else if (t.is(")") || t.is("]") || t.is("}")) {
        depth--;
      } else if (depth == 0 && t.is(text)) {
        return true;
      }
    }
    return false;
  }

  /** The index just past the bracket matching the one at {@code open}; the end when unmatched. */
  private static int close(List<Token> tokens, int open) {
    int depth = 0;
    for (int i = open; i < tokens.size(); i++) {
      String s = tokens.get(i).text();
      if (s.equals("(") || s.equals("[") || s.equals("{")) {
        depth++;
      } else if (s.equals(")") || s.equals("]") || s.equals("}")) {
        depth--;
        if (depth == 0) {
          return i + 1;
        }
      }
    }
    return tokens.size();
  }

  /**
   * Tokens joined so that spacing never matters: a space between words, after {@code ,} and
   * {@code ;}, around braces, before a {@code *} and after a closing bracket before a word.
   */
  private static String join(List<Token> tokens) {
    StringBuilder out = new StringBuilder();
    Token previous = null;
    for (Token t : tokens) {
      if (previous != null && spaced(previous, t)) {
        out.append(' ');
      }
      out.append(t.text());
      previous = t;
    }
    return out.toString();
  }

  private static boolean spaced(Token previous, Token t) {
    String p = previous.text();
    String s = t.text();
    return previous.word() && t.word()
        || p.equals(",") || p.equals(";") || p.equals("{") || p.equals("=")
        || s.equals("{") || s.equals("}") || s.equals("=")
        || s.equals("*") && (previous.word() || p.equals(")"))
        || t.word() && (p.equals(")") || p.equals("]") || p.equals("}"))
        || s.equals("(") && KEYWORDS.contains(p);
  }

  /**
   * The tokens of {@code content}: identifiers and numbers, string and character literals (their
   * contents dropped: {@code ""}, {@code ''}), and single punctuation characters; comments and
   * preprocessor lines are dropped.
   */
  static List<Token> tokens(String content) {
    List<Token> out = new ArrayList<>();
    String s = content.replace("\r\n", "\n");
    int line = 1;
    boolean lineStart = true;
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == '\n') {
        line++;
        lineStart = true;
        i++;
      } else if (c == ' ' || c == '\t' || c == '\f' || c == '\r' || c == 0x0b) {
        i++;
      } else if (c == '\\' && i + 1 < n && s.charAt(i + 1) == '\n') {
        line++;
        i += 2;
      } else if (c == '#' && lineStart) {
        // A directive runs to the end of its line, across backslash-newlines and comments.
        while (i < n && s.charAt(i) != '\n') {
          if (s.charAt(i) == '\\' && i + 1 < n && s.charAt(i + 1) == '\n') {
            line++;
            i += 2;
          } else if (s.startsWith("/*", i)) {
            int end = s.indexOf("*/", i + 2);
            int stop = end < 0 ? n : end + 2;
            line += count(s, i, stop);
            i = stop;
          } else {
            i++;
          }
        }
      } else if (s.startsWith("//", i)) {
        while (i < n && s.charAt(i) != '\n') {
          i++;
        }
      } else if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        int stop = end < 0 ? n : end + 2;
        line += count(s, i, stop);
        i = stop;
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < n && s.charAt(j) != c && s.charAt(j) != '\n') {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        line += count(s, i, Math.min(j, n));
        out.add(new Token(c == '"' ? "\"\"" : "''", line));
        lineStart = false;
        i = Math.min(j + 1, n);
      } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
        int j = i + 1;
        while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == '$')) {
          j++;
        }
        out.add(new Token(s.substring(i, j), line));
        lineStart = false;
        i = j;
      } else if (s.startsWith("...", i)) {
        out.add(new Token("...", line));
        lineStart = false;
        i += 3;
      } else {
        out.add(new Token(String.valueOf(c), line));
        lineStart = false;
        i++;
      }
    }
    return out;
  }

  private static int count(String s, int from, int to) {
    int lines = 0;
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == '\n') {
        lines++;
      }
    }
    return lines;
  }
}
