package dev.junction.review;

/** Spec 6.3's size classes by changed lines (added plus deleted). */
public enum SizeClass {
  SMALL("small", 200),
  MEDIUM("medium", 500),
  LARGE("large", 1000),
  EXTRA_LARGE("extra-large", Integer.MAX_VALUE);

  private final String word;
  private final int below;

  SizeClass(String word, int below) {
    this.word = word;
    this.below = below;
  }

  public String word() {
    return word;
  }

  /** The class of a change of {@code lines} changed lines: small under 200, medium under 500, large under 1000. */
  public static SizeClass of(int lines) {
    for (SizeClass c : values()) {
      if (lines < c.below) {
        return c;
      }
    }
    return EXTRA_LARGE;
  }

  @Override
  public String toString() {
    return word;
  }
}
