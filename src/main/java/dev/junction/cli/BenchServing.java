package dev.junction.cli;

import dev.junction.app.Workspace;
import dev.junction.bench.BenchCommand;
import dev.junction.demo.Demo;
import dev.junction.server.Server;
import dev.junction.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What {@code bench serve} needs of the faces: the shipped demo repository, and a server started
 * as {@code junction serve} starts it (with this face's command lines) on a free loopback port.
 * Its own class, so that only {@code bench serve} reaches the server's classes.
 */
final class BenchServing implements BenchCommand.Serving {
  @Override
  public Path demo(Path dir) throws Exception {
    return Demo.run(dir, m -> { }).built().directory();
  }

  @Override
  public BenchCommand.Served start(Workspace.Location location, Clock clock) throws IOException {
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
