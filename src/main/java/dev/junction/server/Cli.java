package dev.junction.server;

import dev.junction.app.Authorization;
import dev.junction.app.InvalidInput;
import dev.junction.app.Member;
import dev.junction.app.TokenService;
import dev.junction.plan.InputError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/cli}: a client's command line ({@code {"args": [...]}}) run in the hub for the
 * member its bearer token authenticates, answered as {@code {"exit", "out", "err"}}: what the
 * command printed and its exit code. No valid token is 401; a {@code --as} naming someone else
 * without a coordinator's token is 403 (with one, the run is recorded as on the member's behalf);
 * a line the server will not run is 400. With an {@code Idempotency-Key}, a retried request is
 * answered from what the first one recorded, never run twice.
 */
final class Cli {
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
        List.of(Writes.AUTHORIZATION, Writes.IDEMPOTENCY_KEY), false, this::run);
  }

  private Answer run(Request r) throws Exception {
    byte[] raw = Bodies.bytes(r.context(), r.limit());
    Optional<Member> member = Writes.member(r);
    if (member.isEmpty()) {
      return Writes.unauthorized();
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
    Writes.Write write = () -> Writes.once(r, member.get(), raw, () -> {
      CommandLines.Ran ran = lines.run(body.args(), member.get().actor());
      if (acting instanceof Authorization.OnBehalf onBehalf) {
        r.call(w -> new TokenService(w).recordOnBehalf(onBehalf, "POST " + PATH + " " + String.join(" ",
            body.args().subList(0, Math.min(2, body.args().size())))));
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("exit", ran.exit());
      out.put("out", ran.out());
      out.put("err", ran.err());
      return new Answer(Answer.OK, Answer.json(out));
    });
    // A landing runs its gates for minutes: off the request thread, which goes back to Jetty meanwhile.
    return body.args().isEmpty() || !body.args().get(0).equals("land") ? write.run() : r.later(write);
  }
}
