package dev.junction.protect;

import dev.junction.git.History;
import dev.junction.git.PlanHistory;
import dev.junction.git.PlanSource;
import dev.junction.git.PushScan;
import dev.junction.git.TargetPlan;
import dev.junction.plan.Plan;
import dev.junction.plan.PlanError;
import dev.junction.plan.PlanLoad;
import dev.junction.plan.PlanLoader;
import dev.junction.store.EventStore;
import dev.junction.store.StoreEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;

/**
 * The pre-receive guard's judging over a hub: reads the ref updates git hands the hook on standard
 * input, decides each with {@link PushRules} and the plan, and says why in the lines the pushing
 * client sees (git shows the hook's output as {@code remote:} lines). Any refusal refuses the whole
 * push, as pre-receive does. The hub's {@code junction.*} settings are read here.
 *
 * <p>The plan of a protected branch is its own {@code junction.yaml}; every other branch is judged
 * by the coordination branch's, named by the hub's {@code junction.coordination} setting. A plan
 * that is missing or invalid refuses every push (fail closed). The guard service logs pushes
 * under an emergency override in the store ({@link #pushed}), with their old and new ids.
 */
public final class Hook {
  /** The hub's git config key that names the coordination branch. */
  public static final String COORDINATION_KEY = TargetPlan.COORDINATION_KEY;
  public static final String SECTION = TargetPlan.SECTION;
  /** The hub's git config key that names the environment variable holding the authenticated user. */
  public static final String USER_VARIABLE_KEY = "userVariable";

  private Hook() {}

  /** The coordination branch the hub's config names ({@code junction.coordination}), if any. */
  public static Optional<String> coordination(Repository hub) {
    return Optional.ofNullable(hub.getConfig().getString(SECTION, null, COORDINATION_KEY));
  }

