package dev.junction.conflict;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.SimpleName;
import com.github.javaparser.ast.stmt.BlockStmt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The declarations of one version of one file, so that two branches changing the same signature
 * can be told from two branches editing bodies.
 *
 * <p>Java ({@code .java}) is parsed by JavaParser: types, methods and constructors that are
 * members of a type, named {@code Outer.Inner.method}; local, anonymous classes and lambdas are
 * not declarations. A Java file that does not parse gets the generic outline.
 *
 * <p>Python ({@code .py}) is read by logical line: {@code class}, {@code def} and {@code async
 * def} headers, joined across brackets up to their {@code :}, named by indentation; comments,
 * strings, docstrings and decorators never count.
 *
 * <p>C ({@code .c .h}) is read by {@link COutline}: file-scope functions, prototypes, tagged
 * struct, union and enum definitions and typedefs, with brace depth tracked.
 *
 * <p>The generic outline ({@code .js .ts .jsx .tsx .go .rs .kt .scala .cc .cpp .hpp .cs .rb .php
 * .swift}) matches one expression per line for declarations that start with a keyword ({@code
 * function}, {@code func}, {@code fn}, {@code fun}, {@code def}, {@code class}, {@code
 * interface}, {@code struct}, {@code enum}, {@code trait}, {@code type}, {@code record}), keyed by
 * bare name without nesting. It misses declarations without such a keyword (Java methods, arrow
 * functions) and takes some lines that are not declarations for ones; so its matches are
 * reported as notes, never as findings ({@link Changed#generic}).
 */
final class Outline {
  private static final Set<String> GENERIC_EXTENSIONS = Set.of(
      "js", "ts", "jsx", "tsx", "go", "rs", "kt", "scala", "cc", "cpp", "hpp", "cs",
      "rb", "php", "swift");

  private static final Pattern PYTHON_HEADER =
      Pattern.compile("(async\\s+def|def|class)\\s+(\\w+)", Pattern.UNICODE_CHARACTER_CLASS);

  /** Modifiers (words, {@code pub(crate)}, {@code @objc}), a keyword, a Go receiver, a name. */
  private static final Pattern GENERIC_HEADER = Pattern.compile(
      "(?:[@\\w()]+\\s+)*?"
          + "(function\\*?|func|fn|fun|def|class|interface|struct|enum|trait|type|record)\\s+"
          + "(?:\\([^)]*\\)\\s*)?(?:self\\.)?([A-Za-z_$][\\w$]*)");

  private static final Set<String> FUNCTION_KEYWORDS =
      Set.of("function", "function*", "func", "fn", "fun", "def");

  private Outline() {}

  /** One declared class, interface, record, enum, method, constructor or function. */
  record Declaration(String name, String kind, String signature, int line) {}

  private enum Language { JAVA, PYTHON, C, GENERIC, NONE }

  /**
   * What changed between two versions of a file.
   *
   * @param names as {@link #changedNames}
   * @param generic whether they were read with the generic outline (the file's language has no
   *     other, or a Java version did not parse), whose matches are lines, not declarations
   * @param now each changed name's declarations after the change (empty when it was removed)
   */
  record Changed(Set<String> names, boolean generic, Map<String, Set<String>> now) {
    Changed {
      names = Set.copyOf(names);
      now = Map.copyOf(now);
    }

    Changed(Set<String> names, boolean generic) {
      this(names, generic, Map.of());
    }

    /** This change without the names outside {@code kept}. */
    Changed only(Set<String> kept, boolean alsoGeneric) {
      Set<String> left = new TreeSet<>(names);
      left.retainAll(kept);
      Map<String, Set<String>> after = new HashMap<>(now);
      after.keySet().retainAll(left);
      return new Changed(left, generic || alsoGeneric, after);
    }
  }

  /** Whether {@code path}'s extension has an outline; {@link #of} is empty for the others. */
  static boolean supports(String path) {
    return language(path) != Language.NONE;
  }

  /** The declarations of {@code content} in file order; none when {@code content} is null. */
  static List<Declaration> of(String path, String content) {
    return strict(language(path), content).orElseGet(() -> generic(content));
  }

  /**
   * Names, sorted, whose set of signatures differs between the versions: changed, added or
   * removed. Overloads share a name. Either version may be null (file added or deleted).
   */
  static Set<String> changedNames(String path, String before, String after) {
    return new TreeSet<>(changes(path, before, after).names());
  }

  /** {@link #changedNames}, and whether they come from the generic outline. */
  static Changed changes(String path, String before, String after) {
    Language language = language(path);
    Optional<List<Declaration>> old = strict(language, before);
    Optional<List<Declaration>> now = strict(language, after);
    boolean generic = language == Language.GENERIC;
    if (old.isEmpty() || now.isEmpty()) {
      // A syntax error on one side must not read as every method of the file removed or added.
      old = strict(Language.GENERIC, before);
      now = strict(Language.GENERIC, after);
      generic = true;
    }
    Map<String, Set<String>> oldByName = byName(old.orElseThrow());
    Map<String, Set<String>> nowByName = byName(now.orElseThrow());
    Set<String> names = new TreeSet<>(oldByName.keySet());
    names.addAll(nowByName.keySet());
    names.removeIf(name -> Objects.equals(oldByName.get(name), nowByName.get(name)));
    Map<String, Set<String>> changedTo = new HashMap<>();
    for (String name : names) {
      changedTo.put(name, nowByName.getOrDefault(name, Set.of()));
    }
    return new Changed(names, generic, changedTo);
  }

  private static Language language(String path) {
    String file = path.substring(path.lastIndexOf('/') + 1);
    int dot = file.lastIndexOf('.');
    String extension = dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
    if (extension.equals("java")) {
      return Language.JAVA;
    }
    if (extension.equals("py")) {
      return Language.PYTHON;
    }
    if (extension.equals("c") || extension.equals("h")) {
      return Language.C;
    }
    return GENERIC_EXTENSIONS.contains(extension) ? Language.GENERIC : Language.NONE;
  }

  /** The outline in {@code language}; empty only when Java does not parse. */
  private static Optional<List<Declaration>> strict(Language language, String content) {
    if (content == null) {
      return Optional.of(List.of());
    }
    return switch (language) {
      case JAVA -> java(content);
      case PYTHON -> Optional.of(python(content));
      case C -> Optional.of(COutline.of(content));
      case GENERIC -> Optional.of(generic(content));
      case NONE -> Optional.of(List.of());
    };
  }

  private static Map<String, Set<String>> byName(List<Declaration> declarations) {
    Map<String, Set<String>> out = new HashMap<>();
    for (Declaration d : declarations) {
      out.computeIfAbsent(d.name(), name -> new TreeSet<>()).add(d.signature());
    }
    return out;
  }

  private static Optional<List<Declaration>> java(String content) {
    ParserConfiguration config = new ParserConfiguration()
        .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17)
        // Unattributed comments and Javadoc are never printed into a signature.
        .setAttributeComments(false);
    ParseResult<CompilationUnit> parsed = new JavaParser(config).parse(content);
    if (!parsed.isSuccessful()) {
      return Optional.empty();
    }
    List<Declaration> out = new ArrayList<>();
    for (TypeDeclaration<?> type : parsed.getResult().orElseThrow().getTypes()) {
      addType(type, "", out);
    }
    return Optional.of(out);
  }

  private static void addType(TypeDeclaration<?> type, String outer, List<Declaration> out) {
    String name = outer + type.getNameAsString();
    TypeDeclaration<?> header = type.clone();
    header.getMembers().clear();
    if (header instanceof EnumDeclaration e) {
      e.getEntries().clear();
    }
    out.add(javaDeclaration(name, kind(type), header, type.getName()));
    for (BodyDeclaration<?> member : type.getMembers()) {
      if (member instanceof TypeDeclaration<?> nested) {
        addType(nested, name + ".", out);
      } else if (member instanceof MethodDeclaration method) {
        MethodDeclaration signature = method.clone().removeBody();
        String qualified = name + "." + method.getNameAsString();
        out.add(javaDeclaration(qualified, "method", signature, method.getName()));
      } else if (member instanceof ConstructorDeclaration constructor) {
        ConstructorDeclaration signature = constructor.clone().setBody(new BlockStmt());
        String qualified = name + "." + constructor.getNameAsString();
        out.add(javaDeclaration(qualified, "constructor", signature, constructor.getName()));
      }
    }
  }

  private static String kind(TypeDeclaration<?> type) {
    if (type instanceof ClassOrInterfaceDeclaration c) {
      return c.isInterface() ? "interface" : "class";
    }
    if (type instanceof EnumDeclaration) {
      return "enum";
    }
    return type instanceof RecordDeclaration ? "record" : "annotation";
  }

  /** {@code header} is a detached copy with no body or members; its annotations go here. */
  private static Declaration javaDeclaration(
      String name, String kind, Node header, SimpleName declared) {
    header.findAll(AnnotationExpr.class).forEach(Node::remove);
    String text = collapse(header.toString()).replaceFirst("\\s*(;|\\{ ?})$", "");
    return new Declaration(name, kind, text, declared.getBegin().map(p -> p.line).orElse(0));
  }

  private record Logical(int line, int indent, String text) {}

  private record Scope(int indent, String name, boolean isClass) {}

  private static List<Declaration> python(String content) {
    List<Declaration> out = new ArrayList<>();
    Deque<Scope> scopes = new ArrayDeque<>();
    for (Logical logical : logicalLines(content)) {
      while (!scopes.isEmpty() && scopes.peek().indent() >= logical.indent()) {
        scopes.pop();
      }
      Matcher m = PYTHON_HEADER.matcher(logical.text());
      if (!m.lookingAt()) {
        continue;
      }
      Scope outer = scopes.peek();
      boolean isClass = m.group(1).equals("class");
      String name = outer == null ? m.group(2) : outer.name() + "." + m.group(2);
      String kind = isClass ? "class" : outer != null && outer.isClass() ? "method" : "function";
      String header = logical.text().substring(0, headerEnd(logical.text(), m.end()));
      // A signature exploded one parameter per line, trailing comma and all, equals its one-liner.
      String signature = collapse(header)
          .replaceAll("([(\\[]) ", "$1")
          .replaceAll(" ([)\\]])", "$1")
          .replaceAll(",([)\\]])", "$1");
      out.add(new Declaration(name, kind, signature, logical.line()));
      scopes.push(new Scope(logical.indent(), name, isClass));
    }
    return out;
  }

  /**
   * Python's logical lines: physical lines joined inside brackets, across backslashes and inside
   * strings, with comments dropped and the first line's indentation measured. Strings stay, so a
   * docstring's line starts with its quotes and never with {@code def}.
   */
  private static List<Logical> logicalLines(String source) {
    String content = source.replace("\r\n", "\n");
    List<Logical> out = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int line = 1;
    int start = 1;
    int indent = 0;
    int depth = 0;
    int i = 0;
    while (i < content.length()) {
      char c = content.charAt(i);
      if (c == '\n' && depth == 0) {
        if (!text.isEmpty()) {
          out.add(new Logical(start, indent, text.toString()));
          text.setLength(0);
        }
        indent = 0;
        line++;
        i++;
      } else if (c == '\n' || (c == '\\' && content.startsWith("\n", i + 1))) {
        line++;
        i += c == '\\' ? 2 : 1;
        text.append(' ');
      } else if (text.isEmpty() && (c == ' ' || c == '\t')) {
        // Python rounds a tab up to the next multiple of eight columns.
        indent = c == '\t' ? (indent / 8 + 1) * 8 : indent + 1;
        i++;
      } else if (c == '#') {
        int end = content.indexOf('\n', i);
        i = end < 0 ? content.length() : end;
      } else {
        if (text.isEmpty()) {
          start = line;
        }
        int end = c == '"' || c == '\'' ? stringEnd(content, i) : i + 1;
        String token = content.substring(i, end);
        line += (int) token.chars().filter(ch -> ch == '\n').count();
        depth = Math.max(0, depth + bracket(c));
        text.append(token);
        i = end;
      }
    }
    if (!text.isEmpty()) {
      out.add(new Logical(start, indent, text.toString()));
    }
    return out;
  }

  /** The index of the {@code :} that ends a Python header starting at {@code from}. */
  private static int headerEnd(String text, int from) {
    int depth = 0;
    int i = from;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == ':' && depth == 0) {
        return i;
      }
      depth += bracket(c);
      i = c == '"' || c == '\'' ? stringEnd(text, i) : i + 1;
    }
    return text.length();
  }

  /**
   * The index just past the Python string opening at {@code i}; an unterminated single-quoted
   * string ends with its line, an unterminated triple-quoted one with the text.
   */
  private static int stringEnd(String s, int i) {
    String quote = s.substring(i, i + 1);
    String close = s.startsWith(quote.repeat(3), i) ? quote.repeat(3) : quote;
    int j = i + close.length();
    while (j < s.length()) {
      if (s.charAt(j) == '\\') {
        j += 2;
      } else if (s.startsWith(close, j)) {
        return j + close.length();
      } else if (close.length() == 1 && s.charAt(j) == '\n') {
        return j;
      } else {
        j++;
      }
    }
    return s.length();
  }

  private static int bracket(char c) {
    if (c == '(' || c == '[' || c == '{') {
      return 1;
    }
    return c == ')' || c == ']' || c == '}' ? -1 : 0;
  }

  private static List<Declaration> generic(String content) {
    List<Declaration> out = new ArrayList<>();
    String[] lines = content.split("\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].strip();
      if (line.startsWith("//") || line.startsWith("/*") || line.startsWith("*")
          || line.startsWith("#")) {
        continue;
      }
      Matcher m = GENERIC_HEADER.matcher(line);
      if (m.lookingAt()) {
        String kind = FUNCTION_KEYWORDS.contains(m.group(1)) ? "function" : m.group(1);
        out.add(new Declaration(m.group(2), kind, collapse(beforeBody(line)), n + 1));
      }
    }
    return out;
  }

  /** {@code line} up to the first {@code {} outside parentheses and brackets. */
  private static String beforeBody(String line) {
    int depth = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '{' && depth == 0) {
        return line.substring(0, i);
      }
      depth += c == '{' || c == '}' ? 0 : bracket(c);
    }
    return line;
  }

  private static String collapse(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }
}
