package dev.junction.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The load {@code junction bench serve} puts on a server, from a process of its own on loopback:
 * closed-loop clients each sending one request at a time, bounded in count and in time, or event
 * stream subscribers timing each event from its append to its arrival. Prints one JSON object of
 * latencies in milliseconds on standard output.
 *
 * <pre>
 * get URL TOKEN CLIENTS SECONDS REQUESTS PATH...     reads, round-robin over the paths
 * cli URL TOKEN CLIENTS SECONDS REQUESTS JSON_ARGS   POST /api/cli with that command line, a key each
 * sse URL TOKEN SUBSCRIBERS SECONDS EVENTS           prints "ready" once all subscribed, then times EVENTS events
 * </pre>
 */
public final class ServeLoad {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ServeLoad() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    String mode = args[0];
    URI url = URI.create(args[1]);
    String token = args[2];
    int clients = Integer.parseInt(args[3]);
    Duration limit = Duration.ofSeconds(Long.parseLong(args[4]));
    int count = Integer.parseInt(args[5]);
    List<String> rest = Arrays.asList(args).subList(6, args.length);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .executor(Executors.newFixedThreadPool(Math.max(4, clients / 4))).connectTimeout(Duration.ofSeconds(10)).build();
    Map<String, Object> result = switch (mode) {
      case "get" -> requests(clients, limit, count, rest, path -> HttpRequest.newBuilder(url.resolve(path)).GET()
          .header("Authorization", "Bearer " + token).build(), http);
      case "cli" -> requests(clients, limit, count, List.of("/api/cli"), path -> HttpRequest.newBuilder(url.resolve(path))
          .header("Authorization", "Bearer " + token).header("Idempotency-Key", UUID.randomUUID().toString())
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"args\": " + rest.get(0) + "}")).build(), http);
      case "sse" -> events(url, token, clients, limit, count, http, out);
      default -> throw new IllegalArgumentException("mode: get, cli or sse, not " + mode);
    };
    out.println(JSON.writeValueAsString(result));
    System.exit(0);
  }

  /** How one request is made. */
  @FunctionalInterface
  private interface Make {
    HttpRequest to(String path);
  }

  private static Map<String, Object> requests(int clients, Duration limit, int count, List<String> paths, Make make,
      HttpClient http) throws InterruptedException {
    Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    long deadline = System.nanoTime() + limit.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    for (int c = 0; c < clients; c++) {
      pool.execute(() -> {
        Map<String, List<Long>> mine = new LinkedHashMap<>();
        for (int n = sent.getAndIncrement(); n < count && System.nanoTime() < deadline; n = sent.getAndIncrement()) {
          String path = paths.get(n % paths.size());
          long start = System.nanoTime();
          try {
            HttpResponse<byte[]> r = http.send(make.to(path), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() >= 300) {
              failed.incrementAndGet();
            }
          } catch (Exception e) {
            failed.incrementAndGet();
            continue;
          }
          mine.computeIfAbsent(path, p -> new ArrayList<>()).add(System.nanoTime() - start);
        }
        mine.forEach((p, l) -> latencies.computeIfAbsent(p, k -> java.util.Collections.synchronizedList(
            new ArrayList<>())).addAll(l));
      });
    }
    pool.shutdown();
    pool.awaitTermination(limit.toSeconds() + 60, TimeUnit.SECONDS);
    Map<String, Object> result = new LinkedHashMap<>();
    List<Long> all = new ArrayList<>();
    Map<String, Object> each = new LinkedHashMap<>();
    for (String p : paths) {
      List<Long> l = latencies.getOrDefault(p, List.of());
      all.addAll(l);
      each.put(p, figures(l));
    }
    result.put("clients", clients);
    result.put("failed", failed.get());
    result.put("all", figures(all));
    result.put("paths", each);
    return result;
  }

  private static Map<String, Object> events(URI url, String token, int subscribers, Duration limit, int count,
      HttpClient http, PrintStream out) throws InterruptedException {
    CountDownLatch subscribed = new CountDownLatch(subscribers);
    List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicInteger failed = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(subscribers);
    for (int s = 0; s < subscribers; s++) {
      pool.execute(() -> {
        try {
          HttpResponse<Stream<String>> r = http.send(HttpRequest.newBuilder(url.resolve("/api/events"))
              .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).GET().build(),
              HttpResponse.BodyHandlers.ofLines());
          subscribed.countDown();
          int seen = 0;
          StringBuilder data = new StringBuilder(); // an event's data lines, until the blank line that ends it
          for (Iterator<String> lines = r.body().iterator(); seen < count && lines.hasNext(); ) {
            String line = lines.next();
            if (line.startsWith("data:")) {
              data.append(line.substring(line.startsWith("data: ") ? 6 : 5)).append('\n');
            } else if (line.isEmpty() && data.length() > 0) {
              JsonNode event = JSON.readTree(data.toString());
              data.setLength(0);
              Instant at = Instant.parse(event.get("at").asText());
              latencies.add(Duration.between(at, Instant.now()).toNanos());
              seen++;
            }
          }
          r.body().close();
        } catch (Exception e) {
          failed.incrementAndGet();
          subscribed.countDown();
        }
      });
    }
    subscribed.await(60, TimeUnit.SECONDS);
    out.println("ready");
    pool.shutdown();
    if (!pool.awaitTermination(limit.toSeconds(), TimeUnit.SECONDS)) {
      pool.shutdownNow();
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("subscribers", subscribers);
    result.put("failed", failed.get());
    result.put("all", figures(new ArrayList<>(latencies)));
    return result;
  }

  /** Count, p50, p99 and max of {@code nanos}, in milliseconds. */
  static Map<String, Object> figures(List<Long> nanos) {
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("count", sorted.length);
    f.put("p50", sorted.length == 0 ? 0 : sorted[(int) Math.floor(0.50 * (sorted.length - 1))] / 1e6);
    f.put("p99", sorted.length == 0 ? 0 : sorted[(int) Math.ceil(0.99 * (sorted.length - 1))] / 1e6);
    f.put("max", sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    return f;
  }
}
