package dev.junction.gate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The real reports under {@code src/test/resources/reports/} (see PROVENANCE.md there), and the
 * ways the tests spoil them.
 */
final class Fixtures {
  /** Bytes no report format accepts: a NUL, bytes that are not UTF-8, then stray text. */
  static final byte[] GARBAGE = concat(
      new byte[] {0, (byte) 0xff, (byte) 0xfe, 0x13},
      "<<<{{ not a report ]]>".getBytes(StandardCharsets.US_ASCII));

  private Fixtures() {}

  /** A fixture's bytes, by its path under {@code reports/}. */
  static byte[] bytes(String path) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/reports/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture reports/" + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static InputStream open(String path) {
    return new ByteArrayInputStream(bytes(path));
  }

  static InputStream of(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Where to cut a fixture: its first byte, each quarter, and just before its last closing
   * {@code >}, {@code ]} or {@code }} (so the document ends one character early; whitespace after
   * it would still leave a whole document).
   */
  static IntStream cuts(byte[] content) {
    int last = content.length - 1;
    while (last > 0 && "}]>".indexOf(content[last]) < 0) {
      last--;
    }
    int n = content.length;
    return IntStream.of(1, n / 4, n / 2, 3 * n / 4, last).distinct();
  }

  /** A stream whose every read fails, as a file on a vanished disk would. */
  static InputStream failing() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("disk gone");
      }
    };
  }

  /** The first {@code length} bytes of {@code content}, as a stream. */
  static InputStream cut(byte[] content, int length) {
    return new ByteArrayInputStream(Arrays.copyOf(content, length));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
