package dev.junction.cli;

import dev.junction.app.ServerSetting;
import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code junction join}: this clone's commands go to a team's {@code junction serve}. */
@Command(
    name = "join",
    mixinStandardHelpOptions = true,
    description = {
      "Makes this clone a client of the team's server: its repository commands (plan, check, land, mr, "
          + "review, status and the others) are sent to URL, run there in the hub for the member the token "
          + "names, and print what they print locally, with the same exit codes.",
      "The server is kept as junction.server in the clone's git config and the token in "
          + "~/.config/junction/credentials (owner-only); JUNCTION_SERVER, JUNCTION_TOKEN and --server before "
          + "a command override them, and --leave makes the clone local again."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  junction join http://hub.example.org:7420   # token: --token, JUNCTION_TOKEN",
      "  junction join --leave",
      "%nExit codes:%n"
          + "  0  joined (or left)%n"
          + "  2  bad input (not an http(s) URL, no repository)%n"
          + "  70 internal error"
    })
final class JoinCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin Shared shared;

  @Parameters(index = "0", arity = "0..1", paramLabel = "URL", description = "The server, e.g. http://hub:7420.")
  String url;

  @Option(names = "--token", paramLabel = "TOKEN", description = "The member's token, as `junction token issue` printed it.")
  String token;

  @Option(names = "--leave", description = "Forget the server: commands run on this machine again.")
  boolean leave;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (leave == (url != null)) {
      err.println(leave ? "URL: --leave takes no URL" : "URL: name the server to join, or --leave");
      return ExitCodes.INVALID;
    }
    URI server = null;
    if (url != null) {
      try {
        server = Remote.url(url);
      } catch (IllegalArgumentException e) {
        err.println("URL: " + e.getMessage());
        return ExitCodes.INVALID;
      }
    }
    URI joined = server;
    shared.call(workspace -> {
      ServerSetting.set(workspace, java.util.Optional.ofNullable(joined));
      return workspace;
    });
    Credentials credentials = Credentials.at(shared.env());
    if (server != null && token != null) {
      credentials.store(server, token.strip());
    }
    if (shared.json) {
      Json.print(out, java.util.Map.of("server", server == null ? "" : server.toString(),
          "token", server != null && (token != null || credentials.token(server).isPresent())));
    } else if (server == null) {
      out.println("Left the server: commands run on this machine");
    } else {
      out.printf("Joined %s: repository commands go to it%s%n", server, token != null
          ? " (token stored in " + credentials.file() + ")"
          : credentials.token(server).isPresent() ? " (with the token stored before)"
          : "; no token yet: ask a coordinator (junction token issue), then join again with --token");
    }
    return ExitCodes.DONE;
  }
}
