package dev.junction.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.app.Actor;
import dev.junction.app.JsonContract;
import dev.junction.app.Member;
import dev.junction.app.PlanService;
import dev.junction.app.RequestService;
import dev.junction.app.TokenService;
import dev.junction.app.Workspace;
import dev.junction.plan.Disposition;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.eclipse.jgit.util.FileUtils;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code junction bench serve}: the server under load on the demo hub, the load from a process of
 * its own on loopback ({@link ServeLoad}), bounded in count and time.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Times junction serve on the demo repository under load from a separate process on loopback: "
          + "p50 and p99 of read decisions (the plan, a task's readiness, a session's STATUS, a request "
          + "with its policy) at --clients concurrent clients, of review writes through POST /api/cli, and of "
          + "event delivery from append to --subscribers event-stream subscribers; and the plan read "
          + "locally, in-process, beside it.",
      "Each load is bounded by --seconds and by its count of requests or events. Prints figures; "
          + "judges nothing."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  junction bench serve",
      "  junction bench serve --clients 64 --seconds 10 --subscribers 50 --json"
    })
final class BenchServeCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final BenchCommand.Exits exits;
  private final BenchCommand.Serving serving;

  @Spec CommandSpec spec;

  BenchServeCommand(BenchCommand.Exits exits, BenchCommand.Serving serving) {
    this.exits = exits;
    this.serving = serving;
  }

  @Option(names = "--clients", defaultValue = "64", description = "Concurrent reading clients (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--reads", defaultValue = "20000", description = "Reads at most (default: ${DEFAULT-VALUE}).")
  int reads;

  @Option(names = "--writers", defaultValue = "4", description = "Concurrent review writers (default: ${DEFAULT-VALUE}).")
  int writers;

  @Option(names = "--writes", defaultValue = "200", description = "Review writes at most (default: ${DEFAULT-VALUE}).")
  int writes;

  @Option(names = "--subscribers", defaultValue = "50", description = "Event-stream subscribers (default: ${DEFAULT-VALUE}).")
  int subscribers;

  @Option(names = "--events", defaultValue = "20", description = "Events appended for them (default: ${DEFAULT-VALUE}).")
  int events;

  @Option(names = "--seconds", defaultValue = "10", description = "Time bound of each load (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (clients < 1 || reads < 1 || writers < 1 || writes < 1 || subscribers < 1 || events < 1 || seconds < 1) {
      throw BenchCommand.invalid("--clients", "clients, reads, writers, writes, subscribers, events and seconds must be positive");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("junction-bench-serve-");
    try {
      progress(out, "building the demo repository in " + dir);
      Path demo = serving.demo(dir.resolve("demo"));
      Workspace.Location location = Workspace.Location.of(demo);
      Clock clock = Clock.systemUTC();
      String reader;
      String writer;
      long request;
      Map<String, Object> local = new LinkedHashMap<>();
      try (Workspace w = Workspace.open(location, clock)) {
        Optional<Actor> coordinator = Optional.of(Actor.of("coordinator@infrafabric.example"));
        reader = issue(w, "session-1@infrafabric.example", coordinator);
        writer = issue(w, "session-2@infrafabric.example", coordinator);
        request = new RequestService(w).list(new RequestService.Query("open")).requests().stream()
            .mapToLong(RequestService.Summary::number).findFirst()
            .orElseThrow(() -> new IllegalStateException("the demo left no open merge request"));
        local.put("plan", ServeLoad.figures(timeLocally(() -> new PlanService(w).view(
            new PlanService.ViewInput(Optional.empty(), Optional.empty())))));
      }
      Map<String, Object> result = new LinkedHashMap<>();
      try (BenchCommand.Served server = serving.start(location, clock)) {
        String url = server.url();
        List<String> paths = List.of("/api/plan", "/api/tasks/P0.4.4", "/api/status/session-1",
            "/api/requests/" + request);
        warm(url, paths);
        progress(out, "reads: " + clients + " clients, at most " + reads + " requests or " + seconds + " s");
        result.put("reads", load(List.of("get", url, reader, "" + clients, "" + seconds, "" + reads), paths));
        String review = JSON.writeValueAsString(List.of("review", "" + request, "--comment"));
        progress(out, "review writes: " + writers + " writers, at most " + writes + " or " + seconds + " s");
        result.put("writes", load(List.of("cli", url, writer, "" + writers, "" + seconds, "" + writes), List.of(review)));
        progress(out, "events: " + subscribers + " subscribers, " + events + " events");
        result.put("events", subscribe(url, reader, review, writer));
        result.put("local", local);
      }
      print(out, result);
    } finally {
      FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY);
    }
    return exits.of(Disposition.DONE);
  }

  private void progress(PrintWriter out, String line) {
    if (!json) {
      out.println("bench serve: " + line);
      out.flush();
    }
  }

  private static String issue(Workspace w, String member, Optional<Actor> as) throws IOException {
    TokenService.IssueOutcome issued = new TokenService(w).issue(new TokenService.IssueInput(member, Member.Role.MEMBER,
        TokenService.DEFAULT_TTL, as));
    if (!(issued instanceof TokenService.Issued i)) {
      throw new IllegalStateException("cannot issue a token to " + member + ": " + issued);
    }
    return i.secret();
  }

  /** The plan read in this process, after warm-up: what a local {@code junction plan} spends past start-up. */
  private static List<Long> timeLocally(Callable<Object> read) throws Exception {
    for (int i = 0; i < 20; i++) {
      read.call();
    }
    List<Long> nanos = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      long start = System.nanoTime();
      read.call();
      nanos.add(System.nanoTime() - start);
    }
    return nanos;
  }

  /** A few requests of each read, so the server's JIT has seen them before the load counts. */
  private static void warm(String url, List<String> paths) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < 30; i++) {
      for (String p : paths) {
        http.send(HttpRequest.newBuilder(URI.create(url + p)).GET().build(), HttpResponse.BodyHandlers.discarding());
      }
    }
  }

  /** Runs {@link ServeLoad} in a process of its own and answers what it printed last. */
  private JsonNode load(List<String> head, List<String> rest) throws IOException, InterruptedException {
    Process p = start(head, rest);
    String last = null;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        last = line;
      }
    }
    return finished(p, last);
  }

  /** Subscribers in a process of their own; once they are all there, {@code events} review comments are appended. */
  private JsonNode subscribe(String url, String token, String review, String writer)
      throws IOException, InterruptedException {
    Process p = start(List.of("sse", url, token, "" + subscribers, "" + seconds, "" + events), List.of());
    String last = null;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String ready = in.readLine();
      if (!"ready".equals(ready)) {
        throw new IllegalStateException("the subscribers did not start: " + ready);
      }
      Thread.sleep(500); // each has sent its request; let the stream's first poll pass
      HttpClient http = HttpClient.newHttpClient();
      for (int i = 0; i < events; i++) {
        http.send(HttpRequest.newBuilder(URI.create(url + "/api/cli")).header("Authorization", "Bearer " + writer)
            .header("Idempotency-Key", UUID.randomUUID().toString()).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"args\": " + review + "}")).build(),
            HttpResponse.BodyHandlers.discarding());
        Thread.sleep(100);
      }
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        last = line;
      }
    }
    return finished(p, last);
  }

  private static Process start(List<String> head, List<String> rest) throws IOException {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), ServeLoad.class.getName()));
    command.addAll(head);
    command.addAll(rest);
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  private static JsonNode finished(Process p, String last) throws IOException, InterruptedException {
    if (p.waitFor() != 0 || last == null) {
      throw new IOException("the load process failed (exit " + p.exitValue() + ")");
    }
    LoggerFactory.getLogger(BenchServeCommand.class).debug("load: {}", last);
    return JSON.readTree(last);
  }

  private void print(PrintWriter out, Map<String, Object> result) {
    if (json) {
      out.println(JsonContract.write(result));
      return;
    }
    out.printf("%-34s %8s %9s %9s %9s%n", "decision", "count", "p50 ms", "p99 ms", "max ms");
    JsonNode reads = (JsonNode) result.get("reads");
    reads.get("paths").fields().forEachRemaining(e -> row(out, "GET " + e.getKey(), e.getValue()));
    row(out, "all reads (" + reads.get("clients").asInt() + " clients)", reads.get("all"));
    row(out, "review write (POST /api/cli)", ((JsonNode) result.get("writes")).get("all"));
    JsonNode ev = (JsonNode) result.get("events");
    row(out, "event delivery (" + ev.get("subscribers").asInt() + " subscribers)", ev.get("all"));
    @SuppressWarnings("unchecked")
    Map<String, Object> plan = (Map<String, Object>) ((Map<String, Object>) result.get("local")).get("plan");
    row(out, "plan in-process (no HTTP)", JSON.valueToTree(plan));
    int failed = reads.get("failed").asInt() + ((JsonNode) result.get("writes")).get("failed").asInt()
        + ev.get("failed").asInt();
    out.printf("failed requests: %d; load from a separate process on loopback%n", failed);
  }

  private static void row(PrintWriter out, String name, JsonNode f) {
    out.printf("%-34s %8d %9.2f %9.2f %9.2f%n", name, f.get("count").asInt(), f.get("p50").asDouble(),
        f.get("p99").asDouble(), f.get("max").asDouble());
  }
}
