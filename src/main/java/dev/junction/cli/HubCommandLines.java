package dev.junction.cli;

import dev.junction.app.Actor;
import dev.junction.app.Workspace;
import dev.junction.server.CommandLines;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The server's {@code POST /api/cli}: a client's command line run in the served hub, by {@link RemoteRun}. */
final class HubCommandLines implements CommandLines {
  private final Path hub;
  private final Optional<Path> db;
  private final Clock clock;

  /**
   * The command lines of the hub at {@code location}, typed as the server's interface here so that
   * the serve command's own code names no server type (its verification would load it).
   */
  static CommandLines of(Workspace.Location location, Clock clock) {
    return new HubCommandLines(location, clock);
  }

  private HubCommandLines(Workspace.Location location, Clock clock) {
    this.hub = location.repository().orElse(Path.of("")).toAbsolutePath();
    this.db = location.store();
    this.clock = clock;
  }

  @Override
  public Optional<String> refusal(List<String> args) {
    return RemoteRun.refusal(args);
  }

  @Override
  public Optional<Actor> as(List<String> args) {
    return RemoteRun.as(args).map(Actor::of);
  }

  @Override
  public Ran run(List<String> args, Actor member) {
    Main.Ran ran = RemoteRun.run(args, hub, db, member, clock);
    return new Ran(ran.exit(), ran.out(), ran.err());
  }
}
