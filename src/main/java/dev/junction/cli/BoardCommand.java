package dev.junction.cli;

import dev.junction.git.PlanStatus;
import dev.junction.report.TaskBoard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import dev.junction.store.Store;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code junction board}: the task board as markdown. */
@Command(
    name = "board",
    mixinStandardHelpOptions = true,
    description = "Renders the task board (per window: each task's owner, state and blockers) as markdown.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  junction board",
      "  junction board --write PHASE-0-TASK-BOARD.md",
      "%nExit codes:%n" + ExitCodes.FOOTER
    })
final class BoardCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin PlanOptions options;

  @Option(names = "--write", paramLabel = "FILE", description = "Write the board to FILE (replaced atomically).")
  Path write;

  @Override
  public Integer call() throws Exception {
    PlanOptions.Loaded loaded = options.load(spec);
    if (loaded instanceof PlanOptions.Failed failed) {
      return failed.exitCode();
    }
    String markdown = render(((PlanOptions.Shown) loaded).viewed(), events());
    if (write != null) {
      writeAtomically(write, markdown);
    }
    if (options.shared.json) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("target", ((PlanOptions.Shown) loaded).viewed().view().target());
      json.put("written", write == null ? null : write.toString());
      json.put("markdown", markdown);
      Json.print(spec.commandLine().getOut(), json);
    } else if (write != null) {
      spec.commandLine().getOut().println("wrote " + write);
    } else {
      spec.commandLine().getOut().print(markdown);
    }
    return ExitCodes.DONE;
  }

  static String render(PlanStatus.Viewed viewed) {
    return render(viewed, List.of());
  }

  static String render(PlanStatus.Viewed viewed, List<TaskBoard.Event> events) {
    String project = viewed.plan().project().isEmpty() ? "Junction" : viewed.plan().project();
    return TaskBoard.markdown(project + " task board", viewed.view(), viewed.tip().id().abbreviate(10).name(), events);
  }

  /** Rollbacks of the store, when the repository has one (the board never creates it). */
  private List<TaskBoard.Event> events() throws IOException {
    Optional<org.eclipse.jgit.lib.Repository> opened = options.shared.open();
    if (opened.isEmpty()) {
      return List.of();
    }
    try (org.eclipse.jgit.lib.Repository repo = opened.get()) {
      Path db = repo.getDirectory().toPath().resolve("junction/junction.db");
      if (!Files.exists(db)) {
        return List.of();
      }
      try (Store store = Shared.store(repo)) {
        return rollbacks(store);
      }
    }
  }

  /** The store's rollback events, as the board shows them (spec 8.2 step 3). */
  static List<TaskBoard.Event> rollbacks(Store store) throws IOException {
    List<TaskBoard.Event> out = new ArrayList<>();
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    for (Store.Event e : store.events("rollback")) {
      com.fasterxml.jackson.databind.JsonNode p = json.readTree(e.payload());
      out.add(new TaskBoard.Event(e.at(), "ROLLBACK", p.path("merge").asText(), p.path("tasks").asText(),
          p.path("reason").asText(), p.path("rootCause").asText()));
    }
    return out;
  }

  static void writeAtomically(Path file, String text) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(dir, ".board-", ".tmp");
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
