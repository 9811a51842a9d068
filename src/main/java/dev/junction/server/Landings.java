package dev.junction.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.app.Actor;
import dev.junction.app.Authorization;
import dev.junction.app.InvalidInput;
import dev.junction.app.JsonContract;
import dev.junction.app.LandingJobs;
import dev.junction.app.LandingService;
import dev.junction.app.Member;
import dev.junction.app.TokenService;
import dev.junction.plan.InputError;
import dev.junction.plan.Stage;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Landings in the server's workers ({@link LandingJobs}: one lane per target): {@code POST
 * /api/landings} queues one for the token's member and answers 202 with the job at once; {@code GET
 * /api/landings/{id}} and {@code GET /api/landings} show each job's state, the steps it reported
 * and, once it ended, its outcome exactly as {@code junction land --json} prints it. Authenticated,
 * authorized and idempotent as {@code POST /api/cli} is ({@link Writes}).
 */
final class Landings {
  static final String PATH = "/api/landings";
  static final int ACCEPTED = 202;
  private static final ObjectMapper READ = new ObjectMapper();

  private final LandingJobs jobs;

  Landings(LandingJobs jobs) {
    this.jobs = jobs;
  }

  /**
   * The body: {@code junction land}'s arguments.
   *
   * @param sources the branches or task ids to land, in merge order
   * @param into the target (default: the coordination branch)
   * @param stage component, integration or phase
   * @param dryRun stop after the gates (absent: false)
   * @param as the member landed for: a coordinator's token may name another
   */
  record Body(List<String> sources, String into, String task, String stage, Boolean dryRun, Boolean failFast,
      String as) {
    LandingService.LandInput input(Actor actor) {
      if (sources == null || sources.isEmpty() || sources.stream().anyMatch(s -> s == null || s.isBlank())) {
        throw new InvalidInput(new InputError("/sources", "name the branches or tasks to land: [\"s1\"]"));
      }
      Optional<Stage> parsed = Optional.ofNullable(stage).map(word -> Arrays.stream(Stage.values())
          .filter(s -> s.word().equals(word)).findFirst()
          .orElseThrow(() -> new InvalidInput(new InputError("/stage", "expected component, integration or phase, got '"
              + word + "'"))));
      return new LandingService.LandInput(sources, Optional.ofNullable(into), Optional.ofNullable(task), parsed,
          Boolean.TRUE.equals(dryRun), Optional.of(actor), Boolean.TRUE.equals(failFast));
    }
  }

  List<Route> routes() {
    return List.of(
        new Route("POST", PATH, "Queues a landing (junction land) in its target's worker for the token's member and "
            + "answers 202 with the job, at once; Location names it. {\"sources\": [\"s1\"], \"into\", \"task\", "
            + "\"stage\", \"dryRun\", \"failFast\", \"as\"}.",
            List.of(Writes.AUTHORIZATION, Writes.IDEMPOTENCY_KEY), false, /* accepted= */ true, this::submit),
        Routes.get(PATH, "Every landing job the server keeps, oldest first: state, progress and outcome.", List.of(),
            r -> new Answer(Answer.OK, Answer.json(Map.of("landings", jobs.jobs().stream().map(Landings::json)
                .toList())))),
        Routes.get(PATH + "/{id}", "A landing job: queued, running or ended, the steps it reported, and its outcome "
            + "as junction land --json prints it.", List.of(Route.Param.path("id", "The job's id, as POST answered it.")),
            r -> jobs.job(r.path("id")).map(job -> new Answer(Answer.OK, Answer.json(json(job))))
                .orElseGet(() -> Answer.error(Answer.NOT_FOUND, "no landing job '" + r.path("id")
                    + "' (GET " + PATH + " lists those kept)"))));
  }

  private Answer submit(Request r) throws Exception {
    byte[] raw = Bodies.bytes(r.context(), r.limit());
    Optional<Member> member = Writes.member(r);
    if (member.isEmpty()) {
      return Writes.unauthorized();
    }
    Body body = Bodies.read(raw, Body.class);
    Authorization.Acting acting = Authorization.actingAs(member.get(), Optional.ofNullable(body.as()).map(Actor::of));
    if (acting instanceof Authorization.Forbidden no) {
      return Answer.error(Answer.FORBIDDEN, no.reason());
    }
    Actor actor = acting instanceof Authorization.OnBehalf onBehalf ? onBehalf.actor() : member.get().actor();
    LandingService.LandInput input = body.input(actor);
    Answer answer = Writes.once(r, member.get(), raw, () -> {
      LandingJobs.Snapshot job;
      try {
        job = jobs.submit(input);
      } catch (IllegalStateException e) {
        return Answer.error(Answer.UNAVAILABLE, "the server is stopping: it takes no more landings");
      }
      if (acting instanceof Authorization.OnBehalf onBehalf) {
        r.call(w -> new TokenService(w).recordOnBehalf(onBehalf, "POST " + PATH + " " + job.id()));
      }
      return new Answer(ACCEPTED, Answer.json(json(job)));
    });
    if (answer.status() == ACCEPTED) { // a replay too: its body names the job
      r.context().header("Location", PATH + "/" + READ.readTree(answer.body()).get("id").asText());
    }
    return answer;
  }

  /** A job as JSON: what it lands, where it stands, and its outcome as {@code junction land --json} prints it. */
  static Map<String, Object> json(LandingJobs.Snapshot job) {
    LandingService.LandInput in = job.input();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", job.id());
    out.put("state", job.state().toString());
    out.put("sources", in.sources());
    out.put("into", in.target().orElse(null));
    out.put("task", in.task().orElse(null));
    out.put("stage", in.stage().map(Stage::word).orElse(null));
    out.put("dryRun", in.dryRun());
    out.put("failFast", in.failFast());
    out.put("as", in.as().map(Actor::email).orElse(null));
    out.put("submitted", job.submitted().toString());
    out.put("started", job.started().map(Instant::toString).orElse(null));
    out.put("ended", job.ended().map(Instant::toString).orElse(null));
    out.put("progress", job.progress());
    out.put("disposition", job.disposition().map(d -> d.name().toLowerCase(Locale.ROOT)).orElse(null));
    out.put("outcome", job.outcome().map(o -> JsonContract.tagged((Record) o)).orElse(null));
    out.put("problems", job.problems().stream().map(Answer::problem).toList());
    out.put("failure", job.failure().orElse(null));
    return out;
  }
}
