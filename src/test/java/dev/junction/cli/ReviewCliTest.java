package dev.junction.cli;

import static dev.junction.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction mr} and {@code junction review}: text, JSON and exit codes. */
class ReviewCliTest {
  @Test
  void openReviewShowListAndClose(@TempDir Path dir) throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "chore: plan\n", "junction.yaml", Plans.REVIEWS);
      repo.branch("coordination", "main");
      repo.branch("sa", "main");
      repo.commit("sa", "feat: store\n", "src/store.py", "x = 1\n");
      String r = dir.toString();

      CliTest.Run bad = run("mr", "open", "sa", "--repo", r, "--as", "a@x.org", "--title", "store stuff");
      assertThat(bad.code()).isEqualTo(1);
      assertThat(bad.out()).contains("Refused:", "not in the form type(scope)", "suggested title: feat(store): Store stuff [T1]");
      assertThat(run("mr", "open", "sa", "--repo", r, "--as", "a@x.org", "--type", "nonsense").code()).isEqualTo(2);
      assertThat(run("mr", "open", "sa", "--repo", r, "--as", "nobody@x.org").err()).contains("is not a member");

      CliTest.Run opened = run("mr", "open", "T1", "--repo", r, "--as", "a@x.org", "--json");
      assertThat(opened.code()).as(opened.err()).isZero();
      JsonNode json = opened.json();
      assertThat(json.get("outcome").asText()).isEqualTo("opened");
      assertThat(json.get("request").get("number").asInt()).isEqualTo(1);
      assertThat(json.get("policy").get("missing")).hasSize(1);

      CliTest.Run own = run("review", "1", "--approve", "--repo", r, "--as", "a@x.org");
      assertThat(own.code()).isEqualTo(1);
      assertThat(own.out()).contains("Not allowed: a@x.org opened request #1");
      assertThat(run("review", "1", "--repo", r, "--as", "b@x.org").code()).isEqualTo(2);
      assertThat(run("review", "1", "--approve", "--finding", "oops", "--repo", r, "--as", "b@x.org").err())
          .contains("--finding:1: 'oops' is not 'severity: [path[:line]] text'");
      CliTest.Run critical = run("review", "1", "--request-changes", "--finding", "critical: src/store.py:1 not atomic",
          "--repo", r, "--as", "b@x.org");
      assertThat(critical.code()).isZero();
      assertThat(critical.out()).contains("review policy: NOT met", "critical finding #1 by b@x.org");
      assertThat(run("review", "1", "--resolve", "1", "--repo", r, "--as", "a@x.org").code()).isZero();
      assertThat(run("review", "1", "--accept", "1", "--repo", r, "--as", "b@x.org").code()).isZero();
      CliTest.Run approved = run("review", "1", "--approve", "--repo", r, "--as", "b@x.org");
      assertThat(approved.out()).contains("review policy: met");

      CliTest.Run show = run("mr", "show", "1", "--repo", r);
      assertThat(show.code()).isZero();
      assertThat(show.out()).contains("#1 feat(store): Add store [T1] [open]", "## Component Delivery: store",
          "request-changes b@x.org (b)", "#1 critical     accepted src/store.py:1 not atomic (b@x.org)", "review policy: met");
      assertThat(run("mr", "show", "1", "--repo", r, "--json").json().get("request").get("title").asText())
          .isEqualTo("feat(store): Add store [T1]");
      assertThat(run("mr", "show", "7", "--repo", r).code()).isEqualTo(2);

      assertThat(run("mr", "list", "--repo", r).out()).contains("#1    open    component   small       a          feat(store): Add store [T1]");
      assertThat(run("mr", "close", "1", "--repo", r, "--as", "b@x.org").code()).isEqualTo(1);
      assertThat(run("mr", "close", "1", "--repo", r, "--as", "a@x.org").code()).isZero();
      CliTest.Run late = run("review", "1", "--reopen", "1", "--repo", r, "--as", "b@x.org");
      assertThat(late.code()).isEqualTo(1);
      assertThat(late.out()).contains("request #1 is closed: its findings no longer move");
      assertThat(run("mr", "list", "--repo", r).out()).contains("No open merge requests.");
      assertThat(run("mr", "list", "--state", "all", "--repo", r, "--json").json().get("requests").get(0).get("state").asText())
          .isEqualTo("closed");
      assertThat(run("mr", "list", "--state", "weird", "--repo", r).code()).isEqualTo(2);
    }
  }

  @Test
  void requestsAndReviewsGoToTheStoreThatDbNames(@TempDir Path dir) throws Exception {
    try (TestRepo repo = TestRepo.init(dir.resolve("work"))) {
      repo.commit("main", "chore: plan\n", "junction.yaml", Plans.REVIEWS);
      repo.branch("coordination", "main");
      repo.branch("sa", "main");
      repo.commit("sa", "feat: store\n", "src/store.py", "x = 1\n");
    }
    String r = dir.resolve("work").toString();
    String db = dir.resolve("elsewhere/junction.db").toString();
    CliTest.Run opened = run("mr", "open", "T1", "--repo", r, "--db", db, "--as", "a@x.org");
    assertThat(opened.code()).as(opened.err()).isZero();
    assertThat(dir.resolve("elsewhere/junction.db")).exists();
    assertThat(dir.resolve("work/.git/junction/junction.db")).doesNotExist();
    assertThat(run("review", "1", "--approve", "--repo", r, "--db", db, "--as", "b@x.org").code()).isZero();

    JsonNode listed = run("mr", "list", "--repo", r, "--db", db, "--json").json().get("requests");
    assertThat(listed).hasSize(1);
    java.util.List<String> keys = new java.util.ArrayList<>();
    listed.get(0).fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("number", "state", "title", "source", "target", "task", "type", "size", "lines",
        "author", "session", "openedAt");
    assertThat(java.time.Instant.parse(listed.get(0).get("openedAt").asText())).isNotNull();
    assertThat(run("mr", "show", "1", "--repo", r, "--db", db).out()).contains("approve", "b@x.org (b)");
    // The repository's own store knows nothing of it, and reading it created none.
    assertThat(run("mr", "list", "--repo", r).out()).contains("No open merge requests.");
    assertThat(run("mr", "show", "1", "--repo", r).err()).contains("N: no merge request #1");
    assertThat(dir.resolve("work/.git/junction/junction.db")).doesNotExist();
  }
}
