package dev.junction.land;

import dev.junction.git.MergeEngine;
import dev.junction.store.EventStore;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * One lander of {@link ConcurrencyTest}, as an operating-system process of its own: for each round
 * it waits for the round's start file, lands its branch (opening the repository and the store
 * afresh, as a separate {@code junction land} would), and prints one line:
 * {@code <round> <outcome class> <merge or ->}.
 *
 * <p>Arguments: repository directory, branch, rounds, directory of start files.
 */
public final class LanderProcess {
  private LanderProcess() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String branch = args[1];
    int rounds = Integer.parseInt(args[2]);
    Path starts = Path.of(args[3]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    for (int round = 0; round < rounds; round++) {
      Path go = starts.resolve("round-" + round);
      while (!Files.exists(go)) {
        Thread.onSpinWait();
        Thread.sleep(2);
      }
      Landing.Outcome outcome;
      try (Repository repo = new FileRepositoryBuilder().setWorkTree(dir.toFile()).setMustExist(true).build();
          MergeEngine engine = MergeEngine.open(repo);
          EventStore store = EventStore.sqlite(repo.getDirectory().toPath().resolve("junction/junction.db"))) {
        // The round's task by name (branch b<i> delivers T<round>.<i>): a round this lander was blocked
        // in (the target moved too often) leaves its task on the branch, and an unnamed landing is then refused.
        String task = "T" + round + "." + branch.substring(1);
        outcome = Landing.land(repo, store, engine, new Landing.Request(branch, Optional.empty(), Optional.of(task),
            Optional.empty(), false, new PersonIdent(branch, branch + "@example.org")), Clock.systemUTC(), m -> { });
      }
      String merge = outcome instanceof Landing.Landed l ? l.merge() : "-";
      out.println(round + " " + outcome.getClass().getSimpleName() + " " + merge);
    }
  }
}
