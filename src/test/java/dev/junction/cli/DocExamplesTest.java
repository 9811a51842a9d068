package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command examples of README.md, docs/*.md and every {@code --help}, run against the demo
 * repository (README.md, "Examples in these documents", states the convention this test reads).
 *
 * <ul>
 *   <li>In a fenced code block of a document, a line {@code $ junction ...} (or {@code $ bin/junction
 *       ...}) is an example; a trailing {@code \} continues it on the next line, {@code # ...} is a
 *       comment, and {@code # exit N} the exit code it must end with (default 0). The lines after it
 *       are its output, not compared. A line {@code junction ...} without the prompt is a synopsis:
 *       its command and its options must exist, as must those of every {@code `junction ...`} span
 *       in the text.
 *   <li>Each document's examples run in order on a copy of the demo repository, as
 *       {@value #ACTOR} unless {@code --as} says otherwise, on a clock fixed at {@value #NOW};
 *       {@code --repo} is the copy unless given, a relative path option is read in the copy, and
 *       {@value #HUB} is a bare clone of it.
 *   <li>{@code <!-- doc-test: skip REASON -->} on the line before a block leaves its examples out.
 *   <li>A {@code --help} example must not end in bad input (2) or an internal error (70) unless its
 *       {@code # exit N} says so; each command's examples run in order on a copy of their own.
 *   <li>{@code demo}, {@code bench} and {@code serve} examples are parsed, not run: the demo is this
 *       test's set-up ({@code junction demo DIR} builds the repository), a benchmark generates
 *       repositories and times them for minutes, and a server runs until it is stopped.
 * </ul>
 */
class DocExamplesTest {
  static final String ACTOR = "coordinator@infrafabric.example";
  static final String NOW = "2025-11-12T18:00:00Z";
  static final String HUB = "/srv/git/infrafabric.git";
  private static final Clock CLOCK = Clock.fixed(Instant.parse(NOW), ZoneOffset.UTC);
  private static final Pattern SKIP = Pattern.compile("<!--\\s*doc-test:\\s*skip\\b(.*?)-->");
  private static final Pattern EXIT = Pattern.compile("\\bexit (\\d+)\\b");
  private static final Pattern FLAG = Pattern.compile("(?<![\\w-])(--[a-z][a-z0-9-]*)");
  private static final Pattern SPAN = Pattern.compile("`(junction [^`]+)`");
  private static final Set<String> PARSED_ONLY = Set.of("demo", "bench", "serve");
  private static final int OUTPUT_LINES = 8;

  @TempDir static Path work;
  static Path demo;
  private static final Map<String, Path> copies = new HashMap<>();

  /** One example: where it is written, its words after {@code junction}, the exit it documents. */
  record Example(String where, String text, List<String> args, OptionalInt exit, Optional<String> skip) {}

  @BeforeAll
  static void buildDemo() {
    demo = work.resolve("demo");
    Result built = Result.of(List.of("demo", demo.toString()));
    assertThat(built.code()).as(built.err()).isZero();
  }

