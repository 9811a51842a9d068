package dev.junction.server;

import dev.junction.app.IdempotencyService;
import dev.junction.app.Member;
import dev.junction.app.TokenService;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every authenticated write of the server shares ({@code POST /api/cli},
 * {@code POST /api/landings}): the member its bearer token authenticates, and its
 * {@code Idempotency-Key}, under which a retried request is answered from the first and never
 * run twice.
 */
final class Writes {
  private static final Logger LOG = LoggerFactory.getLogger(Writes.class);
  static final Route.Param AUTHORIZATION = Route.Param.header("Authorization",
      "Bearer TOKEN: the member's token (junction token issue).");
  static final Route.Param IDEMPOTENCY_KEY = Route.Param.header("Idempotency-Key",
      "A key per request: a retry with the same key is answered from the first, never run twice.");

  private Writes() {}

  /** The member the request's bearer token authenticates; empty without a valid one. */
  static Optional<Member> member(Request r) throws Exception {
    Optional<String> bearer = Optional.ofNullable(r.context().header("Authorization"))
        .filter(h -> h.startsWith("Bearer ")).map(h -> h.substring("Bearer ".length()).strip());
    return bearer.isEmpty() ? Optional.empty() : r.call(w -> new TokenService(w).authenticate(bearer.get()));
  }

  /** The answer to a write without a valid token. */
  static Answer unauthorized() {
    return Answer.error(Answer.UNAUTHORIZED, "no valid token: Authorization: Bearer TOKEN (junction token issue)");
  }

  /** What a write does, once: its answer. */
  @FunctionalInterface
  interface Write {
    Answer run() throws Exception;
  }

  /**
   * Runs {@code write} for {@code member}, at most once per {@code Idempotency-Key} of theirs:
   * without a key it simply runs; a retry of the same request (method, path, {@code raw} body) is
   * answered what the first answered; the key on another request is 422, and while the first still
   * runs, 409. A write that fails before it answers gives its key back, so its retry runs.
   */
  static Answer once(Request r, Member member, byte[] raw, Write write) throws Exception {
    Optional<String> key = Optional.ofNullable(r.context().header("Idempotency-Key"));
    if (key.isEmpty()) {
      return write.run();
    }
    String who = member.actor().email();
    String hash = IdempotencyService.requestHash(r.context().method().name(), r.context().path(), raw);
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
    Answer answer;
    try {
      answer = write.run();
    } catch (Exception e) {
      r.call(w -> new IdempotencyService(w).release(who, key.get())); // the retry runs it: nothing was answered
      throw e;
    }
    if (!r.call(w -> new IdempotencyService(w).complete(new IdempotencyService.Complete(who, key.get(),
        answer.status(), answer.body())))) {
      LOG.warn("Idempotency-Key {} of {} was completed already", key.get(), who);
    }
    return answer;
  }
}
