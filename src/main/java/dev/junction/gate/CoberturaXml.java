package dev.junction.gate;

import dev.junction.gate.Coverage.FileLines;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.w3c.dom.Element;

/**
 * Reads Cobertura XML, as coverage.py's {@code coverage xml} writes it, into line coverage by
 * repository path.
 *
 * <p>Each {@code <class filename>} is relative to one of the {@code <sources><source>}
 * directories, which coverage.py writes as absolute paths of the machine that ran it. A line with
 * {@code hits > 0} is covered, else missed. Only a class's own {@code <lines>} are read: original
 * Cobertura repeats them under {@code <methods>}.
 */
final class CoberturaXml {
  private CoberturaXml() {}

  /**
   * Reads a report taking each {@code filename} as the repository path: right when the tool ran
   * at the repository root without {@code --source}.
   *
   * @param name how to name the file in messages
   */
  static Coverage read(String name, InputStream in) throws ReportException {
    return read(name, in, path -> false);
  }

  /**
   * Reads a report, finding each file's repository path among the tails of {@code source/filename}
   * for each {@code <source>}, longest first: a file {@code pkg/mod.py} under source
   * {@code /ci/work/repo/src} is {@code src/pkg/mod.py} if {@code exists} says so. A file found
   * nowhere keeps its {@code filename}.
   *
   * @param exists whether a repository path is a file, for example a lookup in the commit's tree
   */
  static Coverage read(String name, InputStream in, Predicate<String> exists)
      throws ReportException {
    Element root = SafeXml.root(name, SafeXml.parse(name, in), "coverage");
    List<String> sources = new ArrayList<>();
    for (Element list : SafeXml.children(root, "sources")) {
      for (Element source : SafeXml.children(list, "source")) {
        sources.add(source.getTextContent().strip());
      }
    }
    Map<String, FileLines> files = new HashMap<>();
    for (Element packages : SafeXml.children(root, "packages")) {
      for (Element pkg : SafeXml.children(packages, "package")) {
        for (Element classes : SafeXml.children(pkg, "classes")) {
          for (Element cls : SafeXml.children(classes, "class")) {
            String filename = SafeXml.required(name, cls, "filename");
            Coverage.add(files, repositoryPath(filename, sources, exists),
                lines(name, cls, filename));
          }
        }
      }
    }
    return new Coverage(files);
  }

  private static FileLines lines(String name, Element cls, String filename)
      throws ReportException {
    TreeSet<Integer> covered = new TreeSet<>();
    TreeSet<Integer> missed = new TreeSet<>();
    for (Element lines : SafeXml.children(cls, "lines")) {
      for (Element line : SafeXml.children(lines, "line")) {
        long number = SafeXml.count(name, line, "number");
        if (number == 0 || number > Integer.MAX_VALUE) {
          throw new ReportException(
              name, filename + ": line number " + number + " is out of range");
        }
        if (SafeXml.count(name, line, "hits") > 0) {
          covered.add((int) number);
        } else {
          missed.add((int) number);
        }
      }
    }
    return new FileLines(covered, missed);
  }

  private static String repositoryPath(
      String filename, List<String> sources, Predicate<String> exists) {
    String relative = filename;
    for (String source : sources) {
      List<String> segments = segments(source + "/" + filename);
      for (int from = 0; from < segments.size(); from++) {
        String candidate = String.join("/", segments.subList(from, segments.size()));
        if (exists.test(candidate)) {
          return candidate;
        }
      }
      String prefix = String.join("/", segments(source)) + "/";
      String file = String.join("/", segments(filename));
      if (file.startsWith(prefix)) {
        // Some writers give absolute filenames; make them relative to their source.
        relative = file.substring(prefix.length());
      }
    }
    return String.join("/", segments(relative));
  }

  /** The path's names, without empty ones and {@code .}: {@code /a//b/./c} is {@code a, b, c}. */
  private static List<String> segments(String path) {
    List<String> names = new ArrayList<>();
    for (String part : path.replace('\\', '/').split("/")) {
      if (!part.isEmpty() && !part.equals(".")) {
        names.add(part);
      }
    }
    return names;
  }
}
