package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.app.InterfaceClashFixture;
import dev.junction.testing.TestRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction check}, {@code land} and {@code clash} on two branches that clash on {@code Api.run}: exit codes. */
class ClashCliTest {
  @TempDir Path dir;

  @Test
  void landOfAFrozenBranchExitsThreeAndOnlyACoordinatorResolves() throws Exception {
    try (TestRepo repo = InterfaceClashFixture.build(dir)) {
      String at = dir.toString();
      assertThat(CliTest.run("check", "s1", "--repo", at).code()).isEqualTo(1);
      CliTest.Run land = CliTest.run("land", "s1", "--repo", at, "--as", "one@example.org");
      assertThat(land.code()).as(land.out() + land.err()).isEqualTo(3);
      assertThat(land.out() + land.err()).contains("frozen: interface clash on Api.java: Api.run with s2");
      CliTest.Run list = CliTest.run("clash", "list", "--repo", at, "--json");
      assertThat(list.code()).isZero();
      long id = list.json().get(0).get("id").asLong();
      assertThat(CliTest.run("clash", "list", "--repo", at).out()).contains("BLOCKED: interface conflict");
      assertThat(CliTest.run("clash", "resolve", Long.toString(id), "--agreed", "long a, long b", "--repo", at,
          "--as", "one@example.org").code()).isEqualTo(1);
      CliTest.Run resolved = CliTest.run("clash", "resolve", Long.toString(id), "--agreed", "long a, long b", "--repo", at,
          "--as", "lead@example.org");
      assertThat(resolved.code()).as(resolved.err()).isZero();
      assertThat(resolved.out()).contains("resolved_by: lead@example.org");
      assertThat(CliTest.run("clash", "resolve", "999", "--agreed", "x", "--repo", at).code()).isEqualTo(2);
      assertThat(CliTest.run("land", "s1", "--repo", at, "--as", "one@example.org").code()).isZero();
    }
  }
}
