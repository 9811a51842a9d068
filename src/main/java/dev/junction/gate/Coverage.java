package dev.junction.gate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Line coverage by repository path, as a coverage gate reads it from JaCoCo or Cobertura XML. Only
 * executable lines appear; a line is covered when any of its code ran.
 *
 * @param files each file's covered and missed lines, by repository path
 */
record Coverage(Map<String, FileLines> files) {
  Coverage {
    files = Collections.unmodifiableMap(new TreeMap<>(files));
  }

  /**
   * The executable lines of one file.
   *
   * @param covered lines where some code ran
   * @param missed lines where no code ran; never also in {@code covered}
   */
  record FileLines(SortedSet<Integer> covered, SortedSet<Integer> missed) {
    FileLines {
      covered = Collections.unmodifiableSortedSet(new TreeSet<>(covered));
      TreeSet<Integer> onlyMissed = new TreeSet<>(missed);
      onlyMissed.removeAll(covered);
      missed = Collections.unmodifiableSortedSet(onlyMissed);
    }

    /** Both files' lines; a line covered in either is covered (two classes can share a line). */
    FileLines plus(FileLines other) {
      TreeSet<Integer> allCovered = new TreeSet<>(covered);
      allCovered.addAll(other.covered);
      TreeSet<Integer> allMissed = new TreeSet<>(missed);
      allMissed.addAll(other.missed);
      return new FileLines(allCovered, allMissed);
    }
  }

  /**
   * Coverage of the lines a change added.
   *
   * @param covered added executable lines that ran
   * @param missed added executable lines that did not run
   * @param uncoveredRanges per path, the missed lines as {@code {first, last}} runs of
   *     consecutive line numbers, in order; paths without missed lines are absent
   */
  record NewLines(int covered, int missed, Map<String, List<int[]>> uncoveredRanges) {
    NewLines {
      uncoveredRanges = Collections.unmodifiableMap(new TreeMap<>(uncoveredRanges));
    }

    /** Covered over counted lines; 1.0 when the change added no executable line. */
    double ratio() {
      return Coverage.ratio(covered, missed);
    }
  }

  /** Covered over all executable lines; 1.0 when the report has none. */
  double overall() {
    long covered = 0;
    long missed = 0;
    for (FileLines lines : files.values()) {
      covered += lines.covered().size();
      missed += lines.missed().size();
    }
    return ratio(covered, missed);
  }

  /**
   * Coverage of added lines. Lines the report does not list (blank, comments, declarations, or
   * files it never saw) are not executable and do not count either way.
   *
   * @param added line numbers added, by repository path
   */
  NewLines newLines(Map<String, Set<Integer>> added) {
    int covered = 0;
    int missed = 0;
    Map<String, List<int[]>> ranges = new TreeMap<>();
    for (Map.Entry<String, Set<Integer>> e : added.entrySet()) {
      FileLines lines = files.get(e.getKey());
      if (lines == null) {
        continue;
      }
      List<int[]> runs = new ArrayList<>();
      for (int line : new TreeSet<>(e.getValue())) {
        if (lines.covered().contains(line)) {
          covered++;
        } else if (lines.missed().contains(line)) {
          missed++;
          int[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
          if (last != null && last[1] == line - 1) {
            last[1] = line;
          } else {
            runs.add(new int[] {line, line});
          }
        }
      }
      if (!runs.isEmpty()) {
        ranges.put(e.getKey(), List.copyOf(runs));
      }
    }
    return new NewLines(covered, missed, ranges);
  }

  /** Adds one file's lines to {@code files}, merging with lines already there for that path. */
  static void add(Map<String, FileLines> files, String path, FileLines lines) {
    files.merge(path, lines, FileLines::plus);
  }

  private static double ratio(long covered, long missed) {
    return covered + missed == 0 ? 1.0 : (double) covered / (covered + missed);
  }
}
