package dev.junction.server;

import dev.junction.app.Authorization;
import dev.junction.app.IdempotencyService;
import dev.junction.app.InvalidInput;
import dev.junction.app.Member;
import dev.junction.app.TokenService;
import dev.junction.plan.InputError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/cli}: a client's command line ({@code {"args": [...]}}) run in the hub for the
 * member its bearer token authenticates, answered as {@code {"exit", "out", "err"}}: what the
 * command printed and its exit code. No valid token is 401; a {@code --as} naming someone else
 * without a coordinator's token is 403 (with one, the run is recorded as on the member's behalf);
 * a line the server will not run is 400. With an {@code Idempotency-Key}, a retried request is
 * answered from what the first one recorded, never run twice.
 */
final class Cli {
  private static final Logger LOG = LoggerFactory.getLogger(Cli.class);
  static final String PATH = "/api/cli";

  private final CommandLines lines;

  Cli(CommandLines lines) {
    this.lines = lines;
  }

  /** The body: the command line after {@code junction}. */
  record Body(List<String> args) {}

  Route route() {
    return new Route("POST", PATH, "Runs a command line in the hub for the token's member, as junction runs it there: "
        + "{\"args\": [\"plan\", \"--json\"]} answers {\"exit\", \"out\", \"err\"}, what it printed and its exit code.",
        List.of(Route.Param.header("Authorization", "Bearer TOKEN: the member's token (junction token issue)."),
            Route.Param.header("Idempotency-Key", "A key per request: a retry with the same key is answered from the "
                + "first, never run twice.")),
        false, this::run);
  }

  private Answer run(Request r) throws Exception {
    byte[] raw = Bodies.bytes(r.context(), r.limit());
    Optional<String> bearer = Optional.ofNullable(r.context().header("Authorization"))
        .filter(h -> h.startsWith("Bearer ")).map(h -> h.substring("Bearer ".length()).strip());
    Optional<Member> member = bearer.isEmpty() ? Optional.empty()
        : r.call(w -> new TokenService(w).authenticate(bearer.get()));
    if (member.isEmpty()) {
      return Answer.error(Answer.UNAUTHORIZED, "no valid token: Authorization: Bearer TOKEN (junction token issue)");
    }
    Body body = Bodies.read(raw, Body.class);
    if (body.args() == null || body.args().stream().anyMatch(a -> a == null)) {
      throw new InvalidInput(new InputError("/args", "expected a list of strings: the command line after junction"));
    }
    Optional<String> refused = lines.refusal(body.args());
    if (refused.isPresent()) {
      throw new InvalidInput(new InputError("/args", refused.get()));
    }
    Authorization.Acting acting = Authorization.actingAs(member.get(), lines.as(body.args()));
    if (acting instanceof Authorization.Forbidden no) {
      return Answer.error(Answer.FORBIDDEN, no.reason());
    }
    Optional<String> key = Optional.ofNullable(r.context().header("Idempotency-Key"));
    String who = member.get().actor().email();
    if (key.isPresent()) {
      String hash = IdempotencyService.requestHash("POST", PATH, raw);
      IdempotencyService.Began began = r.call(w -> new IdempotencyService(w).begin(
          new IdempotencyService.Begin(who, key.get(), hash)));
      if (began instanceof IdempotencyService.Replay replay) {
        return new Answer(replay.status(), replay.body());
      }
      if (began instanceof IdempotencyService.Mismatch mismatch) {
        return Answer.error(Answer.UNPROCESSABLE, mismatch.reason());
      }
      if (began instanceof IdempotencyService.InProgress running) {
        return Answer.error(Answer.CONFLICT, running.reason());
      }
    }
    Answer answer;
    try {
      CommandLines.Ran ran = lines.run(body.args(), member.get().actor());
      if (acting instanceof Authorization.OnBehalf onBehalf) {
        r.call(w -> new TokenService(w).recordOnBehalf(onBehalf, "POST " + PATH + " " + String.join(" ",
            body.args().subList(0, Math.min(2, body.args().size())))));
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("exit", ran.exit());
      out.put("out", ran.out());
      out.put("err", ran.err());
      answer = new Answer(Answer.OK, Answer.json(out));
    } catch (RuntimeException e) {
      if (key.isPresent()) { // the retry runs it: nothing was answered
        r.call(w -> new IdempotencyService(w).release(who, key.get()));
      }
      throw e;
    }
    if (key.isPresent()) {
      Answer done = answer;
      if (!r.call(w -> new IdempotencyService(w).complete(new IdempotencyService.Complete(who, key.get(), done.status(),
          done.body())))) {
        LOG.warn("Idempotency-Key {} of {} was completed already", key.get(), who);
      }
    }
    return answer;
  }
}
