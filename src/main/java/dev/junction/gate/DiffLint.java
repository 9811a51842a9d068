package dev.junction.gate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The self-review lint of spec section 7.6 ("no print statements, no commented-out code, no
 * {@code TODO} or {@code FIXME}, no hardcoded paths or secrets"), run on the lines a change adds.
 *
 * <p>Each line is judged alone, by the language its path's extension names: a line that starts
 * inside a multi-line string or block comment is read as if it did not. The rules prefer missing a
 * problem to flagging a correct line; each {@link Rule} says what it matches and what it skips.
 * Files under {@code test/} or {@code tests/} are checked like any other: the spec's checklist has
 * no exemption for them. Pure: no git, no files, no clock.
 */
final class DiffLint {
  /** Excerpts longer than this (minified code, data) are cut, ending in {@code ...}. */
  static final int MAX_EXCERPT = 200;

  private DiffLint() {}

  /**
   * A line the change adds.
   *
   * @param path the file's path in the repository, with {@code /} separators
   * @param line its 1-based number in the new version of the file
   * @param text the line without its line terminator
   */
  record AddedLine(String path, int line, String text) {
    AddedLine {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(text, "text");
      if (line < 1) {
        throw new IllegalArgumentException("line numbers are 1-based, got " + line);
      }
    }
  }

  /** The checks, each named by the word output and {@code junction.yaml} use. */
  enum Rule {
    /**
     * A call that prints for debugging, found in code (not in strings or comments): Python's
     * {@code print(...)} starting a statement (at the line's start, after {@code ;}, or after the
     * {@code :} of {@code if x: print(x)}), so not {@code obj.print(...)}, {@code def print}, a
     * doctest's {@code >>> print(x)} or a docstring sentence that names it; Java's and Kotlin's
     * {@code System.out.print*}, {@code System.err.print*} and {@code e.printStackTrace()}, and
     * Kotlin's bare {@code println(...)}/{@code print(...)}; JavaScript's and TypeScript's
     * {@code console.log}, {@code debug}, {@code trace}, {@code dir} and {@code table}; Go's
     * {@code fmt.Print*} and builtin {@code println}/{@code print}; Rust's {@code println!},
     * {@code print!} and {@code dbg!}. Output that is the program's job is left alone: C and C++
     * ({@code printf} is how they write), Go's {@code fmt.Fprint*}, Rust's {@code eprintln!},
     * {@code console.error}/{@code warn}. Python 2's {@code print x} statement is not matched.
     */
    DEBUG_PRINT("debug-print"),
    /**
     * A whole-line comment ({@code //}, {@code #}, or a one-line block comment) in a source file
     * whose text reads as code: a call and nothing else ({@code foo.bar(x)}, {@code f(x)[0].g();}),
     * an assignment whose right side is an expression ({@code x = compute(y)}, {@code int n = 3},
     * {@code x := f()}, {@code x: int = 3}), a {@code return}/{@code raise}/{@code throw}/{@code
     * assert}... statement, {@code go}/{@code defer}/{@code new} and a call, an import, a Python
     * block header ({@code def f(x):}, {@code if x > 3:}, {@code for a in b:}, {@code else:}), a
     * C-style {@code if (...)} header, an annotation, only closing brackets, a line ending in
     * <code>{</code>, or a line ending in {@code ;} that holds {@code (}, {@code =}, {@code a.b},
     * {@code ::} or {@code ++}, or has at most two words ({@code break;}). Prose is recognised
     * first and never flagged: two lowercase words in a row that are not keywords ({@code the
     * value}), a final period, a list item ({@code - x}, {@code 2) x}), a label ({@code Note: x =
     * 3}). Skipped: URLs, license headers, tool directives ({@code # type:}, {@code # noqa},
     * {@code # pylint:}, {@code // eslint-...}, {@code //go:build}, coding and vim lines,
     * shebangs), doc comments ({@code ///}, {@code //!}, <code>/**</code>, {@code #:}, {@code #'},
     * Javadoc continuation lines), comments holding a {@code TODO} (that rule's), comments after
     * code on the same line, and configuration files (YAML, TOML, properties, Makefiles,
     * Dockerfiles), where commented-out defaults are documentation.
     */
    COMMENTED_OUT_CODE("commented-out-code"),
    /**
     * The uppercase words {@code TODO}, {@code FIXME}, {@code XXX} or {@code HACK}, standing alone
     * ({@code TODOS} and {@code MY_TODO} are other words), anywhere in a comment; in files without
     * comment syntax (Markdown prose, plain text, JSON) only as a note, {@code TODO:} or
     * {@code TODO(name):}. A word quoted as a mention (in backticks, {@code {@code ...}} or quotes
     * around the word alone) is not a note. In strings it is data, not a note.
     */
    TODO("todo"),
    /**
     * Credentials, masked in the excerpt: AWS access key ids ({@code AKIA}/{@code ASIA} and 16
     * uppercase letters or digits); GitHub tokens ({@code ghp_}, {@code gho_}, {@code ghu_},
     * {@code ghs_}, {@code ghr_} and 36 characters, {@code github_pat_}); Slack tokens
     * ({@code xoxb-} and the like, with at least one digit); private key headers; JWTs (three
     * base64url parts, the first two starting {@code eyJ}); a quoted literal assigned to a name
     * ending in password, passwd, secret, token, api key, access key, secret key, private key or
     * auth key ({@code db_password = "..."}, {@code "apiKey": "..."}, {@code Token: "..."}), and
     * unquoted values of such keys in shell, YAML, properties and {@code .env} files; and quoted
     * strings of 20 or more base64 characters with Shannon entropy of at least 4.0 bits per
     * character (at least 3.0 for hex, which must mix letters and digits). Placeholders are not
     * secrets: empty or short values (under 4 characters), values with spaces, references
     * ({@code ${X}}, {@code $X}, {@code %(x)s}, {@code <token>}, <code>{{ x }}</code>), runs of
     * {@code x} or {@code *}, words like {@code none} or {@code example}, and values that name a
     * secret rather than hold one ({@code "DB_PASSWORD"}, {@code "your-api-key"}). A literal
     * like {@code "changeme"} is reported. The entropy check (base64's {@code =} only as trailing
     * padding) skips canonical UUIDs, 40- and 64-digit hex (git object ids, SHA-256 digests),
     * {@code sha512-...} integrity hashes, strings without a digit or without a letter, strings
     * with a lowercase word of five or more letters between separators (branch names such as
     * {@code claude/fix-lease-011CV2...}, paths), alphabets (five consecutive characters such as
     * {@code abcde} or {@code 56789}), and lock files entirely ({@code *.lock},
     * {@code package-lock.json}, {@code go.sum}...), which are full of hashes. The excerpt keeps a
     * secret's first four characters, or a third of it if that is fewer, and masks the rest; a
     * private key header stays readable and what follows it on the line is masked.
     */
    SECRET("secret"),
    /**
     * A path into someone's home directory: {@code /home/<name>}, {@code /Users/<name>},
     * {@code C:\Users\<name>} (also with {@code /} or doubled backslashes), paths below
     * {@code /root}, and {@code file://} URLs of them. Other absolute paths ({@code /tmp},
     * {@code /work}, {@code /usr/bin}) are left alone: scripts and configuration use them on
     * purpose. {@code ~/...} and {@code $HOME/...} are portable and not flagged, nor are
     * placeholder names ({@code user}, {@code username}, {@code you}...), {@code /Users/Shared},
     * paths inside URLs and relative paths, and Dockerfiles, whose paths are the image's.
     */
    ABSOLUTE_PATH("absolute-path");

    private final String word;

    Rule(String word) {
      this.word = word;
    }

    /** The rule's name in output and configuration. */
    String word() {
      return word;
    }
  }

  /**
   * A problem on an added line.
   *
   * @param excerpt the line, trimmed, with secrets masked and cut to {@link DiffLint#MAX_EXCERPT}
   */
  record LintFinding(Rule rule, String path, int line, String excerpt) {}

  private static final Comparator<LintFinding> ORDER = Comparator.comparing(LintFinding::path)
      .thenComparingInt(LintFinding::line)
      .thenComparing(LintFinding::rule);

  /** Every finding on the added lines, ordered by path, line and rule; one per rule and line. */
  static List<LintFinding> check(List<AddedLine> added) {
    List<LintFinding> findings = new ArrayList<>();
    for (AddedLine line : added) {
      findings.addAll(lint(line));
    }
    findings.sort(ORDER);
    return List.copyOf(findings);
  }

  /** The rule a configuration word names. */
  static Optional<Rule> rule(String word) {
    for (Rule rule : Rule.values()) {
      if (rule.word().equals(word)) {
        return Optional.of(rule);
      }
    }
    return Optional.empty();
  }

  private static List<LintFinding> lint(AddedLine added) {
    String text = added.text();
    Language language = Language.of(added.path());
    Lexed lexed = lex(text, language.syntax);
    List<Span> secrets = secrets(text, language, lockFile(added.path()));
    Set<Rule> rules = EnumSet.noneOf(Rule.class);
    if (debugPrint(language, lexed.code())) {
      rules.add(Rule.DEBUG_PRINT);
    }
    if (commentedOutCode(language, lexed)) {
      rules.add(Rule.COMMENTED_OUT_CODE);
    }
    if (todo(language.syntax, lexed)) {
      rules.add(Rule.TODO);
    }
    if (!secrets.isEmpty()) {
      rules.add(Rule.SECRET);
    }
    if (language != Language.DOCKERFILE && homePath(text)) {
      rules.add(Rule.ABSOLUTE_PATH);
    }
    if (rules.isEmpty()) {
      return List.of();
    }
    String excerpt = excerpt(text, secrets);
    return rules.stream().map(r -> new LintFinding(r, added.path(), added.line(), excerpt)).toList();
  }

  private static String excerpt(String text, List<Span> secrets) {
    char[] chars = text.toCharArray();
    for (Span span : secrets) {
      for (int i = span.start() + span.visible(); i < span.end(); i++) {
        chars[i] = '*';
      }
    }
    String trimmed = new String(chars).strip();
    return trimmed.length() <= MAX_EXCERPT ? trimmed : trimmed.substring(0, MAX_EXCERPT - 3) + "...";
  }

  // ---- languages and lexing ----

  /**
   * How a language writes comments and strings.
   *
   * @param lineComment what starts a comment running to the end of the line, or null
   * @param commentAfterSpace the line comment counts only at the start or after whitespace, as in
   *     shell ({@code $#}) and YAML ({@code url#anchor})
   * @param quotes characters that open a string closed by the same character on the line
   * @param charLiterals {@code '} opens a character literal ({@code 'a'}, {@code '\n'}), not a string
   */
  private record Syntax(String lineComment, boolean commentAfterSpace, boolean blockComments,
      boolean markupComments, String quotes, boolean charLiterals, boolean tripleQuotes) {
    static final Syntax C_LIKE = of("//", "\"").blocks().chars();
    static final Syntax JS = of("//", "\"'`").blocks();
    static final Syntax GO = of("//", "\"`").blocks().chars();
    static final Syntax PY = of("#", "\"'").triples();
    static final Syntax HASH = of("#", "\"'").afterSpace();
    static final Syntax SQL = of("--", "'\"").blocks();
    static final Syntax MARKUP = of(null, "").markup();
    static final Syntax TEXT = of(null, "");

    static Syntax of(String lineComment, String quotes) {
      return new Syntax(lineComment, false, false, false, quotes, false, false);
    }

    Syntax afterSpace() {
      return new Syntax(lineComment, true, blockComments, markupComments, quotes, charLiterals, tripleQuotes);
    }

    Syntax blocks() {
      return new Syntax(lineComment, commentAfterSpace, true, markupComments, quotes, charLiterals, tripleQuotes);
    }

    Syntax markup() {
      return new Syntax(lineComment, commentAfterSpace, blockComments, true, quotes, charLiterals, tripleQuotes);
    }

    Syntax chars() {
      return new Syntax(lineComment, commentAfterSpace, blockComments, markupComments, quotes, true, tripleQuotes);
    }

    Syntax triples() {
      return new Syntax(lineComment, commentAfterSpace, blockComments, markupComments, quotes, charLiterals, true);
    }
  }

  /** A file's language, from its name. */
  private enum Language {
    PYTHON(Syntax.PY, /* source= */ true, /* unquotedValues= */ false),
    JAVA(Syntax.C_LIKE, /* source= */ true, /* unquotedValues= */ false),
    KOTLIN(Syntax.C_LIKE, /* source= */ true, /* unquotedValues= */ false),
    JAVASCRIPT(Syntax.JS, /* source= */ true, /* unquotedValues= */ false),
    GO(Syntax.GO, /* source= */ true, /* unquotedValues= */ false),
    RUST(Syntax.C_LIKE, /* source= */ true, /* unquotedValues= */ false),
    /** C, C++, C#, Swift, Scala, Groovy, Dart: comments are checked, printing is not. */
    C_FAMILY(Syntax.C_LIKE, /* source= */ true, /* unquotedValues= */ false),
    SHELL(Syntax.HASH, /* source= */ true, /* unquotedValues= */ true),
    /** Ruby, Perl, R, PowerShell. */
    SCRIPT(Syntax.HASH, /* source= */ true, /* unquotedValues= */ false),
    CONFIG(Syntax.HASH, /* source= */ false, /* unquotedValues= */ true),
    DOCKERFILE(Syntax.HASH, /* source= */ false, /* unquotedValues= */ false),
    SQL(Syntax.SQL, /* source= */ false, /* unquotedValues= */ false),
    MARKUP(Syntax.MARKUP, /* source= */ false, /* unquotedValues= */ false),
    TEXT(Syntax.TEXT, /* source= */ false, /* unquotedValues= */ false);

    final Syntax syntax;
    /** Code, where a comment that reads as code is commented-out code. */
    final boolean source;
    /** {@code key: value} and {@code KEY=value} assign literals without quotes. */
    final boolean unquotedValues;

    Language(Syntax syntax, boolean source, boolean unquotedValues) {
      this.syntax = syntax;
      this.source = source;
      this.unquotedValues = unquotedValues;
    }

    static Language of(String path) {
      String name = path.substring(path.lastIndexOf('/') + 1);
      if (name.equals("Dockerfile") || name.startsWith("Dockerfile.") || name.endsWith(".dockerfile")) {
        return DOCKERFILE;
      }
      if (name.equals("Makefile") || name.equals("GNUmakefile") || name.startsWith(".env.")) {
        return CONFIG;
      }
      int dot = name.lastIndexOf('.');
      String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
      return switch (extension) {
        case "py", "pyi", "pyw" -> PYTHON;
        case "java" -> JAVA;
        case "kt", "kts" -> KOTLIN;
        case "js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts" -> JAVASCRIPT;
        case "go" -> GO;
        case "rs" -> RUST;
        case "c", "h", "cc", "cpp", "cxx", "hpp", "hh", "cs", "swift", "scala", "groovy", "gradle", "dart" ->
            C_FAMILY;
        case "sh", "bash", "zsh", "ksh" -> SHELL;
        case "rb", "pl", "pm", "r", "ps1" -> SCRIPT;
        case "yml", "yaml", "toml", "properties", "ini", "cfg", "conf", "env", "mk" -> CONFIG;
        case "sql" -> SQL;
        case "md", "markdown", "html", "htm", "xml", "xsd", "svg" -> MARKUP;
        default -> TEXT;
      };
    }
  }

  private static boolean lockFile(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    return name.endsWith(".lock") || name.equals("package-lock.json") || name.equals("npm-shrinkwrap.json")
        || name.equals("pnpm-lock.yaml") || name.equals("go.sum");
  }

  /**
   * A comment on the line.
   *
   * @param opener {@code //}, {@code #}, {@code --}, <code>/*</code>, {@code <!--}, or {@code *} for
   *     a block comment's continuation line
   * @param closed a block comment that ends on this line
   */
  private record Comment(String opener, String text, boolean closed) {}

  /** A line split into code, with string contents blanked, and its comments. */
  private record Lexed(String code, List<Comment> comments) {}

  private static final Pattern CONTINUATION = Pattern.compile("\\s*\\*(?:\\s.*)?");
  private static final Pattern CHAR_LITERAL =
      Pattern.compile("'(?:[^'\\\\]|\\\\(?:u\\{[0-9a-fA-F]+}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.))'");

  private static Lexed lex(String line, Syntax syntax) {
    List<Comment> comments = new ArrayList<>();
    if (syntax.blockComments() && CONTINUATION.matcher(line).matches()) {
      // Javadoc and block-comment bodies conventionally start with '*'; code does not ('*p = 0;' has no space).
      comments.add(new Comment("*", line.strip().substring(1), false));
      return new Lexed("", comments);
    }
    StringBuilder code = new StringBuilder(line.length());
    StringBuilder unclosed = new StringBuilder();
    int n = line.length();
    int i = 0;
    while (i < n) {
      char c = line.charAt(i);
      String opener = syntax.lineComment();
      if (opener != null && line.startsWith(opener, i)
          && (!syntax.commentAfterSpace() || i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        comments.add(new Comment(opener, line.substring(i + opener.length()), false));
        break;
      }
      int block = blockComment(line, i, syntax, comments);
      if (block != i) {
        if (block < 0) {
          break;
        }
        i = block;
        code.append(' ');
        continue;
      }
      int end = unclosed.indexOf(String.valueOf(c)) >= 0 ? i : stringEnd(line, i, syntax);
      if (end < 0) {
        // A triple-quoted string that does not close here: the rest of the line is its text.
        code.append(c).append(c).append(c);
        break;
      }
      if (end > i) {
        code.append(c).append(c);
        i = end;
        continue;
      }
      if (syntax.quotes().indexOf(c) >= 0 && unclosed.indexOf(String.valueOf(c)) < 0) {
        // No later quote of this kind closes either: don't scan the rest of the line again for it.
        unclosed.append(c);
      }
      code.append(c);
      i++;
    }
    return new Lexed(code.toString(), comments);
  }

  /**
   * Reads a block comment opening at {@code i}: returns the index after it, -1 if it runs past the
   * line, or {@code i} if none opens there.
   */
  private static int blockComment(String line, int i, Syntax syntax, List<Comment> comments) {
    String open;
    String close;
    if (syntax.blockComments() && line.startsWith("/*", i)) {
      open = "/*";
      close = "*/";
    } else if (syntax.markupComments() && line.startsWith("<!--", i)) {
      open = "<!--";
      close = "-->";
    } else {
      return i;
    }
    int end = line.indexOf(close, i + open.length());
    if (end < 0) {
      comments.add(new Comment(open, line.substring(i + open.length()), false));
      return -1;
    }
    comments.add(new Comment(open, line.substring(i + open.length(), end), true));
    return end + close.length();
  }

  /**
   * Reads a string opening at {@code i}: returns the index after it, -1 for a triple-quoted string
   * that runs past the line, or {@code i} if none opens there (a quote that never closes on the
   * line is an apostrophe, not a string).
   */
  private static int stringEnd(String line, int i, Syntax syntax) {
    char c = line.charAt(i);
    if (c == '\'' && syntax.charLiterals()) {
      Matcher m = CHAR_LITERAL.matcher(line).region(i, line.length());
      return m.lookingAt() ? m.end() : i;
    }
    if (syntax.quotes().indexOf(c) < 0) {
      return i;
    }
    if (syntax.tripleQuotes()) {
      String triple = String.valueOf(c).repeat(3);
      if (line.startsWith(triple, i)) {
        int end = line.indexOf(triple, i + 3);
        return end < 0 ? -1 : end + 3;
      }
    }
    for (int j = i + 1; j < line.length(); j++) {
      char d = line.charAt(j);
      if (d == '\\') {
        j++;
      } else if (d == c) {
        return j + 1;
      }
    }
    return i;
  }

  // ---- debug-print ----

  private static final Pattern STATEMENT_PRINT = Pattern.compile("(?:^|[;:])\\s*print\\s*\\(");
  private static final Pattern BARE_PRINTLN = Pattern.compile("(?<![\\w.$])print(?:ln)?\\s*\\(");
  private static final Pattern SYSTEM_PRINT =
      Pattern.compile("\\bSystem\\s*\\.\\s*(?:out|err)\\s*\\.\\s*print(?:ln|f)?\\s*\\(");
  private static final Pattern STACK_TRACE = Pattern.compile("\\.\\s*printStackTrace\\s*\\(\\s*\\)");
  private static final Pattern CONSOLE =
      Pattern.compile("(?<![\\w.$])console\\s*\\.\\s*(?:log|debug|trace|dir|table)\\s*\\(");
  private static final Pattern FMT_PRINT = Pattern.compile("(?<![\\w.])fmt\\s*\\.\\s*Print(?:ln|f)?\\s*\\(");
  private static final Pattern RUST_PRINT = Pattern.compile("(?<!\\w)(?:print|println|dbg)!\\s*[(\\[{]");

  private static boolean debugPrint(Language language, String code) {
    return switch (language) {
      case PYTHON -> STATEMENT_PRINT.matcher(code).find();
      case JAVA -> SYSTEM_PRINT.matcher(code).find() || STACK_TRACE.matcher(code).find();
      case KOTLIN -> SYSTEM_PRINT.matcher(code).find() || STACK_TRACE.matcher(code).find()
          || bareCall(code, BARE_PRINTLN);
      case JAVASCRIPT -> CONSOLE.matcher(code).find();
      case GO -> FMT_PRINT.matcher(code).find() || bareCall(code, BARE_PRINTLN);
      case RUST -> RUST_PRINT.matcher(code).find();
      case C_FAMILY, SHELL, SCRIPT, CONFIG, DOCKERFILE, SQL, MARKUP, TEXT -> false;
    };
  }

  /** A call of the bare function, not its declaration ({@code def print(self):}). */
  private static boolean bareCall(String code, Pattern bare) {
    Matcher m = bare.matcher(code);
    while (m.find()) {
      if (!declared(code, m.start())) {
        return true;
      }
    }
    return false;
  }

  /** Whether the word before {@code at} is {@code def}, {@code fun} or {@code func}. */
  private static boolean declared(String code, int at) {
    int end = at;
    while (end > 0 && Character.isWhitespace(code.charAt(end - 1))) {
      end--;
    }
    int start = end;
    while (start > 0 && Character.isLetter(code.charAt(start - 1))) {
      start--;
    }
    return Set.of("def", "fun", "func").contains(code.substring(start, end));
  }

  // ---- commented-out-code ----

  private static final Set<String> KEYWORDS = Set.of("abstract", "and", "as", "assert", "async", "auto",
      "await", "bool", "boolean", "break", "byte", "case", "catch", "chan", "char", "class", "const",
      "continue", "def", "default", "defer", "del", "delete", "do", "double", "elif", "else", "enum",
      "except", "export", "extends", "extern", "false", "final", "finally", "float", "fn", "for", "from",
      "func", "go", "if", "impl", "implements", "import", "in", "instanceof", "int", "interface", "is",
      "lambda", "let", "local", "long", "map", "mut", "new", "nil", "none", "not", "null", "or", "package",
      "pass", "private", "protected", "pub", "public", "raise", "readonly", "return", "rune", "self",
      "short", "signed", "static", "string", "struct", "super", "switch", "this", "throw", "throws",
      "true", "try", "type", "typeof", "uint", "unsigned", "use", "val", "var", "void", "volatile",
      "while", "with", "yield");
  /** Words that may come before the name in a declaration: {@code private static final int x = 3}. */
  private static final Set<String> DECLARATION = Set.of("auto", "bool", "boolean", "byte", "char", "const",
      "double", "export", "extern", "final", "float", "global", "int", "let", "local", "long", "mut", "nonlocal",
      "private", "protected", "pub", "public", "readonly", "short", "signed", "static", "string", "uint",
      "unsigned", "val", "var", "void", "volatile");
  private static final List<String> DIRECTIVES = List.of("type:", "noqa", "pylint:", "pyright:", "mypy:",
      "fmt:", "isort:", "pragma", "-*-", "coding", "vim:", "eslint", "@ts-", "go:", "+build", "nolint",
      "prettier-ignore", "nosonar", "noinspection", "language=", "@formatter:",
      "checkstyle:", "cspell:", "shellcheck ", "nosec", "rubocop:", "frozen_string_literal:", "istanbul ");
  private static final Pattern URL = Pattern.compile("(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*://\\S*");
  private static final Pattern LICENSE = Pattern.compile("(?i)copyright|spdx-license-identifier|license");
  private static final Pattern QUOTED =
      Pattern.compile("\"[^\"\\\\]*(?:\\\\.[^\"\\\\]*)*\"|'[^'\\\\]*(?:\\\\.[^'\\\\]*)*'");
  private static final Pattern CLOSERS = Pattern.compile("[})\\]]+[;,)]*");
  private static final Pattern CALLEE =
      Pattern.compile("[A-Za-z_$][\\w$]*(?:(?:\\.|::|->|\\?\\.)[A-Za-z_$][\\w$]*)*(?:<[^<>()]*>)?\\(");
  private static final Pattern MEMBER = Pattern.compile("(?:\\.|::|->|\\?\\.)[A-Za-z_$][\\w$]*");
  private static final Pattern SEMICOLON_CODE = Pattern.compile("[(=\\[]|\\w\\.\\w|::|\\+\\+|--");
  private static final Pattern LIST_ITEM = Pattern.compile("(?:[-*+]|\\d+[.)])\\s");
  private static final Pattern ANNOTATION = Pattern.compile("@[A-Za-z_][\\w.]*(?:\\(.*\\))?");
  private static final Pattern STATEMENT =
      Pattern.compile("(?:return|yield|await|raise|throw|del|assert|delete)(?:\\s+(.*))?");
  private static final Pattern LAUNCH = Pattern.compile("(?:go|defer|new)\\s+(.*)");
  private static final Pattern IMPORT = Pattern.compile("import\\s+[\\w.]+(?:\\s+as\\s+\\w+)?"
      + "(?:\\s*,\\s*[\\w.]+(?:\\s+as\\s+\\w+)?)*|from\\s+[.\\w]+\\s+import\\s+[\\w*(), ]+"
      + "|import\\s+.+\\s+from\\s+\"\";?|import\\s+\"\";?");
  private static final Pattern DEF_OR_CLASS = Pattern.compile(
      "(?:(?:async\\s+)?def\\s+\\w+\\s*\\(.*\\)(?:\\s*->\\s*[^:]+)?|class\\s+\\w+(?:\\s*\\(.*\\))?)\\s*:");
  private static final Pattern CONDITION_HEADER = Pattern.compile("(?:if|elif|while|with)\\s+(.+?)\\s*:");
  private static final Pattern FOR_HEADER = Pattern.compile("for\\s+\\w+(?:\\s*,\\s*\\w+)*\\s+in\\s+(.+?)\\s*:");
  private static final Pattern BARE_HEADER =
      Pattern.compile("(?:try|else|finally|except(?:\\s+[\\w.]+(?:\\s+as\\s+\\w+)?)?)\\s*:|break|continue|pass");
  private static final Pattern C_HEADER =
      Pattern.compile("(?:if|for|while|switch|catch|else\\s+if)\\s*\\(.*\\)\\s*\\{?");
  private static final Pattern ASSIGNMENT =
      Pattern.compile("([^=]+?)\\s*(?:[-+*/%&|^:]|\\?\\?|<<|>>)?=(?![=>])\\s*(.+)");
  private static final Pattern TARGET =
      Pattern.compile("[A-Za-z_$][\\w$]*(?:(?:\\.|->|::)[A-Za-z_$][\\w$]*|\\[[^\\]]*])*");
  private static final Pattern TYPE_LIKE = Pattern.compile("[A-Z][\\w.$]*|[\\w.$]*[<>\\[\\],][\\w.$<>\\[\\],?]*");
  private static final Pattern EXPRESSION_CHARS = Pattern.compile("[\\w$.\\[\\]{}()\"'<>=!&|+\\-*/%:,?@~^ ]+");
  private static final Pattern OPERATOR =
      Pattern.compile("[()\\[\\]{}\"'+\\-*/%<>=!&|?:^]|\\b(?:and|or|not|is|in|if|else|as|new|await)\\b");
  private static final Pattern WORD = Pattern.compile("[a-z]+");
  private static final Pattern LABEL = Pattern.compile("[A-Z][a-z]+");
  private static final int MAX_CODE_COMMENT = 400;

  private static boolean commentedOutCode(Language language, Lexed lexed) {
    if (!language.source || !lexed.code().isBlank() || lexed.comments().size() != 1) {
      return false;
    }
    Comment comment = lexed.comments().get(0);
    String text = comment.text();
    boolean lineComment = comment.opener().equals(language.syntax.lineComment());
    boolean blockComment = comment.opener().equals("/*") && comment.closed();
    if (!lineComment && !blockComment) {
      return false;
    }
    // '///', '//!', '/**', '/*!' are documentation, '#!' a shebang, '#:' and "#'" doc tools' comments.
    if (text.startsWith("!") || text.startsWith("/") || text.startsWith("*") || text.startsWith(":")
        || text.startsWith("'")) {
      return false;
    }
    // Past a few hundred characters a comment is not one commented-out line, and the patterns below get slow.
    return text.length() <= MAX_CODE_COMMENT && codeLike(text.replaceFirst("^#+", "").strip());
  }

  /** Whether a comment's text is code rather than prose. */
  private static boolean codeLike(String comment) {
    String text = URL.matcher(comment).replaceAll("").strip();
    if (text.isEmpty() || MARKER.matcher(text).find() || LICENSE.matcher(text).find() || directive(text)) {
      return false;
    }
    String s = QUOTED.matcher(text).replaceAll("\"\"");
    if (prose(s)) {
      return false;
    }
    if (statementEnd(s) || s.endsWith("{") || CLOSERS.matcher(s).matches() || callChain(s)
        || ANNOTATION.matcher(s).matches() || IMPORT.matcher(s).matches() || DEF_OR_CLASS.matcher(s).matches()
        || BARE_HEADER.matcher(s).matches() || C_HEADER.matcher(s).matches()) {
      return true;
    }
    Matcher statement = STATEMENT.matcher(s);
    if (statement.matches()) {
      return statement.group(1) == null || expression(statement.group(1));
    }
    Matcher launch = LAUNCH.matcher(s);
    if (launch.matches()) {
      return callChain(launch.group(1));
    }
    Matcher header = CONDITION_HEADER.matcher(s);
    if (header.matches()) {
      return expression(header.group(1));
    }
    Matcher loop = FOR_HEADER.matcher(s);
    if (loop.matches()) {
      return expression(loop.group(1));
    }
    return assignment(s);
  }

  /**
   * A statement ending in {@code ;} with something only code has ({@code (}, {@code =}, {@code a.b},
   * {@code ::}, {@code ++}) or at most two words ({@code break;}, {@code throw e;}); a sentence that
   * ends in a semicolon has neither.
   */
  private static boolean statementEnd(String s) {
    return s.endsWith(";") && (SEMICOLON_CODE.matcher(s).find() || s.split("\\s+").length <= 2);
  }

  /** A call, possibly chained, and nothing else: {@code a.b(x)}, {@code f(x)[0].g(y);}, {@code Foo::<T>of(x)}. */
  private static boolean callChain(String s) {
    Matcher callee = CALLEE.matcher(s);
    if (!callee.lookingAt()) {
      return false;
    }
    int i = callee.end() - 1;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '(' || c == '[') {
        i = afterBrackets(s, i);
        if (i < 0) {
          return false;
        }
      } else {
        Matcher member = MEMBER.matcher(s).region(i, s.length());
        if (!member.lookingAt()) {
          break;
        }
        i = member.end();
      }
    }
    return s.substring(i).matches("[;,?!]*");
  }

  /** The index after the bracket that closes the one at {@code open}, or -1. */
  private static int afterBrackets(String s, int open) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if ((c == ')' || c == ']' || c == '}') && --depth == 0) {
        return i + 1;
      }
    }
    return -1;
  }

  private static boolean directive(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    return DIRECTIVES.stream().anyMatch(lower::startsWith);
  }

  /**
   * Two lowercase words in a row, neither a keyword (code rarely has them, prose always does), a
   * sentence's final period, or a list item.
   */
  private static boolean prose(String text) {
    if (text.endsWith(".") || LIST_ITEM.matcher(text).lookingAt()) {
      return true;
    }
    int run = 0;
    for (String token : text.split("\\s+")) {
      int end = token.length();
      while (end > 0 && ".;:!?".indexOf(token.charAt(end - 1)) >= 0) {
        end--;
      }
      String word = token.substring(0, end);
      if (WORD.matcher(word).matches() && !KEYWORDS.contains(word)) {
        if (++run == 2) {
          return true;
        }
      } else {
        run = 0;
      }
    }
    return false;
  }

  private static boolean assignment(String s) {
    Matcher m = ASSIGNMENT.matcher(s);
    if (!m.matches()) {
      return false;
    }
    String left = m.group(1).strip();
    int colon = left.indexOf(':');
    if (colon > 0) {
      // A type annotation ('x: int = 3', 'val n: Int = 3'), unless a label starts the sentence ('Note: x = 3').
      left = left.substring(0, colon).strip();
      if (LABEL.matcher(left).matches()) {
        return false;
      }
    }
    String[] words = left.split("\\s+");
    if (words.length > 5 || !TARGET.matcher(words[words.length - 1]).matches()) {
      return false;
    }
    for (int i = 0; i < words.length - 1; i++) {
      if (!DECLARATION.contains(words[i]) && !TYPE_LIKE.matcher(words[i]).matches()) {
        return false;
      }
    }
    return expression(m.group(2));
  }

  /** One token, or tokens joined by operators or brackets: {@code a + b}, {@code f(x)}, not {@code Big Value}. */
  private static boolean expression(String text) {
    String e = text.strip();
    if (!EXPRESSION_CHARS.matcher(e).matches() || !balanced(e)) {
      return false;
    }
    return e.indexOf(' ') < 0 || OPERATOR.matcher(e).find();
  }

  private static boolean balanced(String s) {
    int depth = 0;
    for (int i = 0; i < s.length() && depth >= 0; i++) {
      char c = s.charAt(i);
      if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
      }
    }
    return depth == 0;
  }

  // ---- todo ----

  private static final Pattern MARKER = Pattern.compile("(?<!\\w)(?:TODO|FIXME|XXX|HACK)(?!\\w)");
  private static final Pattern MARKER_NOTE = Pattern.compile("(?<!\\w)(?:TODO|FIXME|XXX|HACK)(?:\\([^)]*\\))?:");
  private static final Pattern MENTION = Pattern.compile("`[^`]*`|\\{@code [^}]*}|\"[^\"\\s]*\"|'[^'\\s]*'");

  private static boolean todo(Syntax syntax, Lexed lexed) {
    for (Comment comment : lexed.comments()) {
      if (MARKER.matcher(unmentioned(comment.text())).find()) {
        return true;
      }
    }
    // Without comment syntax, prose is all there is: only a note such as `TODO:` counts.
    return syntax.lineComment() == null && !syntax.blockComments()
        && MARKER_NOTE.matcher(unmentioned(lexed.code())).find();
  }

  private static String unmentioned(String text) {
    return MENTION.matcher(text).replaceAll(" ");
  }

  // ---- secret ----

  /**
   * Characters of a secret the excerpt shows.
   *
   * @param visible how many leading characters stay visible; the rest become {@code *}
   */
  private record Span(int start, int end, int visible) {
    static Span masked(int start, int end) {
      return new Span(start, end, Math.min(4, (end - start) / 3));
    }
  }

  private static final Pattern AWS = Pattern.compile("(?<![A-Z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Z0-9])");
  private static final Pattern GITHUB = Pattern.compile(
      "(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9])|github_pat_[A-Za-z0-9_]{22,255})");
  private static final Pattern SLACK =
      Pattern.compile("(?<![A-Za-z0-9])xox[baprs]-(?=[A-Za-z0-9-]*[0-9])[A-Za-z0-9-]{10,}");
  private static final Pattern JWT = Pattern.compile(
      "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}");
  private static final Pattern PRIVATE_KEY =
      Pattern.compile("-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----([^\"'`]*)");
  private static final String SECRET_NAME = "[A-Za-z0-9_.-]*?(?i:password|passwd|secret|token"
      + "|api[_.-]?key|access[_.-]?key|secret[_.-]?key|private[_.-]?key|auth[_.-]?key)";
  private static final Pattern QUOTED_ASSIGNMENT = Pattern.compile("(?<![\\w.-])[\"']?" + SECRET_NAME + "[\"']?"
      + "(?:\\s*:\\s*[A-Za-z_][\\w.\\[\\]<>|]*(?=\\s*=))?\\s*(?::=|=>|=|:)\\s*(?:[rRbBuUfF]{1,2})?"
      + "(?:\"([^\"\\\\]*(?:\\\\.[^\"\\\\]*)*)\"|'([^'\\\\]*(?:\\\\.[^'\\\\]*)*)'|`([^`\\\\]*(?:\\\\.[^`\\\\]*)*)`)");
  private static final Pattern UNQUOTED_ASSIGNMENT = Pattern.compile("^\\s*(?:-\\s+)?(?:export\\s+)?"
      + SECRET_NAME + "\\s*[:=]\\s*([^\\s\"'`#][^\\s#]*)\\s*(?:#.*)?$");
  private static final Set<String> PLACEHOLDERS = Set.of("none", "null", "nil", "undefined", "true", "false",
      "redacted", "placeholder", "example", "sample", "dummy", "test", "string", "value");
  private static final List<String> SECRET_WORDS =
      List.of("password", "passwd", "secret", "token", "apikey", "accesskey", "privatekey", "authkey");
  private static final Pattern QUOTED_TOKEN = Pattern.compile("([\"'`])([A-Za-z0-9+/_-]{20,}={0,2})\\1");
  private static final Pattern UUID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern INTEGRITY = Pattern.compile("(?i)(?:sha1|sha256|sha384|sha512|md5)[-_].*");
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
  /** A lowercase word between separators: a name someone chose ({@code claude/fix-lease-011CV2mM1F...}). */
  private static final Pattern NAMED = Pattern.compile("(?:^|[/_-])[a-z]{5,}(?:$|[/_-])");
  /** Bits per character from which a quoted base64 string is a secret. */
  static final double BASE64_ENTROPY = 4.0;
  /** Bits per character from which a quoted hex string is a secret. */
  static final double HEX_ENTROPY = 3.0;

  private static List<Span> secrets(String text, Language language, boolean lockFile) {
    List<Span> spans = new ArrayList<>();
    for (Pattern token : List.of(AWS, GITHUB, SLACK, JWT)) {
      Matcher m = token.matcher(text);
      while (m.find()) {
        spans.add(Span.masked(m.start(), m.end()));
      }
    }
    Matcher key = PRIVATE_KEY.matcher(text);
    while (key.find()) {
      // The header names the secret and stays readable; what follows it on the line is the key.
      spans.add(new Span(key.start(), key.end(), key.start(1) - key.start()));
    }
    Matcher quoted = QUOTED_ASSIGNMENT.matcher(text);
    while (quoted.find()) {
      int value = quoted.group(1) != null ? 1 : quoted.group(2) != null ? 2 : 3;
      if (!placeholder(quoted.group(value))) {
        spans.add(Span.masked(quoted.start(value), quoted.end(value)));
      }
    }
    if (language.unquotedValues) {
      Matcher unquoted = UNQUOTED_ASSIGNMENT.matcher(text);
      if (unquoted.matches() && !placeholder(unquoted.group(1))) {
        spans.add(Span.masked(unquoted.start(1), unquoted.end(1)));
      }
    }
    if (!lockFile) {
      Matcher literal = QUOTED_TOKEN.matcher(text);
      while (literal.find()) {
        if (highEntropy(literal.group(2))) {
          spans.add(Span.masked(literal.start(2), literal.end(2)));
        }
      }
    }
    return spans;
  }

  /** A value that stands for a secret instead of being one. */
  private static boolean placeholder(String value) {
    String v = value.strip();
    if (v.length() < 4 || v.chars().anyMatch(Character::isWhitespace) || "$%<{@!|>~#".indexOf(v.charAt(0)) >= 0
        || v.chars().allMatch(c -> "xX*.-_0".indexOf(c) >= 0)) {
      return true;
    }
    String lower = v.toLowerCase(Locale.ROOT);
    String squashed = lower.replaceAll("[^a-z0-9]", "");
    return PLACEHOLDERS.contains(lower) || SECRET_WORDS.stream().anyMatch(squashed::contains);
  }

  private static boolean highEntropy(String s) {
    if (UUID.matcher(s).matches() || INTEGRITY.matcher(s).matches() || s.chars().noneMatch(Character::isDigit)
        || s.chars().noneMatch(Character::isLetter) || NAMED.matcher(s).find() || alphabet(s)) {
      return false;
    }
    if (HEX.matcher(s).matches()) {
      // 40 and 64 hex digits are git object ids and SHA-256 digests far more often than keys.
      return s.length() != 40 && s.length() != 64 && entropy(s) >= HEX_ENTROPY - 1e-9;
    }
    return entropy(s) >= BASE64_ENTROPY - 1e-9;
  }

  /** Five characters in a row that follow each other ({@code abcde}, {@code 34567}): an alphabet, not a key. */
  private static boolean alphabet(String s) {
    int run = 1;
    for (int i = 1; i < s.length(); i++) {
      run = s.charAt(i) == s.charAt(i - 1) + 1 ? run + 1 : 1;
      if (run == 5) {
        return true;
      }
    }
    return false;
  }

  /** Shannon entropy in bits per character of the string's own character frequencies. */
  static double entropy(String s) {
    int[] counts = new int[128];
    for (int i = 0; i < s.length(); i++) {
      counts[s.charAt(i) & 127]++;
    }
    double bits = 0;
    for (int count : counts) {
      if (count > 0) {
        double p = (double) count / s.length();
        bits -= p * Math.log(p) / Math.log(2);
      }
    }
    return bits;
  }

  // ---- absolute-path ----

  private static final String PATH_START = "(?:(?<![\\w.~/\\\\-])|(?<=file://))";
  private static final Pattern UNIX_HOME = Pattern.compile(PATH_START + "/(?:home|Users)/([A-Za-z0-9._-]+)");
  private static final Pattern ROOT_HOME = Pattern.compile(PATH_START + "/root/[A-Za-z0-9._-]");
  private static final Pattern WINDOWS_HOME =
      Pattern.compile("(?i)(?<![A-Za-z])[A-Z]:(?:\\\\{1,2}|/)Users(?:\\\\{1,2}|/)([A-Za-z0-9._-]+)");
  private static final Set<String> PLACEHOLDER_USERS = Set.of("user", "username", "user_name", "you", "yourname",
      "your_name", "your-name", "me", "name", "someone", "example", "shared", "public", "default");

  private static boolean homePath(String text) {
    if (ROOT_HOME.matcher(text).find()) {
      return true;
    }
    for (Pattern home : List.of(UNIX_HOME, WINDOWS_HOME)) {
      Matcher m = home.matcher(text);
      while (m.find()) {
        String user = m.group(1);
        if (!PLACEHOLDER_USERS.contains(user.toLowerCase(Locale.ROOT))
            && user.chars().anyMatch(Character::isLetterOrDigit)) {
          return true;
        }
      }
    }
    return false;
  }
}