  /** The ref updates git hands a pre-receive hook on standard input: {@code old new ref}, one a line. */
  public static List<PushRules.Update> updates(InputStream in) throws IOException {
    List<PushRules.Update> updates = new ArrayList<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      String[] f = line.trim().split(" ");
      if (f.length == 3) {
        updates.add(new PushRules.Update(f[0], f[1], f[2]));
      }
    }
    return updates;
  }

  /** The overrides granted for a protected branch and not closed, newest last (expiry is the rules' to judge). */
  @FunctionalInterface
  public interface Overrides {
    List<PushRules.Grant> of(String branch) throws IOException;
  }

  /**
   * What judging a push found.
   *
   * @param decisions each update's decision, in the order pushed (none for an update no plan could judge)
   * @param lines what the pushing client is told, one line each, {@code junction: } first
   * @param refused whether the push is refused as a whole (pre-receive takes all or nothing)
   */
  public record Judgement(List<PushRules.Decision> decisions, List<String> lines, boolean refused) {
    public Judgement {
      decisions = List.copyOf(decisions);
      lines = List.copyOf(lines);
    }
  }

  /**
   * Judges a push: each update by {@link PushRules} and the plan that governs it, with the
   * overrides of the protected branches it touches. Fails closed: no coordination setting, or a
   * missing or invalid plan, refuses.
   */
  public static Judgement judge(Repository hub, List<PushRules.Update> updates, Optional<String> pusher,
      Overrides overrides, Instant now) throws IOException {
    List<String> lines = new ArrayList<>();
    Optional<String> configured = coordination(hub);
    if (configured.isEmpty()) {
      lines.add("junction: this hub has no junction.coordination setting: run junction protect install;"
          + " every push is refused until then");
      return new Judgement(List.of(), lines, true);
    }
    String coordination = configured.get();
    Map<String, Optional<PushPlan>> plans = new HashMap<>();
    Map<String, Optional<PushPlan>> lastValid = new HashMap<>();
    List<PushRules.Decision> decisions = new ArrayList<>();
    boolean refused = false;
    for (PushRules.Update u : updates) {
      String branch = u.ref().startsWith(Constants.R_HEADS) ? u.ref().substring(Constants.R_HEADS.length()) : "";
      Optional<PushPlan> coordinationPlan = plans.computeIfAbsent(coordination, b -> load(hub, b, lines));
      // Which branch's plan judges: main's own once main exists, else coordination's. When that plan
      // is broken, only a push to that very branch is judged, by its last valid plan: an override
      // push that fixes it (it is validated below, as every override push is).
      Optional<PushPlan> names = coordinationPlan.isPresent() ? coordinationPlan
          : lastValid.computeIfAbsent(coordination, b -> lastValid(hub, b));
      if (names.isEmpty()) {
        refused = true;
        continue;
      }
      String judgedBy = names.get().main().equals(branch) && exists(hub, branch) ? branch : coordination;
      Optional<PushPlan> plan = plans.computeIfAbsent(judgedBy, b -> load(hub, b, lines));
      if (plan.isEmpty() && branch.equals(judgedBy)) {
        plan = lastValid.computeIfAbsent(judgedBy, b -> lastValid(hub, b));
        if (plan.isPresent()) {
          lines.add("junction: " + u.ref() + ": judged by the last valid plan on " + judgedBy
              + ": only an emergency override push that fixes it is taken");
        }
      }
      if (plan.isEmpty()) {
        refused = true;
        continue;
      }
      List<PushRules.Grant> open = PushRules.protectedName(plan.get(), branch).isPresent()
          ? overrides.of(branch) : List.of();
      PushScan.Facts facts = PushScan.scan(hub, u.ref(), ObjectId.fromString(u.oldId()), ObjectId.fromString(u.newId()),
          coordination, plan.get().otherSessionBranches(branch), List.of(plan.get().coordination(), plan.get().main()));
      PushRules.Decision d = PushRules.decide(plan.get(), u, pusher, facts, open, now);
      if (d.accepted() && PushRules.protectedName(plan.get(), branch).isPresent()) {
        d = PushRules.trustRule(d, History.stateWrites(hub, ObjectId.fromString(u.oldId()), ObjectId.fromString(u.newId()),
            protectedTips(hub, plan.get())));
      }
      if (d.accepted() && d.underOverride() && !u.deletes()) {
        List<String> problems = planProblems(hub, branch, coordination, ObjectId.fromString(u.newId()));
        if (!problems.isEmpty()) {
          problems.forEach(e -> lines.add("junction: " + e));
          d = PushRules.invalidPlan(u, branch);
        }
      }
      lines.add("junction: " + u.ref() + ": " + (d.accepted() ? "ok: " : "REFUSED: ") + d.message());
      refused |= !d.accepted();
      decisions.add(d);
    }
    if (refused) {
      lines.add("junction: push refused; nothing of it was taken");
    }
    return new Judgement(decisions, lines, refused);
  }

  /**
   * Logs an update accepted under an override, with its old and new ids and who pushed it: an
   * {@code override.push} event about the branch.
   */
  public static void pushed(EventStore store, PushRules.Decision d, Optional<String> pusher, Instant now) {
    store.append(now, d.update().ref().substring(Constants.R_HEADS.length()), pusher, new StoreEvent.OverridePushed(
        d.update().ref(), d.update().oldId(), d.update().newId(), pusher.orElse("unknown")));
  }

  /** The plan at the tip of the coordination branch the hub's config names, when it is there and valid. */
  public static Optional<Plan> coordinationPlan(Repository hub) throws IOException {
    Optional<String> coordination = coordination(hub);
    if (coordination.isEmpty()) {
      return Optional.empty();
    }
    Ref ref = hub.exactRef(Constants.R_HEADS + coordination.get());
    Optional<byte[]> bytes = ref == null ? Optional.empty() : PlanSource.read(hub, ref.getObjectId(), Plan.FILE_NAME);
    if (bytes.isPresent()
        && PlanLoader.load(coordination.get() + ":" + Plan.FILE_NAME, bytes.get()) instanceof PlanLoad.Loaded loaded) {
      return Optional.of(loaded.plan());
    }
    return Optional.empty();
  }

  /**
   * Who pushes: the variable {@code junction.userVariable} names, else {@code GL_USER} (gitolite),
   * else {@code REMOTE_USER} (a web server that authenticated the push), else the operating-system user.
   */
  public static Optional<String> pusher(Repository hub, Map<String, String> env, String osUser) {
    String variable = hub.getConfig().getString(SECTION, null, USER_VARIABLE_KEY);
    for (String name : variable == null ? List.of("GL_USER", "REMOTE_USER") : List.of(variable)) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return Optional.of(value.trim());
      }
    }
    return Optional.ofNullable(osUser).filter(u -> !u.isBlank());
  }

  /** The tips of the protected branches the hub has: their first-parent chains are Junction's. */
  private static List<ObjectId> protectedTips(Repository hub, PushPlan plan) throws IOException {
    List<ObjectId> tips = new ArrayList<>();
    for (String b : List.of(plan.coordination(), plan.main())) {
      Ref ref = hub.exactRef(Constants.R_HEADS + b);
      if (ref != null) {
        tips.add(ref.getObjectId());
      }
    }
    return tips;
  }

  private static boolean exists(Repository hub, String branch) {
    try {
      return hub.exactRef(Constants.R_HEADS + branch) != null;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * What the rules read of the plan at a branch's tip, or empty after saying why (fail closed). A
   * plan file this build has found valid before is not parsed again ({@link PlanMemo}).
   */
  static Optional<PushPlan> load(Repository hub, String branch, List<String> out) {
    try {
      Ref ref = hub.exactRef(Constants.R_HEADS + branch);
      if (ref == null) {
        out.add("junction: the protected branch " + branch + " does not exist in this hub: every push is refused");
        return Optional.empty();
      }
      Optional<ObjectId> blob = PlanSource.blob(hub, ref.getObjectId(), Plan.FILE_NAME);
      if (blob.isEmpty()) {
        out.add("junction: " + branch + " has no " + Plan.FILE_NAME + ": every push is refused until it has one");
        return Optional.empty();
      }
      Path hubDir = hub.getDirectory().toPath();
      Optional<PushPlan> known = PlanMemo.read(hubDir, blob.get());
      if (known.isPresent()) {
        return known;
      }
      String label = branch + ":" + Plan.FILE_NAME;
      PlanLoad load = PlanSource.load(hub, blob.get(), label);
      if (load instanceof PlanLoad.Invalid invalid) {
        for (PlanError e : invalid.errors()) {
          out.add("junction: " + e);
        }
        out.add("junction: the plan on " + branch + " is invalid: every push is refused until it is fixed");
        return Optional.empty();
      }
      PushPlan plan = PushPlan.of(((PlanLoad.Loaded) load).plan());
      PlanMemo.write(hubDir, blob.get(), plan);
      return Optional.of(plan);
    } catch (IOException e) {
      out.add("junction: cannot read the plan on " + branch + ": " + e.getMessage() + ": every push is refused");
      return Optional.empty();
    }
  }

  /** The last valid plan on a branch, as the rules read it; empty when there is none or it cannot be read. */
  private static Optional<PushPlan> lastValid(Repository hub, String branch) {
    try {
      return PlanHistory.lastValid(hub, branch).map(f -> PushPlan.of(f.plan()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * What is wrong with the plan a push would leave on a protected branch: every problem of its
   * {@code junction.yaml} ({@code branch:junction.yaml:line: field: message}), its absence, or a
   * coordination branch other than the one the hub guards (which would leave it unguarded). Empty
   * when it is valid for this hub.
   */
  static List<String> planProblems(Repository hub, String branch, String coordination, ObjectId tip) throws IOException {
    String label = branch + ":" + Plan.FILE_NAME;
    Optional<ObjectId> blob = PlanSource.blob(hub, tip, Plan.FILE_NAME);
    if (blob.isEmpty()) {
      return List.of(label + ": the push leaves " + branch + " without a " + Plan.FILE_NAME);
    }
    Path hubDir = hub.getDirectory().toPath();
    Optional<PushPlan> plan = PlanMemo.read(hubDir, blob.get());
    if (plan.isEmpty()) {
      PlanLoad load = PlanSource.load(hub, blob.get(), label);
      if (load instanceof PlanLoad.Invalid invalid) {
        return invalid.errors().stream().map(PlanError::toString).toList();
      }
      plan = Optional.of(PushPlan.of(((PlanLoad.Loaded) load).plan()));
    }
    List<String> problems = new ArrayList<>();
    if (!plan.get().coordination().equals(coordination)) {
      problems.add(new PlanError(label, 0, "branches.coordination", "'" + plan.get().coordination() + "', but this hub"
          + " guards " + coordination + " as the coordination branch (junction.coordination): the plan would leave it"
          + " unguarded; run junction protect install --coordination to change it").toString());
    }
    if (!branch.equals(coordination) && !plan.get().main().equals(branch)) {
      problems.add(new PlanError(label, 0, "branches.main", "'" + plan.get().main() + "', but this plan is on "
          + branch + ", the main branch: the plan would leave it unguarded").toString());
    }
    return problems;
  }

  /**
   * The override of a branch that is granted and not closed, if any (whatever its expiry). The
   * store's order decides which of a grant and a close came last (its event ids), never their
   * times: a grant is recorded at the second and a close at the instant, so within one second the
   * times say nothing about which came first.
   */
  public static List<PushRules.Grant> active(EventStore store, String branch) throws IOException {
    List<EventStore.Stored<StoreEvent.OverrideEvent>> events = new ArrayList<>(
        store.events(StoreEvent.OverrideEvent.class, branch));
    events.sort(java.util.Comparator.comparingLong(EventStore.Stored::id));
    PushRules.Grant open = null;
    for (EventStore.Stored<StoreEvent.OverrideEvent> e : events) {
      if (e.event() instanceof StoreEvent.OverrideClosed) {
        open = null;
      } else if (e.event() instanceof StoreEvent.OverrideGranted g) {
        open = new PushRules.Grant(branch, e.actor().orElse("unknown"), g.reason(), g.until());
      }
    }
    return open == null ? List.of() : List.of(open);
  }
}
