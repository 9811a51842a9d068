package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction serve} as its own process: the line it prints on start, a request, and a stop by a signal. */
@Tag("process")
class ServeProcessTest {
  private static final Pattern LISTENING = Pattern.compile("junction serve: listening on (http://127\\.0\\.0\\.1:\\d+)");

  @ParameterizedTest(name = "{0}")
  @CsvSource({"TERM, 143", "INT, 130"})
  void printsWhereItListensAnswersAndStopsOnASignal(String signal, int exit, @TempDir Path dir) throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "chore: plan\n", "junction.yaml", Plans.ONE_SESSION);
    }
    Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "serve", "--repo", dir.toString(), "--listen", "127.0.0.1:0")).redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).isNotNull();
      Matcher m = LISTENING.matcher(line);
      assertThat(m.matches()).as(line).isTrue();
      HttpResponse<String> plan = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(m.group(1)
          + "/api/plan?into=main")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);
      assertThat(plan.body()).contains("\"target\" : \"main\"");
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isEqualTo(exit); // 128 + the signal, once the shutdown hook stopped the server
    } finally {
      p.destroyForcibly();
    }
  }
}
