package dev.junction.app;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.junction.plan.Disposition;
import dev.junction.plan.InputError;
import dev.junction.store.Idempotency;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Idempotency keys of the server's writes (issue 15, "Safe for agents"): a retried request never
 * lands, opens or approves twice. Each authenticated member has their own keys. The first request
 * with a key {@link #begin begins} and runs, then {@link #complete completes} with its response;
 * a retry of the same request gets that response again; the same key on another request is
 * refused; a retry while the first still runs is told to wait. The store's primary key decides
 * who is first, also between threads and processes.
 */
public final class IdempotencyService {
  /** The longest key taken. */
  public static final int MAX_KEY = 255;
  private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1," + MAX_KEY + "}");

  private final Workspace workspace;

  public IdempotencyService(Workspace workspace) {
    this.workspace = Objects.requireNonNull(workspace, "workspace");
  }

  /**
   * {@code member}'s request with {@code key} (the {@code Idempotency-Key} header) and
   * {@code requestHash} ({@link #requestHash}). {@code member} is the e-mail of the member the
   * token authenticates ({@link Member#actor}), also when a coordinator acts on someone's behalf:
   * keys are the sender's.
   */
  public record Begin(String member, String key, String requestHash) {
    public Begin {
      Objects.requireNonNull(member, "member");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(requestHash, "requestHash");
    }
  }

  /** The response a request with a key gave: to replay on a retry. */
  public record Complete(String member, String key, int status, String body) {
    public Complete {
      Objects.requireNonNull(member, "member");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(body, "body");
    }
  }

  /** How a request with a key begins. */
  public sealed interface Began {
    Disposition disposition();
  }

  /** The key is new: run the request, then {@link #complete} it (or {@link #release} it when it fails). */
  @JsonTypeName("new")
  public record New() implements Began {
    @Override
    public Disposition disposition() {
      return Disposition.DONE;
    }
  }

  /** The same request ran with this key: answer its response again, and run nothing. */
  @JsonTypeName("replay")
  public record Replay(int status, String body) implements Began {
    @Override
    public Disposition disposition() {
      return Disposition.DONE;
    }
  }

  /** The key was used for another request (the server answers 422). */
  @JsonTypeName("mismatch")
  public record Mismatch(String reason) implements Began {
    @Override
    public Disposition disposition() {
      return Disposition.NO;
    }
  }

  /** The request with this key still runs: retry later (the server answers 409). */
  @JsonTypeName("in-progress")
  public record InProgress(String reason) implements Began {
    @Override
    public Disposition disposition() {
      return Disposition.BLOCKED;
    }
  }

  /**
   * Takes the key, or says what holds it.
   *
   * @throws InvalidInput naming {@code idempotencyKey} for a key that is empty, longer than
   *     {@value #MAX_KEY} characters, or not printable ASCII without spaces
   */
  public Began begin(Begin b) throws IOException {
    if (!KEY.matcher(b.key()).matches()) {
      throw new InvalidInput(new InputError("idempotencyKey", "an Idempotency-Key is 1 to " + MAX_KEY
          + " printable ASCII characters without spaces"));
    }
    Optional<Idempotency.Entry> held = workspace.store().idempotency().take(b.member(), b.key(), b.requestHash(),
        workspace.clock().instant());
    if (held.isEmpty()) {
      return new New();
    }
    Idempotency.Entry e = held.get();
    if (!e.requestHash().equals(b.requestHash())) {
      return new Mismatch("Idempotency-Key " + b.key() + " was used for another request at " + e.createdAt()
          + ": a new request takes a new key");
    }
    if (e.status().isEmpty()) {
      return new InProgress("the request with Idempotency-Key " + b.key() + " began at " + e.createdAt()
          + " and still runs: retry later");
    }
    return new Replay(e.status().get(), e.body().orElse(""));
  }

  /** Records the response of the request that began with the key; false when it was not begun or completed already. */
  public boolean complete(Complete c) throws IOException {
    return workspace.store().idempotency().complete(c.member(), c.key(), c.status(), c.body(),
        workspace.clock().instant());
  }

  /**
   * Gives the key back when its request failed before it answered (an internal error), so that a
   * retry runs it; false when it was not begun or completed already.
   */
  public boolean release(String member, String key) throws IOException {
    return workspace.store().idempotency().release(member, key);
  }

  /**
   * Gives up the keys of requests that began before {@code before} and never completed: for a
   * server starting, {@code before} its start, whose earlier process died with requests running
   * (their retries then run again instead of waiting for ever). Answers how many.
   */
  public int releaseUnfinished(Instant before) throws IOException {
    return workspace.store().idempotency().releaseUnfinished(before);
  }

  /**
   * The hash that tells one request from another: SHA-256 (hex) of its method, path and body, each
   * length-prefixed so that no two requests run together into one.
   */
  public static String requestHash(String method, String path, byte[] body) {
    byte[] m = method.getBytes(StandardCharsets.UTF_8);
    byte[] p = path.getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    for (byte[] part : new byte[][] {m, p, body}) {
      all.writeBytes((part.length + ":").getBytes(StandardCharsets.US_ASCII));
      all.writeBytes(part);
    }
    try {
      return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(all.toByteArray()));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
