package dev.junction.cli;

import dev.junction.app.InvalidInput;
import dev.junction.plan.InputError;
import dev.junction.server.Server;
import dev.junction.server.ServerConfig;
import java.io.PrintWriter;
import java.net.BindException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code junction serve}: the server face over the repository's services. Only {@link #call}
 * reaches the server's classes, so Javalin and Jetty stay off every other command's start-up
 * (this class is loaded and verified with the others: its signatures and catch clauses name JDK
 * and picocli types only).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the repository's plan, board, tasks, checks, radar, STATUS, merge requests, overrides, "
          + "guard status and clashes as JSON over HTTP, until SIGTERM or SIGINT stops it.",
      "Each body is what the matching command prints with --json; the outcome sets the status (200 done, "
          + "409 the answer is no, 400 bad input with a JSON pointer, 423 blocked, 500 internal); "
          + "GET /api/openapi.json describes every resource.",
      "It lands in its workers for a token's member (POST /api/landings, one worker per target; "
          + "GET /api/landings/ID shows the progress and the outcome) and runs joined clones' command lines "
          + "(POST /api/cli).",
      "Before it listens it completes or undoes, as junction resume does, the landings a killed process left. "
          + "On start it prints one line on standard output, junction serve: listening on http://HOST:PORT "
          + "(with --json, an object with its url); on a stop it finishes the requests in flight."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  junction serve",
      "  junction serve --repo /srv/git/infrafabric.git --listen 127.0.0.1:7420",
      "  junction serve --listen 127.0.0.1:0 --json   # a port the system picks",
      "%nExit codes:%n"
          + "  0  stopped%n"
          + "  2  bad input (not a repository, an address that is not HOST:PORT)%n"
          + "  3  the address is in use or cannot be listened on%n"
          + "  70 internal error"
    })
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin Shared shared;

  @Option(names = "--listen", paramLabel = "HOST:PORT",
      description = "Where to listen (default: 127.0.0.1:7420; port 0 picks a free one).")
  String listen = ServerConfig.HOST + ":" + ServerConfig.PORT;

  @Override
  public Integer call() throws Exception {
    Address address = Address.parse(listen);
    Server server;
    try {
      server = Server.start(ServerConfig.of(shared.location(), shared.clock(), address.host(), address.port())
          .withCommandLines(HubCommandLines.of(shared.location(), shared.clock())));
    } catch (BindException e) {
      spec.commandLine().getErr().println("serve: " + e.getMessage());
      return ExitCodes.BLOCKED;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runnable stop = server::close; // a lambda naming Server would put it in a signature picocli's reflection loads
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.run();
      stopped.countDown();
    }, "junction-serve-stop"));
    PrintWriter out = spec.commandLine().getOut();
    if (shared.json) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("url", server.url());
      json.put("port", server.port());
      Json.print(out, json);
    } else {
      out.println("junction serve: listening on " + server.url());
    }
    out.flush();
    stopped.await();
    return ExitCodes.DONE;
  }

  /** A {@code --listen} address: {@code HOST:PORT}, an IPv6 host in brackets. */
  record Address(String host, int port) {
    static Address parse(String text) {
      int colon = text.lastIndexOf(':');
      if (colon <= 0 || colon == text.length() - 1) {
        throw bad(text);
      }
      String host = text.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port;
      try {
        port = Integer.parseInt(text.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw bad(text);
      }
      if (port < 0 || port > 65535 || host.isEmpty()) {
        throw bad(text);
      }
      return new Address(host, port);
    }

    private static InvalidInput bad(String text) {
      return new InvalidInput(new InputError("listen", "expected HOST:PORT (127.0.0.1:7420), got '" + text + "'"));
    }
  }
}
