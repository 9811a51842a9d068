package dev.junction.app;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * Text for a terminal, with every character that could steer it written out visibly: branch
 * names, paths, titles and reasons come from sessions, and a carriage return, an escape sequence
 * or a bidirectional override in one of them could print a fake verdict over the real one. Line
 * feeds and tabs pass; other C0 and C1 controls and DEL become {@code \xNN} ({@code \r} stays
 * {@code \r}); the bidirectional embedding, override and isolate characters become
 * {@code \}{@code uNNNN}, which inside a JSON string is the same character, so JSON passes too
 * (its writer already escapes every control character).
 */
public final class TerminalText extends FilterWriter {
  public TerminalText(Writer out) {
    super(out);
  }

  /** {@code text} with every steering character written out, for one value or a whole page. */
  public static String escape(String text) {
    StringBuilder b = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String e = escaped(c);
      if (e != null && b == null) {
        b = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (b != null) {
        if (e == null) {
          b.append(c);
        } else {
          b.append(e);
        }
      }
    }
    return b == null ? text : b.toString();
  }

  /** How {@code c} is written out, or null when it passes as it is. */
  static String escaped(char c) {
    if (c == '\n' || c == '\t') {
      return null;
    }
    if (c == '\r') {
      return "\\r";
    }
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      return String.format("\\x%02x", (int) c);
    }
    if ((c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')) {
      return String.format("\\u%04x", (int) c);
    }
    return null;
  }

  @Override
  public void write(int c) throws IOException {
    String e = escaped((char) c);
    if (e == null) {
      out.write(c);
    } else {
      out.write(e);
    }
  }

  @Override
  public void write(char[] buf, int off, int len) throws IOException {
    out.write(escape(new String(buf, off, len)));
  }

  @Override
  public void write(String str, int off, int len) throws IOException {
    out.write(escape(str.substring(off, off + len)));
  }
}