  /** The documents whose examples run: the README and every docs/*.md. */
  static List<Path> documents() throws IOException {
    List<Path> out = new ArrayList<>();
    out.add(Path.of("README.md"));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
    }
    return out;
  }

  @TestFactory
  Stream<DynamicNode> everyExampleOfTheDocumentsExitsAsDocumented() throws IOException {
    List<DynamicNode> files = new ArrayList<>();
    for (Path doc : documents()) {
      String name = doc.toString().replace('\\', '/');
      List<DynamicNode> tests = new ArrayList<>();
      for (Example e : examples(name, Files.readAllLines(doc, StandardCharsets.UTF_8))) {
        tests.add(DynamicTest.dynamicTest(e.where() + " " + e.text(), () -> run(name, e, false)));
      }
      files.add(DynamicContainer.dynamicContainer(name, tests.stream()));
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(7);
    return files.stream();
  }

  @TestFactory
  Stream<DynamicNode> everyHelpExampleIsAValidCommandOfTheDemo() {
    List<DynamicNode> out = new ArrayList<>();
    for (CommandSpec c : HelpTextTest.commands()) {
      String copy = "help: " + c.qualifiedName().split(" ")[Math.min(1, c.qualifiedName().split(" ").length - 1)];
      List<String> lines = new ArrayList<>();
      for (String l : HelpTextTest.lines(c.usageMessage().footer())) {
        lines.add(l.startsWith("  junction ") ? "$ " + l.strip() : l);
      }
      lines.add(0, "```");
      lines.add("```");
      for (Example e : examples(c.qualifiedName() + " --help", lines)) {
        out.add(DynamicTest.dynamicTest(e.where() + " " + e.text(), () -> run(copy, e, true)));
      }
    }
    assertThat(out).hasSizeGreaterThan(40);
    return out.stream();
  }

  @Test
  void everySynopsisNamesCommandsAndOptionsThatExist() throws IOException {
    List<String> wrong = new ArrayList<>();
    for (Path doc : documents()) {
      List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
      boolean fenced = false;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        String where = doc + ":" + (i + 1);
        if (line.strip().startsWith("```")) {
          fenced = !fenced;
        } else if (fenced && line.strip().startsWith("junction ")) {
          synopsis(where, line.strip(), true).ifPresent(wrong::add);
        } else if (!fenced) {
          Matcher m = SPAN.matcher(line);
          while (m.find()) {
            synopsis(where, m.group(1), false).ifPresent(wrong::add);
          }
        }
      }
    }
    assertThat(wrong).as("synopses naming a command or an option that does not exist").isEmpty();
  }

  @Test
  void theConventionCatchesAWrongExitAnUnknownOptionAndASkipWithoutReason() {
    List<Example> read = examples("x.md", List.of(
        "```", "$ junction plan --into main   # exit 1", "Plan against main", "$ junction check \\",
        "    claude/x 'a b'", "```", "<!-- doc-test: skip needs a hub -->", "```", "$ junction protect status", "```"));
    assertThat(read).extracting(Example::where).containsExactly("x.md:2", "x.md:4", "x.md:9");
    assertThat(read.get(0).exit()).hasValue(1);
    assertThat(read.get(1).args()).containsExactly("check", "claude/x", "a b");
    assertThat(read.get(1).exit()).isEmpty();
    assertThat(read.get(2).skip()).hasValue("needs a hub");
    assertThat(synopsis("x.md:1", "junction land SOURCE [--bogus]", true)).hasValueSatisfying(
        s -> assertThat(s).contains("--bogus"));
    assertThat(synopsis("x.md:1", "junction lnad SOURCE", true)).isPresent();
    assertThat(synopsis("x.md:1", "junction land SOURCE [--into T] [--dry-run]", true)).isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> examples("x.md", List.of(
        "<!-- doc-test: skip -->", "```", "$ junction plan", "```"))).hasMessageContaining("x.md:1");
  }

  /** The examples of a text, in order. */
  static List<Example> examples(String file, List<String> lines) {
    List<Example> out = new ArrayList<>();
    boolean fenced = false;
    Optional<String> skip = Optional.empty();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.startsWith("```")) {
        fenced = !fenced;
        if (fenced) {
          skip = Optional.empty();
          for (int j = i - 1; j >= 0 && skip.isEmpty(); j--) {
            if (!lines.get(j).isBlank()) {
              Matcher m = SKIP.matcher(lines.get(j));
              if (m.find()) {
                String reason = m.group(1).strip();
                if (reason.isEmpty()) {
                  throw new IllegalArgumentException(file + ":" + (j + 1) + ": doc-test: skip needs a reason");
                }
                skip = Optional.of(reason);
              }
              break;
            }
          }
        }
        continue;
      }
      if (!fenced || !line.startsWith("$ ")) {
        continue;
      }
      int first = i;
      StringBuilder text = new StringBuilder(line.substring(2).strip());
      while (text.toString().endsWith("\\") && i + 1 < lines.size()) {
        text.setLength(text.length() - 1);
        text.append(' ').append(lines.get(++i).strip());
      }
      List<String> words = new ArrayList<>();
      String comment = words(text.toString(), words);
      if (words.isEmpty() || !(words.get(0).equals("junction") || words.get(0).equals("bin/junction"))) {
        continue;
      }
      Matcher exit = EXIT.matcher(comment);
      out.add(new Example(file + ":" + (first + 1), text.toString().replaceAll("\\s+", " "),
          List.copyOf(words.subList(1, words.size())),
          exit.find() ? OptionalInt.of(Integer.parseInt(exit.group(1))) : OptionalInt.empty(), skip));
    }
    return out;
  }

  /**
   * Splits a shell line into words (single and double quotes, backslash escapes) up to a pipe or a
   * redirection; answers its comment.
   */
  static String words(String line, List<String> out) {
    StringBuilder word = null;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (Character.isWhitespace(c)) {
        if (word != null) {
          out.add(word.toString());
          word = null;
        }
      } else if (c == '#' && word == null) {
        return line.substring(i + 1);
      } else if ("|<>;&".indexOf(c) >= 0 && word == null) {
        // The shell takes it from here (a pipe, a redirection): the command ends; its comment stays.
        int hash = line.indexOf(" #", i);
        return hash < 0 ? "" : line.substring(hash + 2);
      } else {
        word = word == null ? new StringBuilder() : word;
        if (c == '\'') {
          int end = line.indexOf('\'', i + 1);
          word.append(line, i + 1, end);
          i = end;
        } else if (c == '"') {
          for (i++; line.charAt(i) != '"'; i++) {
            if (line.charAt(i) == '\\' && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
              i++;
            }
            word.append(line.charAt(i));
          }
        } else if (c == '\\' && i + 1 < line.length()) {
          word.append(line.charAt(++i));
        } else {
          word.append(c);
        }
      }
    }
    if (word != null) {
      out.add(word.toString());
    }
    return "";
  }

  /** What is wrong with a synopsis, if anything: an unknown command (when {@code strict}) or option. */
  static Optional<String> synopsis(String where, String text, boolean strict) {
    List<String> words = new ArrayList<>();
    words(text.replace("\\|", " "), words);
    CommandLine cl = Main.all(CLOCK);
    int i = 1;
    while (i < words.size() && cl.getSubcommands().containsKey(words.get(i))) {
      cl = cl.getSubcommands().get(words.get(i++));
    }
    if (i == 1) {
      return strict ? Optional.of(where + ": " + text + ": no such command") : Optional.empty();
    }
    CommandSpec spec = cl.getCommandSpec();
    Set<String> unknown = new LinkedHashSet<>();
    Matcher m = FLAG.matcher(String.join(" ", words.subList(i, words.size())));
    while (m.find()) {
      if (spec.findOption(m.group(1)) == null) {
        unknown.add(m.group(1));
      }
    }
    return unknown.isEmpty() ? Optional.empty()
        : Optional.of(where + ": " + text + ": " + spec.qualifiedName() + " has no option " + String.join(", ", unknown));
  }

  private static void run(String copyName, Example e, boolean help) throws Exception {
    if (e.skip().isPresent()) {
      return;
    }
    Path copy = copy(copyName);
    List<String> args = new ArrayList<>();
    for (String a : e.args()) {
      args.add(a.contains(HUB) ? a.replace(HUB, hub(copy).toString()) : a);
    }
    CommandLine.ParseResult parsed;
    try {
      parsed = Main.all(CLOCK).parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException bad) {
      if (e.exit().orElse(-1) != ExitCodes.INVALID) {
        fail(e.where() + ": " + e.text() + "\n  does not parse: " + bad.getMessage());
      }
      parsed = null;
    }
    if (parsed != null) {
      CommandLine.ParseResult leaf = parsed;
      while (leaf.subcommand() != null) {
        leaf = leaf.subcommand();
      }
      if (PARSED_ONLY.contains(args.get(0))) {
        return;
      }
      inTheCopy(leaf.commandSpec(), args, copy);
    }
    Result r = Result.of(args);
    boolean ok = e.exit().isPresent() ? r.code() == e.exit().getAsInt()
        : help ? r.code() != ExitCodes.INVALID && r.code() != ExitCodes.INTERNAL : r.code() == 0;
    if (!ok) {
      String expected = e.exit().isPresent() ? "exit " + e.exit().getAsInt()
          : help ? "an exit other than 2 and 70" : "exit 0 (add '# exit N' if another is documented)";
      fail(e.where() + ": " + e.text() + "\n  expected " + expected + ", got exit " + r.code()
          + "\n  ran: junction " + String.join(" ", args) + "\n  output:\n" + r.head());
    }
  }

  /** Points {@code args} at the copy: {@code --repo} when not given, relative paths read in it. */
  private static void inTheCopy(CommandSpec spec, List<String> args, Path copy) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
      OptionSpec o = name.startsWith("-") ? spec.findOption(name) : null;
      if (o == null || !Path.class.equals(o.type())) {
        continue;
      }
      if (a.contains("=")) {
        args.set(i, name + "=" + copy.resolve(a.substring(name.length() + 1)));
      } else if (i + 1 < args.size()) {
        args.set(i + 1, copy.resolve(args.get(i + 1)).toString());
        i++;
      }
    }
    if (spec.findOption("--repo") != null && args.stream().noneMatch(a -> a.equals("--repo") || a.startsWith("--repo="))) {
      args.add("--repo");
      args.add(copy.toString());
    }
  }

  /** The copy of the demo repository that the examples of {@code name} share. */
  private static Path copy(String name) throws IOException, InterruptedException {
    Path existing = copies.get(name);
    if (existing != null) {
      return existing;
    }
    Path copy = work.resolve("copy-" + copies.size());
    try (Stream<Path> files = Files.walk(demo)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path to = copy.resolve(demo.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    git(copy, "config", "user.email", ACTOR);
    git(copy, "config", "user.name", "Coordinator");
    copies.put(name, copy);
    return copy;
  }

  /** The bare hub cloned from {@code copy}, made on first use. */
  private static Path hub(Path copy) throws IOException, InterruptedException {
    Path hub = copy.resolveSibling(copy.getFileName() + "-hub.git");
    if (!Files.exists(hub)) {
      git(copy.getParent(), "clone", "-q", "--bare", copy.toString(), hub.toString());
      git(hub, "config", "user.email", ACTOR);
      git(hub, "config", "user.name", "Coordinator");
    }
    return hub;
  }

  private static void git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(command + ": " + out).isTrue();
  }

  /** One run of the command line in this process. */
  record Result(int code, String out, String err) {
    static Result of(List<String> args) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = Main.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err), CLOCK);
      return new Result(code, out.toString(), err.toString());
    }

    /** The first lines of its output, standard output first. */
    String head() {
      List<String> lines = new ArrayList<>();
      for (String l : (out + err).split("\\R")) {
        if (!l.isBlank() && lines.size() < OUTPUT_LINES) {
          lines.add("    " + l);
        }
      }
      return String.join("\n", lines);
    }
  }
}
