package dev.junction.gate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The last lines of a gate's log, for a failure no report explains ({@link Verdict#logTail}):
 * at most {@value #LINES} lines, each cut at {@value #WIDTH} characters, read from at most the
 * last {@value #BYTES} bytes of the file, whatever its size. The log is a command's output, so
 * anything may be in it: bytes that are not UTF-8 read as U+FFFD, terminal colour and cursor
 * sequences ({@code ESC[31m}) are dropped, and every other control character but the tab reads
 * as U+FFFD; of a line a carriage return rewrote (a progress bar), the text after the last one.
 */
public final class LogTail {
  /** How many lines at most. */
  public static final int LINES = 20;

  /** How many characters of a line at most; a longer one ends in {@link #CUT}. */
  public static final int WIDTH = 200;

  /** How many bytes at the end of the log are read at most. */
  public static final int BYTES = 64 * 1024;

  /** What ends a line cut at {@link #WIDTH}. */
  public static final String CUT = " [...]";

  private static final Pattern ESCAPES = Pattern.compile("\u001b(\\[[0-?]*[ -/]*[@-~]|\\][^\u0007\u001b]*(\u0007|\u001b\\\\)?|[@-Z\\\\-_])");

  private LogTail() {}

  /** The last lines of {@code log}; none when it is missing, unreadable or holds nothing but blank lines. */
  public static List<String> of(Path log) {
    return of(log, 0);
  }

  /**
   * The last lines of what {@code log} holds from byte {@code from} on: a log is appended to, so
   * one run's output starts where the file ended before it.
   */
  public static List<String> of(Path log, long from) {
    byte[] bytes;
    boolean whole;
    try (SeekableByteChannel in = Files.newByteChannel(log)) {
      long size = in.size();
      long start = Math.max(Math.max(0, from), size - BYTES);
      whole = start == Math.max(0, from);
      in.position(Math.min(start, size));
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.max(0, Math.min(size - start, BYTES)));
      while (buffer.hasRemaining() && in.read(buffer) > 0) {
        // read on until the buffer is full or the file ends (it may have shrunk meanwhile)
      }
      bytes = java.util.Arrays.copyOf(buffer.array(), buffer.position());
    } catch (IOException e) {
      return List.of(); // a log that is gone or cannot be read shows nothing: the reasons and its path still do
    }
    String text = new String(bytes, StandardCharsets.UTF_8); // what is not UTF-8 reads as U+FFFD
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    if (!whole && !lines.isEmpty()) {
      lines.remove(0); // read from the middle of a line: only whole lines are shown
    }
    List<String> shown = new ArrayList<>();
    for (String line : lines) {
      shown.add(clean(line));
    }
    while (!shown.isEmpty() && shown.get(shown.size() - 1).isBlank()) {
      shown.remove(shown.size() - 1);
    }
    return List.copyOf(shown.subList(Math.max(0, shown.size() - LINES), shown.size()));
  }

  /** One line as a terminal would end up showing it, without its control characters, cut at {@link #WIDTH}. */
  static String clean(String line) {
    String s = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    int cr = s.lastIndexOf('\r');
    if (cr >= 0) {
      s = s.substring(cr + 1);
    }
    s = ESCAPES.matcher(s).replaceAll("");
    StringBuilder b = new StringBuilder(Math.min(s.length(), WIDTH + CUT.length()));
    int count = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (count == WIDTH) {
        return b.append(CUT).toString();
      }
      boolean control = (cp < 0x20 && cp != '\t') || (cp >= 0x7f && cp < 0xa0);
      b.appendCodePoint(control ? 0xfffd : cp);
      count++;
      i += Character.charCount(cp);
    }
    return b.toString();
  }
}
