package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.gate.GateProcesses;
import dev.junction.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code doctor} and {@code resume} show the records of gate processes a dead Junction process left. */
class DoctorGateProcessesTest {
  @TempDir Path dir;
  @TempDir Path elsewhere;

  @Test
  void doctorListsAMalformedRecordAndResumeRemovesIt() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "base\n", "x", "x\n");
      Path folder = GateProcesses.folder(repo.repo().getDirectory().toPath());
      Files.createDirectories(folder);
      Path file = folder.resolve("4242.json");
      Files.writeString(file, "{\"pid\": 4242, \"group\": 7}");
      Path db = elsewhere.resolve("events.db");

      CliTest.Run text = CliTest.run("doctor", "--repo", dir.toString(), "--db", db.toString());
      CliTest.Run json = CliTest.run("doctor", "--repo", dir.toString(), "--db", db.toString(), "--json");

      assertThat(text.code()).as(text.err()).isEqualTo(1);
      assertThat(text.out()).contains("Gate processes of dead Junction processes:",
          file + ": unreadable (group: 7 is neither 0 nor the pid 4242)");
      JsonNode p = json.json().get("processes").get(0);
      assertThat(p.get("state").asText()).isEqualTo("unreadable");
      assertThat(p.get("record").asText()).isEqualTo(file.toString());
      assertThat(p.has("pid") && p.has("gate") && p.has("landing") && p.has("since")).isTrue();

      CliTest.Run resumed = CliTest.run("resume", "--repo", dir.toString(), "--db", db.toString(), "--as", "ops@example.org");
      assertThat(resumed.code()).as(resumed.err()).isZero();
      assertThat(file).doesNotExist();
      assertThat(CliTest.run("doctor", "--repo", dir.toString(), "--db", db.toString()).code()).isZero();
    }
  }
}
