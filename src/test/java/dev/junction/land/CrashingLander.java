package dev.junction.land;

import dev.junction.git.HistoryBuilder;
import dev.junction.git.MergeEngine;
import dev.junction.plan.Stage;
import dev.junction.store.EventStore;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The lander of {@link CrashTest}, as an operating-system process of its own: it lands its sources
 * into {@code coordination} (several as an integration batch) and sends itself SIGKILL right after
 * the journal records the given kind, through {@link Journal#afterRecord}, so nothing after that
 * step runs. With {@code race}, another writer moves the target once, right after the first
 * {@code land.moving}, so the compare-and-swap fails and the landing starts again.
 *
 * <p>Prints {@code raced <commit>} when it moved the target, and {@code survived <outcome>} when
 * the landing ended without reaching the kind.
 *
 * <p>Arguments: repository directory, the kind to die at, {@code race} or {@code still}, sources.
 */
public final class CrashingLander {
  private CrashingLander() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String dieAt = args[1];
    boolean race = args[2].equals("race");
    List<String> sources = Arrays.asList(args).subList(3, args.length);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (Repository repo = new FileRepositoryBuilder().setWorkTree(dir.toFile()).setMustExist(true).build();
        MergeEngine engine = MergeEngine.open(repo);
        EventStore store = EventStore.sqlite(repo.getDirectory().toPath().resolve("junction/junction.db"))) {
      boolean[] raced = {false};
      Journal.afterRecord = kind -> {
        if (race && !raced[0] && kind.equals("land.moving")) {
          raced[0] = true;
          out.println("raced " + moveTarget(repo).name());
        }
        if (kind.equals(dieAt)) {
          killMyself();
        }
      };
      Landing.Outcome outcome = Landing.land(repo, store, engine, new Landing.Request(sources, Optional.empty(),
          Optional.empty(), sources.size() > 1 ? Optional.of(Stage.INTEGRATION) : Optional.empty(), false,
          new PersonIdent("One", "one@example.org")), Clock.systemUTC(), m -> { });
      out.println("survived " + outcome);
    }
  }

  /** Another writer's commit on the target, between the landing's read of its tip and its swap. */
  private static ObjectId moveTarget(Repository repo) {
    try {
      PersonIdent who = new PersonIdent("Other", "other@example.org", Instant.parse("2026-11-24T07:30:00Z"), ZoneOffset.UTC);
      try (HistoryBuilder history = new HistoryBuilder(repo, () -> who, "test: race")) {
        return history.branch("coordination").commit().add("other.txt", "other\n").message("chore: another writer\n").create();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILL, as {@code kill -9} from outside would send it: no shutdown hook, no finally block runs. */
  private static void killMyself() {
    try {
      new ProcessBuilder("kill", "-9", String.valueOf(ProcessHandle.current().pid())).inheritIO().start().waitFor();
      while (true) {
        Thread.sleep(60_000); // the signal is on its way; nothing else may run meanwhile
      }
    } catch (IOException | InterruptedException e) {
      Runtime.getRuntime().halt(1); // not the 137 of SIGKILL: the test fails and says so
    }
  }
}
