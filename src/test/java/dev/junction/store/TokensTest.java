package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokens and idempotency tables: their keys decide, also between two stores on one file. */
class TokensTest {
  static final Instant AT = Instant.parse("2026-11-24T09:00:00Z");
  static final StoreEvent.TokenIssued ISSUED = new StoreEvent.TokenIssued("00000000000000a1", "a@x.org", "A", "member",
      "ab".repeat(32), "lead@x.org", AT, AT.plusSeconds(3600));

  @TempDir Path dir;

  @Test
  void aTokenIdIsIssuedOnceAndRevokedOnceAcrossStores() throws Exception {
    try (EventStore one = EventStore.sqlite(dir.resolve("junction.db"));
        EventStore two = EventStore.sqlite(dir.resolve("junction.db"))) {
      assertThat(one.tokens().issue(ISSUED)).isTrue();
      assertThat(two.tokens().issue(ISSUED)).isFalse();
      assertThat(one.events(StoreEvent.TokenIssued.class)).singleElement()
          .satisfies(e -> assertThat(e.subject()).isEqualTo("token:00000000000000a1"));
      Tokens.Token t = two.tokens().token(ISSUED.id()).orElseThrow();
      assertThat(t.validAt(AT)).isTrue();
      assertThat(t.validAt(AT.plusSeconds(3600))).isFalse();

      StoreEvent.TokenRevoked revoked = new StoreEvent.TokenRevoked(ISSUED.id(), "lead@x.org", AT.plusSeconds(60));
      assertThat(one.tokens().revoke(revoked)).isTrue();
      assertThat(two.tokens().revoke(revoked)).isFalse();
      assertThat(one.tokens().revoke(new StoreEvent.TokenRevoked("ffffffffffffffff", "lead@x.org", AT))).isFalse();
      assertThat(two.tokens().token(ISSUED.id()).orElseThrow().revokedAt()).contains(AT.plusSeconds(60));
      assertThat(one.events(StoreEvent.TokenRevoked.class)).hasSize(1);
    }
  }

  @Test
  void anIdempotencyKeyIsTakenOnceAndKeepsItsResponse() throws Exception {
    try (EventStore one = EventStore.sqlite(dir.resolve("junction.db"));
        EventStore two = EventStore.sqlite(dir.resolve("junction.db"))) {
      assertThat(one.idempotency().take("a@x.org", "k", "h", AT)).isEmpty();
      assertThat(two.idempotency().take("a@x.org", "k", "h2", AT)).hasValueSatisfying(e -> {
        assertThat(e.requestHash()).isEqualTo("h");
        assertThat(e.status()).isEmpty();
      });
      assertThat(two.idempotency().complete("a@x.org", "k", 201, "{}", AT)).isTrue();
      assertThat(one.idempotency().entry("a@x.org", "k")).map(Idempotency.Entry::status).contains(Optional.of(201));
      assertThat(one.idempotency().release("a@x.org", "k")).isFalse();
      assertThat(one.idempotency().entry("b@x.org", "k")).isEmpty();
      assertThat(one.events(StoreEvent.class)).isEmpty();
    }
  }
}
