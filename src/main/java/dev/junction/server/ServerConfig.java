package dev.junction.server;

import dev.junction.app.Workspace;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a server runs: the repository and store it serves, where it listens, and its limits.
 *
 * @param host the address to listen on ({@code 127.0.0.1} unless told otherwise)
 * @param port the port; 0 for one the system picks
 * @param maxBody the largest request body taken, in bytes; a larger one is answered 413
 * @param idleTimeout how long a connection may stay silent before it is closed
 * @param heartbeat how often an event stream with nothing to say sends a comment (at least twice
 *     per idle timeout, whatever this says, so a quiet stream is not closed as a stalled client)
 * @param poll how often the event stream looks for new events in the store
 * @param commandLines what runs a client's command line ({@code POST /api/cli}); without it the
 *     server has no such resource
 */
public record ServerConfig(Workspace.Location location, Clock clock, String host, int port, long maxBody,
    Duration idleTimeout, Duration heartbeat, Duration poll, Optional<CommandLines> commandLines) {
  public static final String HOST = "127.0.0.1";
  public static final int PORT = 7420;
  public static final long MAX_BODY = 1024 * 1024;
  public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration HEARTBEAT = Duration.ofSeconds(15);
  public static final Duration POLL = Duration.ofMillis(50);

  public ServerConfig {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(heartbeat, "heartbeat");
    Objects.requireNonNull(poll, "poll");
    Objects.requireNonNull(commandLines, "commandLines");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /** The defaults, listening on {@code host:port}. */
  public static ServerConfig of(Workspace.Location location, Clock clock, String host, int port) {
    return new ServerConfig(location, clock, host, port, MAX_BODY, IDLE_TIMEOUT, HEARTBEAT, POLL, Optional.empty());
  }

  public ServerConfig withMaxBody(long bytes) {
    return new ServerConfig(location, clock, host, port, bytes, idleTimeout, heartbeat, poll, commandLines);
  }

  public ServerConfig withIdleTimeout(Duration d) {
    return new ServerConfig(location, clock, host, port, maxBody, d, heartbeat, poll, commandLines);
  }

  public ServerConfig withEvents(Duration heartbeatEvery, Duration pollEvery) {
    return new ServerConfig(location, clock, host, port, maxBody, idleTimeout, heartbeatEvery, pollEvery,
        commandLines);
  }

  public ServerConfig withCommandLines(CommandLines lines) {
    return new ServerConfig(location, clock, host, port, maxBody, idleTimeout, heartbeat, poll, Optional.of(lines));
  }
}
