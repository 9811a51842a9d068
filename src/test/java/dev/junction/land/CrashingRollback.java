package dev.junction.land;

import dev.junction.git.TargetPlan;
import dev.junction.store.EventStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The {@code junction rollback} of {@link CrashTest}, as an operating-system process of its own: it
 * rolls back a merge on {@code coordination} and sends itself SIGKILL right after the journal
 * records the given kind (through {@link Journal#afterRecord}). Prints {@code survived <outcome>}
 * when the rollback ended without reaching the kind.
 *
 * <p>Arguments: repository directory, the kind to die at, the merge.
 */
public final class CrashingRollback {
  private CrashingRollback() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String dieAt = args[1];
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (Repository repo = new FileRepositoryBuilder().setWorkTree(dir.toFile()).setMustExist(true).build();
        EventStore store = EventStore.sqlite(repo.getDirectory().toPath().resolve("junction/junction.db"))) {
      Journal.afterRecord = kind -> {
        if (kind.equals(dieAt)) {
          killMyself();
        }
      };
      TargetPlan.Loaded target = (TargetPlan.Loaded) TargetPlan.load(repo, Optional.of("coordination"));
      Rollback.Outcome outcome = Rollback.revert(repo, store, target.plan(), "coordination", ObjectId.fromString(args[2]),
          "broke the build", List.of(), new PersonIdent("Ops", "ops@example.org"), Clock.systemUTC());
      out.println("survived " + outcome);
    }
  }

  /** SIGKILL, as {@code kill -9} from outside would send it. */
  private static void killMyself() {
    try {
      new ProcessBuilder("kill", "-9", String.valueOf(ProcessHandle.current().pid())).inheritIO().start().waitFor();
      while (true) {
        Thread.sleep(60_000);
      }
    } catch (IOException | InterruptedException e) {
      Runtime.getRuntime().halt(1);
    }
  }
}
