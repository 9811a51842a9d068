package dev.junction.cli;

import dev.junction.app.Workspace;
import dev.junction.bench.BenchCommand;
import dev.junction.server.Server;
import dev.junction.server.ServerConfig;
import java.io.IOException;
import java.time.Clock;

/**
 * {@code bench serve}'s server, started as {@code junction serve} starts it (with this face's
 * command lines) on a free loopback port. Its own class, so that only {@code bench serve} loads
 * the server's classes: {@link Main} names it in a lambda's body alone.
 */
final class BenchServing {
  private BenchServing() {}

  static BenchCommand.Served start(Workspace.Location location, Clock clock) throws IOException {
    Server server = Server.start(ServerConfig.of(location, clock, "127.0.0.1", 0)
        .withCommandLines(HubCommandLines.of(location, clock)));
    return new BenchCommand.Served() {
      @Override
      public String url() {
        return server.url();
      }

      @Override
      public void close() {
        server.close();
      }
    };
  }
}
