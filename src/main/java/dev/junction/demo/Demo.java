package dev.junction.demo;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.junction.app.ConflictService;
import dev.junction.app.PlanService;
import dev.junction.app.Workspace;
import dev.junction.conflict.Check;
import dev.junction.conflict.Radar;
import dev.junction.git.SystemConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The shipped example, end to end: builds a repository for the InfraFabric Phase 0 example
 * ({@link DemoRepository}), plays its second window through Junction, then looks at the result as
 * a session would: the plan and the task board ({@link PlanService}), a conflict check of session
 * 5's branch and the radar ({@link ConflictService}).
 */
public final class Demo {
  private Demo() {}

  /** The session whose branch the demo checks against coordination. */
  static final String CHECKED_SESSION = "session-5";

  /** One thing the story did (the command a person would have typed), with what Junction answered. */
  public record Step(String command, String task, Object outcome) {}

  /** A commit a session made on its branch in the story (session 7's fix), with the files it wrote. */
  @JsonTypeName("committed")
  public record Committed(String branch, String commit, String subject, List<String> files) {
    public Committed {
      files = List.copyOf(files);
    }
  }

  /** What was built and played: the tasks merged by hand into coordination, then the story. */
  public record Built(Path directory, String coordination, List<String> history, List<Step> story) {
    public Built {
      history = List.copyOf(history);
      story = List.copyOf(story);
    }
  }

  /**
   * The demo as played, with what plan, board, check and radar say about the repository afterwards.
   *
   * @param board the task board as markdown, with the store's announcements (the rollback)
   */
  public record Played(Built built, PlanService.Viewed plan, String board, Check.Report check, Radar.Report radar) {}

  /**
   * Builds the demo repository in {@code dir} (new or empty), plays the story and looks at it.
   *
   * @param progress told what each long step is doing
   */
  public static Played run(Path dir, Consumer<String> progress) throws IOException, GitAPIException {
    SystemConfig.locate();
    DemoClock clock = new DemoClock();
    Built built = DemoRepository.build(dir, clock, progress);
    try (Repository repo = new FileRepositoryBuilder().setWorkTree(dir.toFile()).setMustExist(true).build();
        Workspace workspace = Workspace.over(repo, clock)) {
      PlanService plans = new PlanService(workspace);
      PlanService.ViewInput coordination = new PlanService.ViewInput(Optional.empty(), Optional.empty());
      PlanService.Viewed viewed = plans.view(coordination);
      String checked = viewed.plan().session(CHECKED_SESSION).flatMap(s -> s.branch()).orElseThrow();
      // Check.run rather than ConflictService.check: the demo shows a check, it does not start the
      // conflict clock that `junction check` keeps in the store. The service would record the
      // pair's conflict at the demo's time (2025-11-12), so the first `junction check` or
      // `junction escalations` a person runs in the demo repository would find it open for a year,
      // at spec 3.3's highest level, and the store would hold an event the story never had.
      Check.Outcome check = Check.run(repo, workspace.engine(), new Check.Request(checked, Optional.empty(),
          Optional.empty(), List.of()));
      Radar.Report radar = new ConflictService(workspace).radar(
          new ConflictService.RadarInput(Optional.empty(), List.of(), 2), m -> { });
      String board = plans.board(new PlanService.BoardInput(coordination, Optional.empty())).markdown();
      return new Played(built, viewed, board, (Check.Report) check, radar);
    }
  }
}
