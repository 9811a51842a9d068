package dev.junction.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Manual pages in troff ({@code man(7)} macros), one per command, written from the same command
 * model as the help: name, synopsis, description, options, arguments, subcommands, then the
 * command's examples and exit codes.
 */
final class ManPages {
  private ManPages() {}

  /** Every visible command under {@code root} (itself first), by page name: junction, junction-check, junction-mr-list... */
  static Map<String, CommandLine> all(CommandLine root) {
    Map<String, CommandLine> pages = new LinkedHashMap<>();
    collect(root, pages);
    return pages;
  }

  private static void collect(CommandLine command, Map<String, CommandLine> pages) {
    pages.put(name(command.getCommandSpec()), command);
    for (CommandLine sub : new LinkedHashMap<>(command.getSubcommands()).values()) {
      if (!sub.getCommandSpec().usageMessage().hidden() && !pages.containsValue(sub)) {
        collect(sub, pages);
      }
    }
  }

  /** The page's name: the command's words joined by hyphens. */
  static String name(CommandSpec spec) {
    return spec.qualifiedName("-");
  }

  /** The page of {@code command} in troff. */
  static String page(CommandLine command, String version) {
    CommandSpec spec = command.getCommandSpec();
    String name = name(spec);
    StringBuilder t = new StringBuilder();
    t.append(".TH ").append(quoted(name.toUpperCase(java.util.Locale.ROOT))).append(" 1 \"\" ")
        .append(quoted(version)).append(" \"Junction Manual\"\n");
    List<String> description = lines(spec.usageMessage().description());
    t.append(".SH NAME\n").append(text(name)).append(" \\- ")
        .append(text(description.isEmpty() ? "" : firstSentence(String.join(" ", description)))).append('\n');

    t.append(".SH SYNOPSIS\n.nf\n")
        .append(text(new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF)).synopsis(0).strip())).append("\n.fi\n");

    if (!description.isEmpty()) {
      t.append(".SH DESCRIPTION\n");
      paragraphs(t, description);
    }
    List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
    if (!options.isEmpty()) {
      t.append(".SH OPTIONS\n");
      for (OptionSpec o : options) {
        t.append(".TP\n").append(bold(String.join(", ", o.names())));
        if (o.arity().max() > 0) {
          t.append("=").append(italic(o.paramLabel()));
        }
        t.append('\n').append(text(String.join(" ", lines(o.description())))).append('\n');
      }
    }
    List<PositionalParamSpec> positionals = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
    if (!positionals.isEmpty()) {
      t.append(".SH ARGUMENTS\n");
      for (PositionalParamSpec p : positionals) {
        t.append(".TP\n").append(italic(p.paramLabel())).append('\n')
            .append(text(String.join(" ", lines(p.description())))).append('\n');
      }
    }
    Map<String, CommandLine> subs = new LinkedHashMap<>();
    command.getSubcommands().forEach((word, sub) -> {
      if (!sub.getCommandSpec().usageMessage().hidden() && !subs.containsValue(sub)) {
        subs.put(word, sub);
      }
    });
    if (!subs.isEmpty()) {
      t.append(".SH COMMANDS\n");
      subs.forEach((word, sub) -> t.append(".TP\n").append(bold(word)).append('\n')
          .append(text(firstSentence(String.join(" ", lines(sub.getCommandSpec().usageMessage().description())))))
          .append(" See ").append(bold(name(sub.getCommandSpec()))).append("(1).\n"));
    }
    footer(t, spec);
    List<String> seeAlso = new ArrayList<>();
    if (spec.parent() != null) {
      seeAlso.add(name(spec.parent()));
    }
    subs.values().forEach(sub -> seeAlso.add(name(sub.getCommandSpec())));
    if (!seeAlso.isEmpty()) {
      t.append(".SH \"SEE ALSO\"\n").append(String.join(",\n", seeAlso.stream().map(s -> bold(s) + "(1)").toList()))
          .append('\n');
    }
    return t.toString();
  }

  /** The footer (examples, exit codes): each heading line a section, the lines under it as they are. */
  private static void footer(StringBuilder t, CommandSpec spec) {
    List<String> lines = new ArrayList<>(lines(new String[] {spec.usageMessage().footerHeading()}));
    lines.addAll(lines(spec.usageMessage().footer()));
    boolean open = false;
    for (String line : lines) {
      if (!line.isBlank() && !line.startsWith(" ") && line.endsWith(":")) {
        if (open) {
          t.append(".fi\n");
        }
        t.append(".SH ").append(quoted(line.substring(0, line.length() - 1).toUpperCase(java.util.Locale.ROOT)))
            .append("\n.nf\n");
        open = true;
      } else if (open && !line.isBlank()) {
        t.append(text(line)).append('\n');
      }
    }
    if (open) {
      t.append(".fi\n");
    }
  }

  /** Description lines as paragraphs: consecutive lines are one paragraph, an empty line ends it. */
  private static void paragraphs(StringBuilder t, List<String> lines) {
    StringBuilder p = new StringBuilder();
    for (String line : lines) {
      if (line.isBlank()) {
        if (p.length() > 0) {
          t.append(".PP\n").append(text(p.toString().strip())).append('\n');
          p.setLength(0);
        }
      } else {
        p.append(line.strip()).append(' ');
      }
    }
    if (p.length() > 0) {
      t.append(".PP\n").append(text(p.toString().strip())).append('\n');
    }
  }

  /** Help text as plain lines: markup removed, {@code %n} a line break, {@code %%} a percent sign. */
  private static List<String> lines(String[] texts) {
    List<String> lines = new ArrayList<>();
    for (String text : texts) {
      String plain = Help.Ansi.OFF.string(text).replace("%n", "\n").replace("%%", "%");
      lines.addAll(List.of(plain.split("\n", -1)));
    }
    if (!lines.isEmpty() && lines.get(0).isEmpty() && texts.length > 0 && texts[0].startsWith("%n")) {
      lines.remove(0);
    }
    return lines;
  }

  private static String firstSentence(String text) {
    int end = text.indexOf(". ");
    String s = end < 0 ? text : text.substring(0, end + 1);
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  private static String bold(String s) {
    return "\\fB" + text(s) + "\\fR";
  }

  private static String italic(String s) {
    return "\\fI" + text(s) + "\\fR";
  }

  private static String quoted(String s) {
    return "\"" + text(s).replace("\"", "\\(dq") + "\"";
  }

  /** {@code s} as troff text: backslashes and hyphens escaped, no line read as a request. */
  static String text(String s) {
    String escaped = s.replace("\\", "\\e").replace("-", "\\-");
    StringBuilder b = new StringBuilder();
    for (String line : escaped.split("\n", -1)) {
      if (b.length() > 0) {
        b.append('\n');
      }
      if (line.startsWith(".") || line.startsWith("'")) {
        b.append("\\&");
      }
      b.append(line);
    }
    return b.toString();
  }
}
