package dev.junction.cli;

import dev.junction.git.PlanStatus;
import dev.junction.report.TaskBoard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import dev.junction.store.EventStore;
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
      try (EventStore store = Shared.store(repo)) {
        return announcements(store);
      }
    }
  }

  /**
   * The store's events the sessions must hear about, as the board shows them: rollbacks (spec 8.2
   * step 3), emergency overrides (spec 5.4 step 2) and escalations (spec 3.3, 7.4).
   */
  static List<TaskBoard.Event> announcements(EventStore store) throws IOException {
    List<TaskBoard.Event> out = new ArrayList<>();
    for (EventStore.Event e : store.events("rollback")) {
      com.fasterxml.jackson.databind.JsonNode p = dev.junction.store.EventCodec.fields(e.payload());
      String tasks = String.join(",", dev.junction.store.EventCodec.strings(p.path("tasks")));
      out.add(new TaskBoard.Event(e.at(), "ROLLBACK", fields("commit", p.path("merge").asText(),
          "tasks", tasks.isEmpty() ? "none" : tasks, "reason", p.path("reason").asText(),
          "root_cause", p.path("rootCause").asText())));
    }
    for (EventStore.Event e : store.events("override.granted")) {
      com.fasterxml.jackson.databind.JsonNode p = dev.junction.store.EventCodec.fields(e.payload());
      out.add(new TaskBoard.Event(e.at(), "EMERGENCY OVERRIDE", fields("branch", e.subject(),
          "approver", e.actor().orElse("unknown"), "reason", p.path("reason").asText(), "until", p.path("until").asText(),
          "review_due", p.path("reviewDue").asText(), "record", p.path("record").asText())));
    }
    for (EventStore.Event e : store.events("escalation")) {
      com.fasterxml.jackson.databind.JsonNode p = dev.junction.store.EventCodec.fields(e.payload());
      out.add(new TaskBoard.Event(e.at(), "ESCALATION", fields("about", p.path("about").asText(),
          "level", p.path("level").asText(), "since", p.path("since").asText(), "who", p.path("who").toString(),
          "action", p.path("action").asText())));
    }
    return out;
  }

  private static java.util.Map<String, String> fields(String... pairs) {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
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
