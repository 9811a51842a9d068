package dev.junction.gate;

import dev.junction.gate.Coverage.FileLines;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads JaCoCo's XML report ({@code jacoco:report}, {@code report-aggregate}) into line coverage
 * by repository path.
 *
 * <p>JaCoCo names a source file by package ({@code demo}) and file name ({@code Calculator.java});
 * the repository path is found by putting each source root in front ({@code
 * src/main/java/demo/Calculator.java}). A {@code <line>} with covered instructions ({@code ci > 0})
 * is covered, even if some of its instructions were missed, as in JaCoCo's own LINE counter; one
 * with only missed instructions is missed.
 */
final class JacocoXml {
  private JacocoXml() {}

  /**
   * Reads a report whose sources lie under the first of {@code sourceRoots}; with several roots
   * and a way to ask which paths exist, use {@link #read(String, InputStream, List, Predicate)}.
   *
   * @param name how to name the file in messages
   * @param sourceRoots repository directories holding packages, such as {@code src/main/java}
   */
  static Coverage read(String name, InputStream in, List<String> sourceRoots)
      throws ReportException {
    return read(name, in, sourceRoots, path -> true);
  }

  /**
   * Reads a report, giving each source file the path under the first root at which {@code exists}
   * finds it; a file found under no root is placed under the first root.
   *
   * @param exists whether a repository path is a file, for example a lookup in the commit's tree
   */
  static Coverage read(
      String name, InputStream in, List<String> sourceRoots, Predicate<String> exists)
      throws ReportException {
    if (sourceRoots.isEmpty()) {
      throw new IllegalArgumentException("no source root for " + name);
    }
    Element root = SafeXml.root(name, SafeXml.parse(name, in), "report");
    Map<String, FileLines> files = new HashMap<>();
    // report-aggregate puts packages inside <group> elements, so look at every depth.
    NodeList packages = root.getElementsByTagName("package");
    for (int i = 0; i < packages.getLength(); i++) {
      Element pkg = (Element) packages.item(i);
      String packagePath = pkg.getAttribute("name");
      for (Element sourcefile : SafeXml.children(pkg, "sourcefile")) {
        String file = SafeXml.required(name, sourcefile, "name");
        String relative = packagePath.isEmpty() ? file : packagePath + "/" + file;
        Coverage.add(files, repositoryPath(relative, sourceRoots, exists),
            lines(name, sourcefile, relative));
      }
    }
    return new Coverage(files);
  }

  private static FileLines lines(String name, Element sourcefile, String relative)
      throws ReportException {
    TreeSet<Integer> covered = new TreeSet<>();
    TreeSet<Integer> missed = new TreeSet<>();
    for (Element line : SafeXml.children(sourcefile, "line")) {
      long nr = SafeXml.count(name, line, "nr");
      if (nr == 0 || nr > Integer.MAX_VALUE) {
        throw new ReportException(name, relative + ": line number " + nr + " is out of range");
      }
      if (SafeXml.count(name, line, "ci") > 0) {
        covered.add((int) nr);
      } else if (SafeXml.count(name, line, "mi") > 0) {
        missed.add((int) nr);
      }
    }
    return new FileLines(covered, missed);
  }

  private static String repositoryPath(
      String relative, List<String> sourceRoots, Predicate<String> exists) {
    for (String root : sourceRoots) {
      String candidate = join(root, relative);
      if (exists.test(candidate)) {
        return candidate;
      }
    }
    return join(sourceRoots.get(0), relative);
  }

  private static String join(String root, String relative) {
    String trimmed = root.replaceAll("/+$", "");
    return trimmed.isEmpty() || trimmed.equals(".") ? relative : trimmed + "/" + relative;
  }
}
