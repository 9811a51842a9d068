package dev.junction.server;

import dev.junction.app.Actor;
import java.util.List;
import java.util.Optional;

/**
 * Runs a client's command line in the served hub for a member, as {@code junction} runs it there
 * ({@code POST /api/cli}, the CLI as a client). The CLI face provides it when it starts the
 * server, so the server reaches the commands without importing the face that holds them.
 */
public interface CommandLines {
  /** Why the server will not run {@code args} (a path on the client's machine, a local command); empty when it will. */
  Optional<String> refusal(List<String> args);

  /** The member {@code args} name with {@code --as}, when they name one. */
  Optional<Actor> as(List<String> args);

  /** Runs {@code args} in the hub with {@code member} as the one who acts unless {@code --as} names another. */
  Ran run(List<String> args, Actor member);

  /** What a run printed and how it exited. */
  record Ran(int exit, String out, String err) {}
}
