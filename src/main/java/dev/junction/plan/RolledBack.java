package dev.junction.plan;

/**
 * A task's landing that Junction's own revert took out of the target (spec 8.2), and nothing has
 * landed it again since.
 *
 * @param merge the full id of the landing merge that was reverted
 * @param revert the full id of the revert on the target's first-parent chain
 * @param reason why, as the revert says
 */
public record RolledBack(String merge, String revert, String reason) {}
