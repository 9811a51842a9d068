package dev.junction.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.app.ServerSetting;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The CLI as a client of {@code junction serve}: when a server is configured ({@code --server URL}
 * before the command, else {@code JUNCTION_SERVER}, else {@code junction.server} in the
 * repository's git config, which {@code junction join} writes), a command that works on the
 * team's repository is sent to it with the member's token ({@code JUNCTION_TOKEN}, else the one
 * {@code join} stored), run there by the same command in the hub, and what it printed and its
 * exit code come back: the same text, JSON and exit codes as a local run.
 */
final class Remote {
  /** The commands a server runs for its clients; every other one runs on this machine. */
  static final List<String> COMMANDS = List.of("plan", "board", "check", "radar", "gate", "land", "rollback", "sync",
      "mr", "review", "protect", "override", "resume", "doctor", "escalations", "status", "clash", "token");
  /** Where the server's clients send a command line. */
  static final String PATH = "/api/cli";

  private Remote() {}

  /** The server to send to and the token to send. */
  record Server(URI url, Optional<String> token) {}

  /**
   * Sends {@code args} to the configured server and answers the exit code, after printing what the
   * command printed there; empty when the command runs here (no server, or a local command).
   */
  static Optional<Integer> forwarded(String[] args, Invocation invocation, Path dir, PrintWriter out, PrintWriter err) {
    Optional<String> flag = Optional.empty();
    String[] rest = args;
    if (args.length > 0 && (args[0].equals("--server") || args[0].startsWith("--server="))) {
      boolean joined = args[0].startsWith("--server=");
      if (!joined && args.length == 1) {
        err.println("--server: missing URL");
        return Optional.of(ExitCodes.INVALID);
      }
      flag = Optional.of(joined ? args[0].substring("--server=".length()) : args[1]);
      rest = Arrays.copyOfRange(args, joined ? 1 : 2, args.length);
    }
    String command = rest.length == 0 ? "" : rest[0];
    boolean remote = COMMANDS.contains(command) && !Arrays.asList(rest).contains("--help")
        && !Arrays.asList(rest).contains("-h");
    if (!remote) {
      if (flag.isPresent()) {
        err.println("--server: `junction " + (command.isEmpty() ? "" : command + " ").strip()
            + "` runs on this machine; only " + String.join(", ", COMMANDS) + " go to a server");
        return Optional.of(ExitCodes.INVALID);
      }
      return Optional.empty();
    }
    Optional<String> url = flag.or(() -> Optional.ofNullable(invocation.env().get("JUNCTION_SERVER"))
        .filter(s -> !s.isBlank())).or(() -> ServerSetting.around(dir));
    if (url.isEmpty()) {
      return Optional.empty();
    }
    URI server;
    try {
      server = url(url.get());
    } catch (IllegalArgumentException e) {
      err.println("server: " + e.getMessage());
      return Optional.of(ExitCodes.INVALID);
    }
    Optional<String> token = Optional.ofNullable(invocation.env().get("JUNCTION_TOKEN")).filter(s -> !s.isBlank())
        .or(() -> Credentials.at(invocation.env()).token(server));
    return Optional.of(send(new Server(server, token), Arrays.asList(rest), out, err));
  }

  /**
   * {@code text} as a server's base URL: {@code http} or {@code https}, a host, no query.
   *
   * @throws IllegalArgumentException naming what is wrong with it
   */
  static URI url(String text) {
    URI uri;
    try {
      uri = URI.create(text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a URL: " + text);
    }
    if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
        || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
      throw new IllegalArgumentException("not an http(s) URL of a server: " + text);
    }
    String s = uri.toString();
    return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
  }

  /** Sends one command line; prints what the server's run printed; answers its exit code. */
  static int send(Server server, List<String> args, PrintWriter out, PrintWriter err) {
    if (server.token().isEmpty()) {
      err.println("server " + server.url() + ": no token; ask a coordinator for one (junction token issue) and "
          + "run `junction join " + server.url() + " --token TOKEN`, or set JUNCTION_TOKEN");
      return ExitCodes.INVALID;
    }
    ObjectMapper json = new ObjectMapper();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("args", args);
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create(server.url() + PATH))
          .header("Authorization", "Bearer " + server.token().get())
          .header("Idempotency-Key", UUID.randomUUID().toString())
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
          .build();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> response;
    try {
      response = exchange(client, request);
    } catch (ConnectException e) {
      err.println("server " + server.url() + ": cannot connect (" + e.getMessage() + "); is `junction serve` running?");
      return ExitCodes.BLOCKED;
    } catch (IOException e) {
      err.println("server " + server.url() + ": " + e);
      return ExitCodes.BLOCKED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.BLOCKED;
    }
    JsonNode answer;
    try {
      answer = json.readTree(response.body());
    } catch (IOException e) {
      answer = null;
    }
    if (response.statusCode() == 200 && answer != null && answer.path("exit").isInt()) {
      out.print(answer.path("out").asText(""));
      out.flush();
      err.print(answer.path("err").asText(""));
      err.flush();
      return answer.path("exit").asInt();
    }
    String error = answer != null && answer.hasNonNull("error") ? answer.get("error").asText()
        : "HTTP " + response.statusCode();
    err.println("server " + server.url() + ": " + error);
    return switch (response.statusCode()) {
      case 400, 401, 413, 422 -> ExitCodes.INVALID;
      case 403 -> ExitCodes.NO;
      case 409, 423, 503 -> ExitCodes.BLOCKED;
      default -> ExitCodes.INTERNAL;
    };
  }

  /**
   * Sends {@code request}, once more with the same idempotency key when the connection broke after
   * it was sent: the server answers a retried write from what it recorded, never doing it twice.
   */
  private static HttpResponse<String> exchange(HttpClient client, HttpRequest request)
      throws IOException, InterruptedException {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException e) {
      throw e; // nothing was sent
    } catch (IOException e) {
      return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
  }
}
