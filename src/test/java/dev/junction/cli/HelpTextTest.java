package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every command's {@code --help}: paragraphs that are whole sentences (picocli shows a command's
 * first paragraph alone in {@code junction --help}, and wraps each paragraph itself), footers that
 * picocli does not break, and examples. {@link DocExamplesTest} runs the examples.
 */
class HelpTextTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-11-12T18:00:00Z"), ZoneOffset.UTC);
  /** How a sentence ends: a period (also inside a closing parenthesis or quote), ? or !. */
  private static final Pattern SENTENCE_END = Pattern.compile(".*[.?!][)'\"]*$", Pattern.DOTALL);

  /** Every command and subcommand, depth first, without picocli's own {@code help}. */
  static List<CommandSpec> commands() {
    List<CommandSpec> out = new ArrayList<>();
    collect(Main.all(CLOCK), out);
    return out;
  }

  private static void collect(CommandLine cl, List<CommandSpec> out) {
    out.add(cl.getCommandSpec());
    cl.getSubcommands().forEach((name, sub) -> {
      if (!name.equals("help")) {
        collect(sub, out);
      }
    });
  }

  /** A help text's lines: picocli formats {@code %n} as a line break. */
  static List<String> lines(String[] texts) {
    List<String> out = new ArrayList<>();
    for (String t : texts) {
      out.addAll(List.of(String.format(t).split("\\R", -1)));
    }
    return out;
  }

  @Test
  void everyDescriptionParagraphIsAWholeSentence() {
    List<String> cut = new ArrayList<>();
    for (CommandSpec c : commands()) {
      List<String> paragraphs = new ArrayList<>(lines(c.usageMessage().header()));
      paragraphs.addAll(lines(c.usageMessage().description()));
      for (String p : paragraphs) {
        if (!p.isBlank() && !SENTENCE_END.matcher(p.strip()).matches()) {
          cut.add(c.qualifiedName() + ": " + p);
        }
      }
      for (ArgSpec arg : args(c)) {
        for (String p : arg.description()) {
          if (!p.isBlank() && !SENTENCE_END.matcher(String.format(p).strip()).matches()) {
            cut.add(c.qualifiedName() + " " + label(arg) + ": " + p);
          }
        }
      }
    }
    assertThat(cut).as("description paragraphs that stop mid-sentence").isEmpty();
  }

  @Test
  void theCommandListShowsEachCommandInAWholeSentence() {
    StringWriter out = new StringWriter();
    int code = Main.run(new String[] {"--help"}, new PrintWriter(out), new PrintWriter(new StringWriter()), CLOCK);
    assertThat(code).isZero();
    List<String> rows = new ArrayList<>();
    boolean inList = false;
    for (String line : out.toString().split("\\R")) {
      if (line.equals("Commands:")) {
        inList = true;
      } else if (inList && line.isBlank()) {
        break;
      } else if (inList && line.matches("  \\S.*")) {
        rows.add(line.strip());
      } else if (inList && !rows.isEmpty()) {
        rows.set(rows.size() - 1, rows.get(rows.size() - 1) + " " + line.strip());
      }
    }
    assertThat(rows).hasSizeGreaterThan(15);
    assertThat(rows).as("rows of junction --help that stop mid-sentence")
        .allSatisfy(row -> assertThat(row).matches(SENTENCE_END));
  }

  @Test
  void footersFitTheHelpWidthSoPicocliNeverBreaksAnExampleOrAnExitCode() {
    List<String> wide = new ArrayList<>();
    for (CommandSpec c : commands()) {
      int width = c.usageMessage().width();
      for (String line : lines(c.usageMessage().footer())) {
        if (line.length() >= width) {
          wide.add(c.qualifiedName() + " (" + line.length() + " > " + (width - 1) + "): " + line);
        }
      }
    }
    assertThat(wide).as("footer lines picocli would wrap").isEmpty();
  }

  @Test
  void everyCommandShowsAnExampleOfItself() {
    List<String> missing = new ArrayList<>();
    for (CommandSpec c : commands()) {
      boolean heading = String.format(c.usageMessage().footerHeading()).contains("Examples:");
      boolean example = lines(c.usageMessage().footer()).stream()
          .anyMatch(l -> l.startsWith("  " + c.qualifiedName() + " ") || l.equals("  " + c.qualifiedName()));
      if (!heading || !example) {
        missing.add(c.qualifiedName());
      }
    }
    assertThat(missing).as("commands whose --help shows no example of themselves").isEmpty();
  }

  @Test
  void aTextCutMidSentenceIsCaught() {
    // The check above must be able to fail: the old first line of check's description.
    assertThat("Dry-run merges SOURCE into the target and classifies what it finds: content conflicts")
        .doesNotMatch(SENTENCE_END);
    assertThat("A conflict is recorded when first seen and cleared when a check finds none;").doesNotMatch(SENTENCE_END);
    assertThat("junction escalations climbs it (spec 3.3).").matches(SENTENCE_END);
    assertThat("The plan (see 'Plans.')").matches(SENTENCE_END);
  }

  private static List<ArgSpec> args(CommandSpec c) {
    List<ArgSpec> out = new ArrayList<>(c.options());
    out.addAll(c.positionalParameters());
    return out;
  }

  private static String label(ArgSpec arg) {
    return arg instanceof CommandLine.Model.OptionSpec o ? o.longestName() : arg.paramLabel();
  }
}
