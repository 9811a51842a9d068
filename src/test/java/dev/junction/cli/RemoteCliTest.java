package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.junction.app.Actor;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a client: a command line sent to a server over real HTTP on loopback, run there in the
 * hub for the token's member, printed here as a local run prints it; and what the server refuses.
 */
class RemoteCliTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String TOKEN = "jct_test_a";

  @TempDir Path dir;
  @TempDir Path home;
  @TempDir Path clone;
  TestRepo hub;
  HttpServer server;
  String url;
  final List<String> keys = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    hub = TestRepo.init(dir);
    hub.commit("main", "chore: plan\n", "junction.yaml", Plans.REVIEWS);
    hub.branch("coordination", "main");
    hub.branch("sa", "main");
    hub.commit("sa", "feat: store\n", "src/store.py", "x = 1\n");
    hub.git("config", "user.email", "hub-admin@x.org");
    // A stand-in for junction serve's route: the token names a@x.org; the command runs in the hub.
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(Remote.PATH, exchange -> {
      byte[] answer;
      int status = 200;
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
      JsonNode body = JSON.readTree(exchange.getRequestBody());
      List<String> args = new ArrayList<>();
      body.get("args").forEach(a -> args.add(a.asText()));
      Optional<String> refused = RemoteRun.refusal(args);
      if (!("Bearer " + TOKEN).equals(auth)) {
        status = 401;
        answer = JSON.writeValueAsBytes(Map.of("error", "no valid token"));
      } else if (refused.isPresent()) {
        status = 400;
        answer = JSON.writeValueAsBytes(Map.of("error", refused.get()));
      } else {
        Main.Ran ran = RemoteRun.run(args, dir, Optional.empty(), new Actor("A", "a@x.org"), Clock.systemUTC());
        answer = JSON.writeValueAsBytes(Map.of("exit", ran.exit(), "out", ran.out(), "err", ran.err()));
      }
      exchange.sendResponseHeaders(status, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void tearDown() {
    server.stop(0);
    hub.close();
  }

  CliTest.Run run(Map<String, String> env, Path cwd, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), Clock.systemUTC(),
        new Invocation(env, false, cwd));
    return new CliTest.Run(code, out.toString(), err.toString());
  }

  Map<String, String> client() {
    return Map.of("JUNCTION_SERVER", url, "JUNCTION_TOKEN", TOKEN, "XDG_CONFIG_HOME", home.toString());
  }

  @Test
  void aCommandThroughTheServerPrintsWhatItPrintsInTheHubAndActsAsTheTokensMember() throws Exception {
    CliTest.Run local = run(Map.of(), dir, "plan", "--json", "--repo", dir.toString());
    CliTest.Run remote = run(client(), clone, "plan", "--json");
    assertThat(remote.code()).as(remote.err()).isZero();
    assertThat(remote.out()).isEqualTo(local.out());

    CliTest.Run opened = run(client(), clone, "mr", "open", "T1", "--json");
    assertThat(opened.code()).as(opened.err()).isZero();
    assertThat(opened.json().get("request").get("author").asText())
        .as("the token's member, not the hub's git identity").isEqualTo("a@x.org");
    CliTest.Run own = run(client(), clone, "review", "1", "--approve");
    assertThat(own.code()).isEqualTo(1);
    assertThat(own.out()).contains("Not allowed: a@x.org opened request #1");
    assertThat(run(client(), clone, "mr", "show", "7").code()).as("bad input keeps its exit code").isEqualTo(2);
    assertThat(keys).doesNotContainNull().doesNotHaveDuplicates();
  }

  @Test
  void whatWouldReachPastTheHubIsRefusedByTheServer() throws Exception {
    assertThat(RemoteRun.refusal(List.of("plan", "--json"))).isEmpty();
    assertThat(RemoteRun.refusal(List.of("mr", "open", "T1", "--as", "b@x.org"))).isEmpty();
    assertThat(RemoteRun.as(List.of("mr", "open", "T1", "--as", "b@x.org"))).contains("b@x.org");
    assertThat(RemoteRun.as(List.of("review", "1", "--as=b@x.org"))).contains("b@x.org");
    assertThat(RemoteRun.as(List.of("plan"))).isEmpty();
    for (List<String> line : List.<List<String>>of(List.of("plan", "--repo", "/etc"), List.of("plan", "--db", "/tmp/x.db"),
        List.of("plan", "--file", "/etc/passwd"), List.of("board", "--write", "/tmp/board.md"),
        List.of("-C", "/", "plan"), List.of("demo", "/tmp/d"), List.of("join", url), List.of(),
        List.of("protect", "install", "/tmp/hub.git"))) {
      assertThat(RemoteRun.refusal(line)).as(line.toString()).isPresent();
    }
    CliTest.Run refused = run(client(), clone, "board", "--write", "board.md");
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("--write names a path on your machine");
    assertThat(Files.exists(dir.resolve("board.md"))).isFalse();
  }

  @Test
  void noTokenAWrongTokenAndNoServerAreOneLineEachWithTheirExitCodes() throws Exception {
    CliTest.Run none = run(Map.of("JUNCTION_SERVER", url, "XDG_CONFIG_HOME", home.toString()), clone, "plan");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("no token", "junction join");
    CliTest.Run wrong = run(Map.of("JUNCTION_SERVER", url, "JUNCTION_TOKEN", "jct_forged"), clone, "plan");
    assertThat(wrong.code()).isEqualTo(2);
    assertThat(wrong.err()).contains("no valid token");
    server.stop(0);
    CliTest.Run gone = run(client(), clone, "plan");
    assertThat(gone.code()).isEqualTo(3);
    assertThat(gone.err()).contains("cannot connect");
    assertThat(run(client(), clone, "--server", "ftp://x", "plan").code()).isEqualTo(2);
    assertThat(run(client(), clone, "--server", url, "demo").err()).contains("runs on this machine");
    assertThat(run(client(), dir, "plan", "--help").code()).as("help is local").isZero();
  }

  @Test
  void joinKeepsTheServerInTheCloneAndTheTokenOwnerOnly() throws Exception {
    try (TestRepo mine = TestRepo.init(clone)) {
      mine.commit("main", "init\n", "README", "r\n");
      Map<String, String> env = Map.of("XDG_CONFIG_HOME", home.toString());
      CliTest.Run joined = run(env, clone, "-C", clone.toString(), "join", url + "/", "--token", TOKEN);
      assertThat(joined.code()).as(joined.err()).isZero();
      assertThat(mine.git("config", "junction.server").trim()).isEqualTo(url);
      Path credentials = home.resolve("junction/credentials");
      assertThat(Files.readString(credentials, StandardCharsets.ISO_8859_1)).contains(TOKEN);
      assertThat(Files.getPosixFilePermissions(credentials))
          .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
      assertThat(Files.readString(clone.resolve(".git/config"))).doesNotContain(TOKEN);

      CliTest.Run status = run(env, clone, "plan", "--json");
      assertThat(status.code()).as(status.err()).isZero();
      assertThat(status.out()).isEqualTo(run(Map.of(), dir, "plan", "--json", "--repo", dir.toString()).out());

      assertThat(run(env, clone, "-C", clone.toString(), "join", "--leave").code()).isZero();
      assertThat(run(env, clone, "-C", clone.toString(), "plan").code()).as("local again: this clone has no plan")
          .isEqualTo(2);
      assertThat(run(env, clone, "-C", clone.toString(), "join").code()).isEqualTo(2);
      assertThat(run(env, clone, "-C", clone.toString(), "join", "not a url").code()).isEqualTo(2);
      assertThat(Files.readString(clone.resolve(".git/config"))).doesNotContain("server");
    }
  }
}
