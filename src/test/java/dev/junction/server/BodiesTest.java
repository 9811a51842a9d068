package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.app.InvalidInput;
import dev.junction.plan.InputError;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Request bodies read strictly, every fault named by a JSON pointer. */
class BodiesTest {
  record Finding(String text, Optional<Integer> line) {}

  record Review(long request, String verdict, List<Finding> findings) {}

  static Review read(String json) throws Exception {
    return Bodies.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), Review.class, 200);
  }

  static String pointer(String json) {
    try {
      read(json);
    } catch (InvalidInput e) {
      return ((InputError) e.problems().get(0)).field();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("read " + json);
  }

  @Test
  void readsARecord() throws Exception {
    Review r = read("{\"request\": 3, \"verdict\": \"approve\", \"findings\": [{\"text\": \"t\", \"line\": 4}]}");
    assertThat(r).isEqualTo(new Review(3, "approve", List.of(new Finding("t", Optional.of(4)))));
  }

  @Test
  void anUnknownFieldIsPointedAt() {
    assertThat(pointer("{\"request\": 3, \"verdikt\": \"approve\"}")).isEqualTo("/verdikt");
  }

  @Test
  void anUnknownFieldInsideAListIsPointedAtWithItsIndex() {
    assertThat(pointer("{\"request\": 3, \"findings\": [{\"text\": \"a\"}, {\"txt\": \"b\"}]}"))
        .isEqualTo("/findings/1/txt");
  }

  @Test
  void aMistypedFieldIsPointedAt() {
    assertThat(pointer("{\"request\": \"three\"}")).isEqualTo("/request");
  }

  @Test
  void aMissingNumberIsPointedAt() {
    assertThat(pointer("{\"request\": null, \"verdict\": \"x\"}")).isEqualTo("/request");
  }

  @Test
  void aSyntaxErrorIsPointedAtWhereTheParserWas() {
    assertThat(pointer("{\"request\": 3, \"findings\": [{\"text\": }]}")).isEqualTo("/findings/0/text");
  }

  @Test
  void anEmptyBodyIsTheWholeDocument() {
    assertThat(pointer("")).isEmpty();
    assertThat(pointer("null")).isEmpty();
  }

  @Test
  void trailingTextIsBadInput() {
    assertThatThrownBy(() -> read("{\"request\": 3} {}")).isInstanceOf(InvalidInput.class);
  }

  @Test
  void aBodyOverTheLimitIsTooLarge() {
    assertThatThrownBy(() -> read("{\"verdict\": \"" + "x".repeat(300) + "\"}")).isInstanceOf(Bodies.TooLarge.class);
  }

  @Test
  void aFieldBecomesAPointer() {
    assertThat(Answer.pointer("target")).isEqualTo("/target");
    assertThat(Answer.pointer("findings[0].text")).isEqualTo("/findings/0/text");
    assertThat(Answer.pointer("a/b~c")).isEqualTo("/a~1b~0c");
    assertThat(Answer.pointer("/already")).isEqualTo("/already");
    assertThat(Answer.pointer("")).isEmpty();
  }
}
