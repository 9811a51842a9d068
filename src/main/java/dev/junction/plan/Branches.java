package dev.junction.plan;

import java.util.List;

/**
 * The branches of spec appendix A.
 *
 * @param main the branch a validated phase lands on
 * @param coordination the shared branch session work lands on
 * @param sessionPatterns globs every session branch name must match ({@code claude/*})
 * @param featurePrefix prefix of feature branches ({@code feature/})
 * @param hotfixPrefix prefix of hotfix branches ({@code hotfix/})
 */
public record Branches(
    String main,
    String coordination,
    List<String> sessionPatterns,
    String featurePrefix,
    String hotfixPrefix) {

  public Branches {
    sessionPatterns = List.copyOf(sessionPatterns);
  }
}
