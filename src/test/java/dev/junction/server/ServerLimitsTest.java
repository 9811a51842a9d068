package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.app.InvalidInput;
import dev.junction.app.Workspace;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What keeps the server safe from its clients, and the OpenAPI document against the routes registered. */
class ServerLimitsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final long LIMIT = 1024;

  @TempDir static Path dir;
  static Server server;

  @BeforeAll
  static void start() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "chore: plan\n", "junction.yaml", Plans.ONE_SESSION);
    }
    server = Server.start(ServerConfig.of(Workspace.Location.of(dir), Clock.systemUTC(), ServerConfig.HOST, 0)
        .withMaxBody(LIMIT).withIdleTimeout(Duration.ofMillis(300)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aBodyOverTheLimitIsRefusedWith413() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/plan"))
        .POST(HttpRequest.BodyPublishers.ofString("x".repeat((int) LIMIT + 1))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(JSON.readTree(r.body()).get("error").asText()).contains("1024");
  }

  @Test
  void aBodyWithinTheLimitReachesTheRouting() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/plan"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(405); // GET only: the limit let it through to the routing
    assertThat(JSON.readTree(r.body()).get("error").asText()).contains("POST is not allowed on /api/plan");
  }

  @Test
  void aStalledClientIsDroppedAfterTheIdleTimeout() throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(ServerConfig.HOST, server.port()));
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write("GET /api/plan HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII)); // never ends
      out.flush();
      long started = System.nanoTime();
      InputStream in = socket.getInputStream();
      while (in.read() >= 0) {
        // whatever the server says before it closes (a 408, or nothing)
      }
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void theOpenApiDocumentDescribesEveryRouteRegisteredAndNoOther() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/openapi.json")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode doc = JSON.readTree(r.body());
    assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
    Set<String> documented = new HashSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
        String method = methods.next();
        documented.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
        JsonNode op = path.getValue().get(method);
        assertThat(op.get("summary").asText()).as(path.getKey()).isNotBlank();
        assertThat(op.get("responses").has("200") || op.get("responses").has("202")).as(path.getKey()).isTrue();
      }
    }
    assertThat(documented).containsExactlyInAnyOrderElementsOf(server.registered());
    assertThat(documented).contains("GET /api/plan", "GET /api/tasks/{id}", "GET /api/openapi.json");
  }

  @Test
  void pathParametersAreDocumentedAsRequired() throws Exception {
    JsonNode doc = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/openapi.json"))
        .build(), HttpResponse.BodyHandlers.ofString()).body());
    JsonNode param = doc.get("paths").get("/api/tasks/{id}").get("get").get("parameters").get(0);
    assertThat(param.get("name").asText()).isEqualTo("id");
    assertThat(param.get("in").asText()).isEqualTo("path");
    assertThat(param.get("required").asBoolean()).isTrue();
  }

  @Test
  void closingTwiceIsClosingOnce() throws Exception {
    Server other = Server.start(ServerConfig.of(Workspace.Location.of(dir), Clock.systemUTC(), ServerConfig.HOST, 0));
    other.close();
    other.close();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HTTP.send(HttpRequest.newBuilder(URI.create(other.url()
        + "/api/plan")).build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);
  }

  @Test
  void noRepositoryIsBadInputBeforeListening(@TempDir Path empty) {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Server.start(ServerConfig.of(Workspace.Location.of(empty),
        Clock.systemUTC(), ServerConfig.HOST, 0))).isInstanceOf(InvalidInput.class);
  }

  @Test
  void aPortInUseCannotBeListenedOn() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Server.start(ServerConfig.of(Workspace.Location.of(dir),
        Clock.systemUTC(), ServerConfig.HOST, server.port()))).isInstanceOf(java.net.BindException.class);
  }
}
