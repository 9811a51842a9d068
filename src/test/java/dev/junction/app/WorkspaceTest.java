package dev.junction.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.testing.TestRepo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who acts: the actor given (a name and an e-mail, or an e-mail alone), else git's identity. */
class WorkspaceTest {
  static final Instant NOW = Instant.parse("2026-11-24T07:00:00Z");

  @TempDir Path dir;
  TestRepo repo;
  Workspace workspace;

  @BeforeEach
  void setUp() throws Exception {
    repo = TestRepo.init(dir);
    StoredConfig config = repo.repo().getConfig();
    config.setString("user", null, "name", "Git Person");
    config.setString("user", null, "email", "git@example.org");
    workspace = Workspace.over(repo.repo(), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void tearDown() {
    workspace.close();
    repo.close();
  }

  @Test
  void anActorWithANameAndAnEmailKeepsBoth() {
    Actor seven = new Actor("Session 7 (bus adapters)", "session-7@example.org");

    assertThat(workspace.actor(Optional.of(seven))).isEqualTo(seven);
    PersonIdent ident = workspace.ident(Optional.of(seven));
    assertThat(ident.getName()).isEqualTo("Session 7 (bus adapters)");
    assertThat(ident.getEmailAddress()).isEqualTo("session-7@example.org");
    assertThat(ident.getWhenAsInstant()).isEqualTo(NOW);
  }

  @Test
  void anEmailAloneIsTheNameTooAsTheCliSaysIt() {
    assertThat(workspace.actor(Optional.of(Actor.of("lead@example.org"))))
        .isEqualTo(new Actor("lead@example.org", "lead@example.org"));
  }

  @Test
  void noActorIsGitsIdentityAndBlanksAreJunction() {
    assertThat(workspace.actor(Optional.empty())).isEqualTo(new Actor("Git Person", "git@example.org"));
    assertThat(workspace.actor(Optional.of(Actor.of(" ")))).isEqualTo(new Actor("Junction", "junction@localhost"));
    assertThat(workspace.actor(Optional.of(new Actor("", "a@example.org")))).isEqualTo(new Actor("Junction", "a@example.org"));
  }
}
