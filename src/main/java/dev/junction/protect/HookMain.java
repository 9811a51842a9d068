package dev.junction.protect;

import dev.junction.app.GuardService;
import dev.junction.app.TerminalText;
import dev.junction.app.Workspace;
import dev.junction.git.PushScan;
import dev.junction.git.SystemConfig;
import dev.junction.plan.Disposition;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.util.FS;

/**
 * The hook's lean entry point, the push guard's face: no command-line parser, no logging set-up,
 * so that the JVM does as little as possible before deciding (the hook runs on every push). git
 * runs it in the hub with {@code GIT_DIR} and, for a quarantined push, the object directories in
 * its environment. It hands the push to {@link GuardService} and prints what the service says.
 *
 * <p>It lives in {@code protect}, below {@code app}, only because installed hooks name it: {@code
 * exec java ... dev.junction.protect.HookMain} in every hub's {@code hooks/pre-receive}.
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
    int code;
    try (Workspace hub = Workspace.open(Workspace.Location.here(), Clock.systemUTC())) {
      if (args.length > 0 && args[0].equals("--train")) {
        train(hub);
        code = 0;
      } else if (args.length > 0 && args[0].equals("--post-receive")) {
        code = received(hub, new GuardService.Push(Hook.updates(System.in), System.getenv(),
            Optional.ofNullable(System.getProperty("user.name"))), out);
      } else {
        code = judge(hub, new GuardService.Push(Hook.updates(System.in), System.getenv(),
            Optional.ofNullable(System.getProperty("user.name"))), out);
      }
    } catch (Exception e) {
      boolean after = args.length > 0 && args[0].equals("--post-receive");
      out.println(TerminalText.escape(after ? "junction: the push was taken but not recorded for the server (" + e + ")"
          : "junction: the push guard failed (" + e + "): the push is refused"));
      code = after ? 0 : 1;
    }
    out.flush();
    System.exit(code);
  }

  /**
   * Records an accepted push (post-receive): a push already taken is never undone here, so a
   * store that cannot be written is said to the client in one line and the hook still ends 0.
   */
  private static int received(Workspace hub, GuardService.Push push, PrintStream out) {
    try {
      new GuardService(hub).received(push);
    } catch (IOException | RuntimeException e) {
      out.println(TerminalText.escape("junction: the push was taken but not recorded for the server (" + e + ")"));
    }
    return 0;
  }

  /** Judges a push, prints what the client is told, and answers the hook's exit code: 0 accepts, 1 refuses. */
  private static int judge(Workspace hub, GuardService.Push push, PrintStream out) throws IOException {
    GuardService.Judged judged = new GuardService(hub).judge(push);
    for (String line : judged.lines()) {
      out.println(TerminalText.escape(line)); // branch names, subjects and paths are the pusher's
    }
    return judged.disposition() == Disposition.DONE ? 0 : 1;
  }

  /** Judges typical pushes with the output discarded; see the class comment. */
  private static void train(Workspace workspace) throws IOException {
    PrintStream none = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    Repository hub = workspace.repository();
    Optional<String> coordination = Hook.coordination(hub);
    Ref coord = coordination.isEmpty() ? null : hub.exactRef(Constants.R_HEADS + coordination.get());
    if (coord == null) {
      return;
    }
    String tip = coord.getObjectId().name();
    judge(workspace, push(tip, tip, coord.getName(), ""), none);
    Optional<PushPlan> plan = Hook.load(hub, coordination.get(), new ArrayList<>());
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
      judge(workspace, push(old, head.name(), branch.getName(), member), none);
      // The head is in the hub already, so the scan finds no new commit: judge one as a push would
      // bring it, for the checks on commits (signatures, subjects).
      PushRules.decide(plan.get(), update, Optional.of(member), new PushScan.Facts(true,
          List.of(new PushScan.Commit(head.name(), head.getShortMessage(), false, head.getRawGpgSignature() != null)),
          List.of()), List.of(), Instant.now());
    }
  }

  /** A push of one update, read as the hook reads its input. */
  private static GuardService.Push push(String old, String neu, String ref, String pusher) throws IOException {
    byte[] line = (old + " " + neu + " " + ref + "\n").getBytes(StandardCharsets.UTF_8);
    return new GuardService.Push(Hook.updates(new ByteArrayInputStream(line)), Map.of("REMOTE_USER", pusher),
        Optional.of(pusher));
  }
}
