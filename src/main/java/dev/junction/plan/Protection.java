package dev.junction.plan;

/**
 * Push protection switches of spec section 5.
 *
 * @param signedCommits whether commits pushed to protected branches must be signed
 * @param messageConvention whether commit subjects must follow spec 6.2
 */
public record Protection(boolean signedCommits, boolean messageConvention) {
  static Protection defaults() {
    return new Protection(false, false);
  }
}
