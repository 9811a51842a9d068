package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What git's and gh's users expect of a command line: completion scripts for bash and zsh, manual
 * pages, plain text for NO_COLOR and for a stdout that is no terminal, and {@code -C DIR}.
 */
class ShellHabitsTest {
  static final Invocation PIPE = new Invocation(Map.of(), false, Path.of(""));

  static CliTest.Run run(Invocation invocation, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), Clock.systemUTC(), invocation);
    return new CliTest.Run(code, out.toString(), err.toString());
  }

  /** Every command, built as the completion and man commands build them. */
  static CommandLine model() {
    CommandLine root = new CommandLine(CommandSpec.create().name("junction"));
    Main.COMMANDS.forEach((name, command) -> root.addSubcommand(name, command.get()));
    return root;
  }

  static List<CommandLine> commands(CommandLine root) {
    List<CommandLine> all = new ArrayList<>();
    all.add(root);
    root.getSubcommands().values().forEach(sub -> all.addAll(commands(sub)));
    return all;
  }

  static String shell(Path dir, String script) throws Exception {
    Process p = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  // --- completion

  @Test
  void theCompletionScriptNamesEveryCommandAndEachOfItsOptions() {
    CliTest.Run bash = run(PIPE, "completion", "bash");
    CliTest.Run zsh = run(PIPE, "completion", "zsh");
    assertThat(bash.code()).as(bash.err()).isZero();
    assertThat(zsh.out()).isEqualTo(bash.out()).contains("bashcompinit");
    String script = bash.out();
    List<CommandLine> commands = commands(model());
    assertThat(commands).hasSizeGreaterThan(30);
    for (CommandLine c : commands) {
      if (c.getCommandSpec().parent() == null) {
        continue; // the test's root stands for Main, whose own options are checked below
      }
      String function = "function _picocli_junction_" + c.getCommandSpec().qualifiedName("_").substring("junction_".length()) + "()";
      assertThat(script).as(c.getCommandSpec().qualifiedName()).contains(function);
      String body = script.substring(script.indexOf(function));
      body = body.substring(0, body.indexOf("\n}\n"));
      if (!c.getSubcommands().isEmpty()) {
        assertThat(body).contains("local commands=\"" + String.join(" ", c.getSubcommands().keySet()) + "\"");
      }
      for (OptionSpec o : c.getCommandSpec().options()) {
        for (String name : o.names()) {
          assertThat(body).as(c.getCommandSpec().qualifiedName() + " " + name).contains("'" + name + "'");
        }
      }
    }
    String top = script.substring(script.indexOf("function _picocli_junction()"));
    assertThat(top.substring(0, top.indexOf("\n}\n")))
        .contains("local commands=\"" + String.join(" ", Main.COMMANDS.keySet()) + "\"", "'-C'", "'--version'");
  }

  @Test
  void bashLoadsTheScriptAndCompletesCommandsSubcommandsAndOptions(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("junction.bash"), run(PIPE, "completion").out());
    String complete = "source ./junction.bash\n"
        + "c() { COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); COMP_LINE=\"$*\"; COMP_POINT=${#COMP_LINE};"
        + " COMPREPLY=(); _complete_junction 2>/dev/null; echo \"$* => ${COMPREPLY[*]}\"; }\n"
        + "complete -p junction\n"
        + "c junction ch\nc junction mr ''\nc junction override ''\nc junction land --dr\nc junction completion ''\n"
        + "c junction -C\n";
    String out = shell(dir, complete);
    assertThat(out).contains("complete -o default -F _complete_junction junction",
        "junction ch => check", "junction mr  => open list show close", "junction override  => grant close review",
        "junction land --dr => --dry-run", "junction completion  => bash zsh");
  }

  @Test
  void zshLoadsTheSameScript(@TempDir Path dir) throws Exception {
    assumeTrue(Stream.of(System.getenv("PATH").split(":")).anyMatch(p -> Files.isExecutable(Path.of(p, "zsh"))),
        "zsh is not installed");
    Files.writeString(dir.resolve("junction.zsh"), run(PIPE, "completion", "zsh").out());
    Process p = new ProcessBuilder("zsh", "-c", "source ./junction.zsh && complete -p junction")
        .directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("_complete_junction");
  }

  @Test
  void anUnknownShellIsBadInputInOneLine() {
    CliTest.Run fish = run(PIPE, "completion", "fish");
    assertThat(fish.code()).isEqualTo(2);
    assertThat(fish.out()).isEmpty();
    assertThat(fish.err()).isEqualTo("SHELL: 'fish' is not one of bash, zsh\n");
  }

  // --- manual pages

  @Test
  void everyCommandHasAManualPageThatGroffReadsWithoutWarnings(@TempDir Path dir) throws Exception {
    Path man1 = dir.resolve("man/man1");
    CliTest.Run wrote = run(PIPE, "man", "--dir", man1.toString());
    assertThat(wrote.code()).as(wrote.err()).isZero();
    List<CommandLine> commands = commands(model());
    assertThat(wrote.out()).isEqualTo("wrote " + commands.size() + " manual pages to " + man1 + "\n");
    boolean groff = Stream.of(System.getenv("PATH").split(":")).anyMatch(p -> Files.isExecutable(Path.of(p, "groff")));
    for (CommandLine c : commands) {
      String name = c.getCommandSpec().parent() == null ? "junction" : c.getCommandSpec().qualifiedName("-");
      Path page = man1.resolve(name + ".1");
      assertThat(page).exists();
      String troff = Files.readString(page);
      assertThat(troff).startsWith(".TH \"" + name.toUpperCase(java.util.Locale.ROOT).replace("-", "\\-") + "\" 1 ")
          .contains(".SH NAME\n" + name.replace("-", "\\-") + " \\- ", ".SH SYNOPSIS");
      for (OptionSpec o : c.getCommandSpec().options()) {
        assertThat(troff).as(name + " " + o.longestName()).contains("\\fB" + String.join(", ", o.names()).replace("-", "\\-"));
      }
      if (groff) {
        Process p = new ProcessBuilder("groff", "-man", "-Tutf8", "-ww", "-z", page.toString())
            .redirectErrorStream(true).start();
        String warnings = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(warnings).as(name).isEmpty();
      }
    }
    if (groff) {
      String shown = shell(dir, "MANPATH=" + dir.resolve("man") + " MANWIDTH=100 man -P cat junction-mr-list 2>&1"
          + " || groff -man -Tutf8 " + man1.resolve("junction-mr-list.1"));
      assertThat(shown).contains("junction mr list", "--state", "EXIT CODES");
    }
  }

  @Test
  void aPageIsPrintedByTheCommandsWordsAndAnUnknownOneIsBadInput() {
    CliTest.Run list = run(PIPE, "man", "mr", "list");
    CliTest.Run root = run(PIPE, "man");
    CliTest.Run none = run(PIPE, "man", "mr", "lst");
    assertThat(list.code()).isZero();
    assertThat(list.out()).startsWith(".TH \"JUNCTION\\-MR\\-LIST\" 1").contains("\\fB\\-\\-state\\fR");
    assertThat(root.out()).startsWith(".TH \"JUNCTION\" 1").contains(".SH COMMANDS", "\\fB\\-C\\fR=\\fIDIR\\fR");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).startsWith("COMMAND: no command 'mr lst'; the commands: plan, board, check").doesNotContain("\n\n");
  }

  @Test
  void troffTextCannotIssueRequests() {
    assertThat(ManPages.text(".so /etc/passwd\n'br\\n")).isEqualTo("\\&.so /etc/passwd\n\\&'br\\en");
  }

  // --- colour

  @Test
  void helpIsColouredOnlyOnATerminalWithoutNoColor() {
    String esc = "\u001b[";
    CliTest.Run terminal = run(new Invocation(Map.of(), true, Path.of("")), "check", "--help");
    CliTest.Run noColor = run(new Invocation(Map.of("NO_COLOR", "1"), true, Path.of("")), "check", "--help");
    CliTest.Run emptyNoColor = run(new Invocation(Map.of("NO_COLOR", ""), true, Path.of("")), "check", "--help");
    CliTest.Run pipe = run(PIPE, "check", "--help");
    // On a terminal the sequences reach it as sequences, not written out by the escaping writer.
    assertThat(terminal.out()).contains(esc).doesNotContain("\\x1b");
    assertThat(emptyNoColor.out()).contains(esc); // NO_COLOR= is unset, as no-color.org reads it
    for (CliTest.Run plain : List.of(noColor, pipe)) {
      assertThat(plain.code()).isZero();
      assertThat(plain.out()).doesNotContain(esc, "\\x1b").contains("Usage: junction check", "--into=TARGET");
    }
  }

  @Test
  void everyHelpPathFollowsTheSameRule() {
    Invocation terminal = new Invocation(Map.of(), true, Path.of(""));
    Invocation noColor = new Invocation(Map.of("NO_COLOR", "yes"), true, Path.of(""));
    String[][] helps = {{}, {"help", "land"}, {"mr"}, {"protect"}, {"check", "--bogus"}};
    for (String[] args : helps) {
      CliTest.Run coloured = run(terminal, args);
      CliTest.Run plain = run(noColor, args);
      String all = coloured.out() + coloured.err();
      assertThat(all).as(String.join(" ", args)).contains("\u001b[").doesNotContain("\\x1b");
      assertThat(plain.out() + plain.err()).as(String.join(" ", args)).doesNotContain("\u001b", "\\x1b");
    }
  }

  @Test
  void whatWasTypedStaysEscapedInAParseErrorOnATerminal() {
    CliTest.Run r = run(new Invocation(Map.of(), true, Path.of("")), "check", "a", "b\u001b[2Jx");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("b\\x1b[2Jx").doesNotContain("b\u001b[2J");
  }

  // --- -C DIR

  static Path repoWithPlan(Path dir) throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "plan", "junction.yaml", Plans.ONE_SESSION);
      repo.branch("coordination", "main");
    }
    return dir;
  }

  @Test
  void dashCFindsTheRepositoryFromAnotherDirectoryAndComposesLikeGit(@TempDir Path dir) throws Exception {
    repoWithPlan(dir.resolve("projects/work"));
    Files.createDirectories(dir.resolve("elsewhere"));
    Invocation elsewhere = new Invocation(Map.of(), false, dir.resolve("elsewhere"));

    CliTest.Run one = run(elsewhere, "-C", "../projects/work", "plan", "--json");
    CliTest.Run two = run(elsewhere, "-C", "../projects", "-C=work", "plan", "--json");
    CliTest.Run absolute = run(elsewhere, "-C", "/nonexistent-base-ignored", "-C", dir.resolve("projects/work").toString(),
        "plan", "--json");
    CliTest.Run empty = run(new Invocation(Map.of(), false, dir.resolve("projects/work")), "-C", "", "plan", "--json");

    for (CliTest.Run r : List.of(one, two, empty)) {
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.json().get("tasks").get(0).get("id").asText()).isEqualTo("A");
    }
    assertThat(absolute.code()).isEqualTo(2); // each -C must exist, the absolute one after it too
    assertThat(absolute.err()).isEqualTo("-C: no such directory: /nonexistent-base-ignored\n");
  }

  @Test
  void dashCResolvesRelativePathsOfOptionsAndParameters(@TempDir Path dir) throws Exception {
    repoWithPlan(dir.resolve("work"));
    Files.createDirectories(dir.resolve("work/out"));
    Files.createDirectories(dir.resolve("elsewhere"));
    Invocation elsewhere = new Invocation(Map.of(), false, dir.resolve("elsewhere"));

    CliTest.Run board = run(elsewhere, "-C", "../work", "board", "--write", "out/board.md");
    CliTest.Run repo = run(elsewhere, "-C", "..", "plan", "--repo", "work", "--db", "work/custom.db", "--json");
    CliTest.Run file = run(elsewhere, "-C", "../work", "plan", "--file", "plan.yaml", "--json");

    assertThat(board.code()).as(board.err()).isZero();
    assertThat(dir.resolve("work/out/board.md")).content().contains("task board");
    assertThat(dir.resolve("elsewhere/out")).doesNotExist();
    assertThat(repo.code()).as(repo.err()).isZero();
    assertThat(file.code()).isEqualTo(2);
    assertThat(file.err()).contains(dir.toRealPath().resolve("work/plan.yaml").toString());
  }

  @Test
  void aMissingDashCDirectoryIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a-file"), "");
    Invocation here = new Invocation(Map.of(), false, dir);
    for (String missing : List.of("nope", "a-file")) {
      CliTest.Run r = run(here, "-C", missing, "plan");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).isEqualTo("-C: no such directory: " + missing + "\n");
    }
    CliTest.Run bare = run(here, "-C");
    assertThat(bare.code()).isEqualTo(2);
    assertThat(bare.err()).isEqualTo("-C: missing directory\n");
  }
}
