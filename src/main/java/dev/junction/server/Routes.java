package dev.junction.server;

import dev.junction.app.ClashService;
import dev.junction.app.ConflictService;
import dev.junction.app.GuardService;
import dev.junction.app.InvalidInput;
import dev.junction.app.JsonContract;
import dev.junction.app.OverrideService;
import dev.junction.app.PlanService;
import dev.junction.app.RequestService;
import dev.junction.app.StatusService;
import dev.junction.conflict.Radar;
import dev.junction.plan.Disposition;
import dev.junction.plan.InputError;
import dev.junction.plan.PlanView;
import dev.junction.server.Route.Param;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The route table: every resource the server answers, each one service call rendered as the CLI
 * renders it with {@code --json}. The server registers these and the OpenAPI document describes
 * these, so the two cannot drift. The decisions that read only the refs and the store (the plan, a
 * task's readiness, a session's status, a request) are remembered while both stay as they are
 * ({@link Request#remembered}).
 */
final class Routes {
  private static final Param INTO = Param.query("into",
      "Target branch; its tip's junction.yaml is the plan (default: the coordination branch).");
  private static final Param BRANCHES = Param.repeated("branches",
      "Other open branches, a glob over refs (repeatable): refs/heads/topic/*.");

  private Routes() {}

  /** The read resources, then the OpenAPI document of them all (and of itself). */
  static List<Route> table(List<Route> extra) {
    List<Route> routes = new ArrayList<>(List.of(
        get("/api/plan", "The plan against a target: each task's state, window and blockers, the merge order and "
            + "the critical path (junction plan --json).", List.of(INTO), r -> r.remembered("", () -> {
              PlanService.Viewed viewed = r.call(w -> new PlanService(w).view(viewInput(r)));
              return Answer.of(viewed.disposition(), viewed.view());
            })),
        get("/api/board", "The task board as markdown, with the store's announcements (junction board --json).",
            List.of(INTO), r -> {
              PlanService.Board board = r.call(w -> new PlanService(w).board(
                  new PlanService.BoardInput(viewInput(r), Optional.empty())));
              return Answer.of(board.disposition(), board);
            }),
        get("/api/tasks/{id}", "One task's readiness as the plan sees it: state, window, what it waits for.",
            List.of(Param.path("id", "The task's id in junction.yaml."), INTO), r -> r.remembered("", () -> {
              PlanService.Viewed viewed = r.call(w -> new PlanService(w).view(viewInput(r)));
              String id = r.path("id");
              PlanView.TaskView task = viewed.view().tasks().stream().filter(t -> t.id().equals(id)).findFirst()
                  .orElseThrow(() -> new InvalidInput(new InputError("task", "no task '" + id + "' in the plan against "
                      + viewed.view().target())));
              return Answer.of(viewed.disposition(), task);
            })),
        get("/api/check", "The dry-run merge of one branch into the target, every finding classified; records the "
            + "conflict clock as junction check does (junction check --json).",
            List.of(Param.required("source", "The branch to check."), INTO,
                Param.query("task", "The source's task, when its changed paths do not tell."), BRANCHES), r -> {
              ConflictService.CheckInput input = new ConflictService.CheckInput(r.required("source", "source"),
                  r.query("into"), r.query("task"), r.queries("branches"));
              ConflictService.Checked checked = r.call(w -> new ConflictService(w).check(input));
              return Answer.of(checked.disposition(), checked.report());
            }),
        get("/api/radar", "Every open branch against the target and against each other: the conflict matrix and "
            + "the independent groups (junction radar --json).", List.of(INTO, BRANCHES), r -> {
              ConflictService.RadarInput input = new ConflictService.RadarInput(r.query("into"), r.queries("branches"),
                  Runtime.getRuntime().availableProcessors());
              Radar.Report report = r.call(w -> new ConflictService(w).radar(input, m -> { }));
              return Answer.of(report.disposition(), report);
            }),
        get("/api/status/{session}", "A session's STATUS file: gates, tasks, requests, reviews asked, conflicts, "
            + "escalations, rollbacks, blockers (junction status SESSION --json).",
            List.of(Param.path("session", "The session, by its id in junction.yaml."), INTO), r -> {
              // It reads the clock to the second (its time, escalation levels): that second is in the key.
              Instant now = r.clock().instant().truncatedTo(ChronoUnit.SECONDS);
              StatusService.Input input = new StatusService.Input(r.path("session"), r.query("into"), false);
              return r.remembered(now.toString(), () -> {
                StatusService.Reported reported = r.call(w -> new StatusService(w).report(input));
                return Answer.of(reported.disposition(), reported.json());
              });
            }),
        get("/api/requests", "Merge requests: open ones, or those in ?state= (junction mr list --json).",
            List.of(Param.query("state", "open (default), closed, landed, rolled-back or all.")), r -> {
              RequestService.Query query = new RequestService.Query(r.query("state").orElse("open"));
              RequestService.Listed listed = r.call(w -> new RequestService(w).list(query));
              return Answer.of(listed.disposition(), listed);
            }),
        get("/api/requests/{number}", "A merge request: its body, reviews, findings, reviewers and what its review "
            + "policy still misses (junction mr show N --json).",
            List.of(Param.path("number", "The request number.")), r -> {
              long number = r.number("number", "request");
              return r.remembered("", () -> {
                RequestService.Shown shown = r.call(w -> new RequestService(w).show(number));
                return Answer.of(shown.disposition(), shown.status());
              });
            }),
        get("/api/overrides", "Emergency overrides: open, unreviewed or recent ones, or every one with ?all "
            + "(junction override list --json).",
            List.of(Param.query("all", "true for every override ever granted.")), r -> {
              OverrideService.ListInput input = new OverrideService.ListInput(r.flag("all"));
              OverrideService.Listed listed = r.call(w -> new OverrideService(w).list(input));
              return Answer.of(listed.disposition(), JsonContract.tagged(listed));
            }),
        get("/api/guard", "What the hub's push guard enforces: protected and session branches, options, open "
            + "overrides; 409 when it is not installed (junction protect status --json).", List.of(), r -> {
              GuardService.GuardStatus status = r.call(w -> new GuardService(w).status());
              return Answer.of(status.disposition(), status);
            }),
        get("/api/clashes", "Every interface clash recorded; open ones freeze both branches "
            + "(junction clash list --json).", List.of(), r -> {
              var clashes = r.call(w -> new ClashService(w).list());
              return Answer.of(Disposition.DONE, clashes);
            })));
    routes.addAll(extra);
    // The document describes the list it is in, itself included: read when asked, once all are added.
    routes.add(get("/api/openapi.json", "This API as an OpenAPI 3.1 document, made from the route table the "
        + "server registers.", List.of(), r -> new Answer(Answer.OK, Answer.json(OpenApi.document(routes)))));
    return List.copyOf(routes);
  }

  private static PlanService.ViewInput viewInput(Request r) {
    return new PlanService.ViewInput(r.query("into"), Optional.empty());
  }

  static Route get(String path, String summary, List<Param> parameters, Route.Action action) {
    return new Route("GET", path, summary, parameters, false, action);
  }
}
