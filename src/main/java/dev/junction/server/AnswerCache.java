package dev.junction.server;

import dev.junction.app.Served;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * The answers of the read routes that are a function of the refs and the store alone (a route
 * whose answer also reads the clock puts what it reads of it in its key), each kept with the
 * {@link Served#fingerprint} it was computed under and answered again only while the fingerprint
 * is the same: a ref moved or an event appended since, by any process, and the next request
 * computes it anew. Concurrent requests for the same key and state wait for one computation.
 * Thread-safe.
 */
final class AnswerCache {
  /** How many answers are kept; past it all are dropped (keys are paths and queries clients choose). */
  static final int MAX = 512;

  private final Served served;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  AnswerCache(Served served) {
    this.served = served;
  }

  /** One answer, being computed or computed, under the state it was asked in. */
  private record Entry(String state, CompletableFuture<Answer> answer) {}

  /** The answer to {@code key} in the current state: remembered, or {@code work}'s. */
  Answer answer(String key, Writes.Write work) throws Exception {
    String state = served.fingerprint();
    Entry mine = new Entry(state, new CompletableFuture<>());
    if (entries.size() >= MAX) {
      entries.clear();
    }
    Entry found = entries.compute(key, (k, e) -> e != null && e.state().equals(state) ? e : mine);
    if (found != mine) {
      try {
        return found.answer().get();
      } catch (ExecutionException e) { // the one computing failed: this request answers its own
        return work.run();
      }
    }
    Answer answer;
    try {
      answer = work.run();
    } catch (Exception | Error e) {
      entries.remove(key, mine);
      mine.answer().completeExceptionally(e);
      throw e;
    }
    // Kept only when nothing moved while it was computed (it may have read the newer state) and it
    // is not an internal error.
    if (answer.status() >= Answer.INTERNAL || !served.fingerprint().equals(state)) {
      entries.remove(key, mine);
    }
    mine.answer().complete(answer);
    return answer;
  }
}
