package dev.junction.protect;

import dev.junction.git.PushScan;
import dev.junction.git.SystemConfig;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;

/**
 * The hook's lean entry point: no command-line parser, no logging set-up, so that the JVM does as
 * little as possible before deciding (the hook runs on every push). git runs it in the hub with
 * {@code GIT_DIR} and, for a quarantined push, the object directories in its environment.
 *
 * <p>With {@code --train} it decides nothing that counts: it judges, with its output thrown away,
 * the pushes the hook sees most (a member's push to their session branch, a push to coordination),
 * so that the class-data-sharing archive {@code junction protect install} records holds every class
 * a real decision loads.
 */
public final class HookMain {
  private HookMain() {}

  public static void main(String[] args) throws Exception {
    // JGit logs through slf4j, which would find logback on the class path and configure it: a large
    // share of a short run. The guard says all it has to say on its own output, and a failure that
    // matters reaches it as an exception, which refuses the push with the reason.
    System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
    System.setProperty("slf4j.internal.verbosity", "WARN");
    SystemConfig.locate();
    // JGit measures the file system's timestamp resolution once per user (seconds of probing) and
    // waits for it; the hook may run as a user it has never run as. In the background it waits at
    // most 100 ms and meanwhile treats recently changed files as changed, which only rereads them.
    FS.FileStoreAttributes.setBackground(true);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment();
    if (builder.getGitDir() == null) {
      builder.setGitDir(new File("."));
    }
    int code;
    try (Repository hub = builder.setMustExist(true).build()) {
      if (args.length > 0 && args[0].equals("--train")) {
        train(hub);
        code = 0;
      } else {
        code = Hook.run(hub, System.in, out, System.getenv(), System.getProperty("user.name"), Clock.systemUTC());
      }
    } catch (Exception e) {
      out.println("junction: the push guard failed (" + e + "): the push is refused");
      code = 1;
    }
    out.flush();
    System.exit(code);
  }

  /** Judges typical pushes with the output discarded; see the class comment. */
  private static void train(Repository hub) throws IOException {
    PrintStream none = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    String coordination = hub.getConfig().getString(Hook.SECTION, null, Hook.COORDINATION_KEY);
    Ref coord = coordination == null ? null : hub.exactRef(Constants.R_HEADS + coordination);
    if (coord == null) {
      return;
    }
    String tip = coord.getObjectId().name();
    judge(hub, tip + " " + tip + " " + coord.getName(), "", none);
    Optional<PushPlan> plan = Hook.load(hub, coordination, none);
    if (plan.isEmpty()) {
      return;
    }
    // A session branch with work of its own, so that the scan for other sessions' commits runs too.
    Ref branch = null;
    String member = null;
    for (PushPlan.Owners s : plan.get().sessions()) {
      Ref r = s.branch().isPresent() ? hub.exactRef(Constants.R_HEADS + s.branch().get()) : null;
      if (r != null && !s.members().isEmpty() && (branch == null || branch.getObjectId().equals(coord.getObjectId()))) {
        branch = r;
        member = s.members().get(0);
      }
    }
    if (branch == null) {
      return;
    }
    try (RevWalk walk = new RevWalk(hub)) {
      RevCommit head = walk.parseCommit(branch.getObjectId());
      String old = head.getParentCount() > 0 ? head.getParent(0).name() : PushRules.Update.ZERO;
      PushRules.Update update = new PushRules.Update(old, head.name(), branch.getName());
      judge(hub, old + " " + head.name() + " " + branch.getName(), member, none);
      // The head is in the hub already, so the scan finds no new commit: judge one as a push would
      // bring it, for the checks on commits (signatures, subjects).
      PushRules.decide(plan.get(), update, Optional.of(member), new PushScan.Facts(true,
          List.of(new PushScan.Commit(head.name(), head.getShortMessage(), false, head.getRawGpgSignature() != null)),
          List.of()), List.of(), Instant.now());
    }
  }

  private static void judge(Repository hub, String line, String pusher, PrintStream out) throws IOException {
    Hook.run(hub, new ByteArrayInputStream((line + "\n").getBytes(StandardCharsets.UTF_8)), out,
        Map.of("REMOTE_USER", pusher), pusher, Clock.systemUTC());
  }
}
