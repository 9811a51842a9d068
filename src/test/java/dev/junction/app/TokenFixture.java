package dev.junction.app;

import dev.junction.protect.Hook;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jgit.lib.StoredConfig;

/**
 * A hub-like repository for the token, authorization and idempotency tests: {@link Plans#LEAD_AND_ONE}
 * on {@code main} and {@code coordination} (the coordination branch the hub's config names), so
 * {@code lead@x.org} is the coordinator and {@code a@x.org} a member.
 */
final class TokenFixture implements AutoCloseable {
  static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");
  static final Actor LEAD = new Actor("Lead", "lead@x.org");
  static final Actor A = new Actor("A", "a@x.org");

  final TestRepo repo;

  TokenFixture(Path dir) throws Exception {
    repo = TestRepo.init(dir);
    repo.commit("main", "chore(plan): Start [T1]\n", "junction.yaml", Plans.LEAD_AND_ONE);
    repo.branch("coordination", "main");
    StoredConfig config = repo.repo().getConfig();
    config.setString(Hook.SECTION, null, Hook.COORDINATION_KEY, "coordination");
    config.save();
  }

  /** A workspace on the fixture at {@code at}; the caller closes it. */
  Workspace at(Instant at) {
    return Workspace.over(repo.repo(), Clock.fixed(at, ZoneOffset.UTC));
  }

  @Override
  public void close() {
    repo.close();
  }
}
