package dev.junction.app;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.junction.git.AtomicFile;
import dev.junction.git.PlanSource;
import dev.junction.git.PlanStatus;
import dev.junction.plan.Disposition;
import dev.junction.plan.Plan;
import dev.junction.plan.PlanView;
import dev.junction.report.Announcements;
import dev.junction.report.OverrideLog;
import dev.junction.report.TaskBoard;
import dev.junction.store.EventStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The plan against a target (each task's state, window and blockers; merge order; critical path)
 * and the task board rendered from it. Reads git and, for the board's announcements, the store
 * when there is one; never creates a store and never starts a merge engine.
 */
public final class PlanService {
  private final Workspace workspace;

  public PlanService(Workspace workspace) {
    this.workspace = Objects.requireNonNull(workspace, "workspace");
  }

  /**
   * What to view.
   *
   * @param target the branch whose tip holds the plan and whose history counts (default: the
   *     coordination branch of the work tree's or HEAD's plan)
   * @param planFile a plan read from this file instead of the target's tip (to try one before committing it)
   */
  public record ViewInput(Optional<String> target, Optional<Path> planFile) {
    public ViewInput {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(planFile, "planFile");
    }
  }

  /**
   * The board to render.
   *
   * @param write a file to write the board to (replaced atomically); empty to only answer it
   */
  public record BoardInput(ViewInput plan, Optional<Path> write) {
    public BoardInput {
      Objects.requireNonNull(plan, "plan");
      Objects.requireNonNull(write, "write");
    }
  }

  /** How viewing the plan ended. */
  public sealed interface ViewOutcome {
    Disposition disposition();
  }

  /** The plan as seen from the target's tip. */
  @JsonTypeName("viewed")
  public record Viewed(Plan plan, PlanSource.Tip tip, PlanView view) implements ViewOutcome {
    @Override
    public Disposition disposition() {
      return Disposition.DONE;
    }
  }

  /** How rendering the board ended. */
  public sealed interface BoardOutcome {
    Disposition disposition();
  }

  /**
   * The board as markdown.
   *
   * @param target the branch it was rendered against
   * @param written the file it was written to, when one was asked for
   */
  @JsonTypeName("board")
  public record Board(String target, Optional<String> written, String markdown) implements BoardOutcome {
    @Override
    public Disposition disposition() {
      return Disposition.DONE;
    }
  }

  /**
   * The plan against the target.
   *
   * @throws InvalidInput when the plan is invalid or cannot be found, or the target does not exist
   */
  public Viewed view(ViewInput input) throws IOException {
    PlanStatus.Outcome outcome = PlanStatus.view(workspace.repository(),
        new PlanStatus.Request(input.target(), input.planFile()));
    if (outcome instanceof PlanStatus.Invalid invalid) {
      throw InvalidInput.of(invalid.errors());
    }
    PlanStatus.Viewed viewed = (PlanStatus.Viewed) outcome;
    return new Viewed(viewed.plan(), viewed.tip(),
        ClashService.frozen(workspace, viewed.plan(), viewed.tip(), viewed.view()));
  }

  /**
   * The task board with the store's announcements (rollbacks, emergency overrides, escalations)
   * and, after them, the overrides still open or recent with their pushes and review, written to {@code input.write()} when given; nothing is written when the plan is invalid.
   *
   * @throws InvalidInput as {@link #view} does
   */
  public Board board(BoardInput input) throws IOException {
    Viewed viewed = view(input.plan());
    Optional<EventStore> store = workspace.existingStore();
    List<TaskBoard.Event> events = store.isPresent() ? Announcements.board(store.get()) : List.of();
    String markdown = markdown(viewed.plan(), viewed.tip(), viewed.view(), events);
    if (store.isPresent()) { // spec 5.4: open and recent overrides, what was pushed under them, their review
      Instant now = workspace.clock().instant();
      markdown += OverrideLog.section(OverrideLog.read(store.get(), now), now);
    }
    if (input.write().isPresent()) {
      AtomicFile.write(input.write().get(), markdown, AtomicFile.SHARED);
    }
    return new Board(viewed.view().target(), input.write().map(Path::toString), markdown);
  }

  /** The board of {@code view} at {@code tip}, titled after the plan's project. */
  public static String markdown(Plan plan, PlanSource.Tip tip, PlanView view, List<TaskBoard.Event> events) {
    String project = plan.project().isEmpty() ? "Junction" : plan.project();
    return TaskBoard.markdown(project + " task board", view, tip.id().abbreviate(10).name(), events);
  }
}
