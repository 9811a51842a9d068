package dev.junction.conflict;

import dev.junction.git.CheckReads;
import dev.junction.git.MergeResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.merge.MergeAlgorithm;
import org.eclipse.jgit.merge.MergeChunk;
import org.eclipse.jgit.merge.MergeChunk.ConflictState;

/**
 * The conflicting regions of a text file, computed by a three-way merge of its base, ours and
 * theirs blobs. Reading the engine's blobs rather than scanning a result for {@code <<<<<<<} means
 * a file that itself contains conflict-marker text is never misread.
 */
final class Hunks {
  private static final int MAX_BYTES = 8 << 20;

  private Hunks() {}

  static List<Finding.Hunk> of(CheckReads reads, MergeResult.Stages stages) throws IOException {
    if (stages.ours().isEmpty() || stages.theirs().isEmpty()) {
      return List.of();
    }
    RawText base = text(reads, stages.base()).orElse(RawText.EMPTY_TEXT);
    Optional<RawText> ours = text(reads, stages.ours());
    Optional<RawText> theirs = text(reads, stages.theirs());
    if (ours.isEmpty() || theirs.isEmpty()) {
      return List.of();
    }
    org.eclipse.jgit.merge.MergeResult<RawText> merged =
        new MergeAlgorithm().merge(RawTextComparator.DEFAULT, base, ours.get(), theirs.get());
    List<Finding.Hunk> hunks = new ArrayList<>();
    List<String> oursLines = null;
    int line = 0;
    for (MergeChunk chunk : merged) {
      if (chunk.getConflictState() == ConflictState.FIRST_CONFLICTING_RANGE) {
        oursLines = lines(ours.get(), chunk.getBegin(), chunk.getEnd());
        line = chunk.getBegin() + 1;
      } else if (chunk.getConflictState() == ConflictState.NEXT_CONFLICTING_RANGE && oursLines != null
          && chunk.getSequenceIndex() == 2) {
        hunks.add(new Finding.Hunk(line, oursLines, lines(theirs.get(), chunk.getBegin(), chunk.getEnd())));
        oursLines = null;
      }
    }
    return hunks;
  }

  private static Optional<RawText> text(CheckReads reads, Optional<ObjectId> blob) throws IOException {
    if (blob.isEmpty()) {
      return Optional.empty();
    }
    byte[] bytes = reads.bytes(blob.get(), MAX_BYTES + 1);
    if (bytes.length > MAX_BYTES) {
      try (ObjectReader reader = reads.repository().newObjectReader()) {
        bytes = reader.open(blob.get()).getCachedBytes(MAX_BYTES); // too large: JGit refuses it its own way
      }
    }
    return RawText.isBinary(bytes) ? Optional.empty() : Optional.of(new RawText(bytes));
  }

  private static List<String> lines(RawText text, int begin, int end) {
    List<String> out = new ArrayList<>(end - begin);
    for (int i = begin; i < end; i++) {
      out.add(text.getString(i));
    }
    return out;
  }
}
