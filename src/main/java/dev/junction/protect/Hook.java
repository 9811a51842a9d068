package dev.junction.protect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.git.PlanSource;
import dev.junction.git.PushScan;
import dev.junction.plan.Plan;
import dev.junction.plan.PlanError;
import dev.junction.plan.PlanLoad;
import dev.junction.plan.PlanLoader;
import dev.junction.store.EventStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
 * The pre-receive guard: reads the ref updates git hands the hook on standard input, decides each
 * with {@link PushRules} and the plan, and tells the pushing client why (git shows the hook's
 * output as {@code remote:} lines). Any refusal refuses the whole push, as pre-receive does.
 *
 * <p>The plan of a protected branch is its own {@code junction.yaml}; every other branch is judged
 * by the coordination branch's, named by the hub's {@code junction.coordination} setting. A plan
 * that is missing or invalid refuses every push (fail closed). Pushes under an emergency override
 * are logged in the store with their old and new ids.
 */
public final class Hook {
  /** The hub's git config key that names the coordination branch. */
  public static final String COORDINATION_KEY = "coordination";
  public static final String SECTION = "junction";
  /** The hub's git config key that names the environment variable holding the authenticated user. */
  public static final String USER_VARIABLE_KEY = "userVariable";

  private Hook() {}

  /** Jackson, loaded only when an override is read or a push under one is logged: most pushes need neither. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  /**
   * Runs the guard.
   *
   * @param env the hook's environment: who pushes comes from {@code GL_USER}, {@code REMOTE_USER} or
   *     the variable {@code junction.userVariable} names, else the operating-system user
   * @return the exit code: 0 accepts the push, 1 refuses it
   */
  public static int run(Repository hub, InputStream in, PrintStream out, Map<String, String> env, String osUser, Clock clock)
      throws IOException {
    List<PushRules.Update> updates = new ArrayList<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      String[] f = line.trim().split(" ");
      if (f.length == 3) {
        updates.add(new PushRules.Update(f[0], f[1], f[2]));
      }
    }
    Optional<String> pusher = pusher(hub, env, osUser);
    String coordination = hub.getConfig().getString(SECTION, null, COORDINATION_KEY);
    if (coordination == null) {
      out.println("junction: this hub has no junction.coordination setting: run junction protect install;"
          + " every push is refused until then");
      return 1;
    }
    Map<String, Optional<PushPlan>> plans = new HashMap<>();
    boolean refused = false;
    List<PushRules.Decision> underOverride = new ArrayList<>();
    Instant now = clock.instant();
    for (PushRules.Update u : updates) {
      String branch = u.ref().startsWith(Constants.R_HEADS) ? u.ref().substring(Constants.R_HEADS.length()) : "";
      Optional<PushPlan> coordinationPlan = plans.computeIfAbsent(coordination, b -> load(hub, b, out));
      if (coordinationPlan.isEmpty()) {
        refused = true;
        continue;
      }
      String judgedBy = coordinationPlan.get().main().equals(branch) && exists(hub, branch) ? branch : coordination;
      Optional<PushPlan> plan = plans.computeIfAbsent(judgedBy, b -> load(hub, b, out));
      if (plan.isEmpty()) {
        refused = true;
        continue;
      }
      List<PushRules.Grant> overrides = PushRules.protectedName(plan.get(), branch).isPresent()
          ? overrides(hub, branch) : List.of();
      PushScan.Facts facts = PushScan.scan(hub, u.ref(), ObjectId.fromString(u.oldId()), ObjectId.fromString(u.newId()),
          coordination, plan.get().otherSessionBranches(branch));
      PushRules.Decision d = PushRules.decide(plan.get(), u, pusher, facts, overrides, now);
      out.println("junction: " + u.ref() + ": " + (d.accepted() ? "ok: " : "REFUSED: ") + d.message());
      refused |= !d.accepted();
      if (d.underOverride()) {
        underOverride.add(d);
      }
    }
    if (refused) {
      out.println("junction: push refused; nothing of it was taken");
      return 1;
    }
    if (!underOverride.isEmpty()) {
      try (EventStore store = store(hub)) {
        for (PushRules.Decision d : underOverride) {
          Map<String, String> payload = Map.of("ref", d.update().ref(), "old", d.update().oldId(), "new", d.update().newId(),
              "pusher", pusher.orElse("unknown"));
          store.append(new EventStore.Event(now, "override.push", d.update().ref().substring(Constants.R_HEADS.length()),
              pusher, Json.MAPPER.writeValueAsString(payload)));
        }
      }
    }
    return 0;
  }

  /** Who pushes: the transport's authenticated user, else the operating-system user. */
  static Optional<String> pusher(Repository hub, Map<String, String> env, String osUser) {
    String variable = hub.getConfig().getString(SECTION, null, USER_VARIABLE_KEY);
    for (String name : variable == null ? List.of("GL_USER", "REMOTE_USER") : List.of(variable)) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return Optional.of(value.trim());
      }
    }
    return Optional.ofNullable(osUser).filter(u -> !u.isBlank());
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
  static Optional<PushPlan> load(Repository hub, String branch, PrintStream out) {
    try {
      Ref ref = hub.exactRef(Constants.R_HEADS + branch);
      if (ref == null) {
        out.println("junction: the protected branch " + branch + " does not exist in this hub: every push is refused");
        return Optional.empty();
      }
      Optional<ObjectId> blob = PlanSource.blob(hub, ref.getObjectId(), Plan.FILE_NAME);
      if (blob.isEmpty()) {
        out.println("junction: " + branch + " has no " + Plan.FILE_NAME + ": every push is refused until it has one");
        return Optional.empty();
      }
      Path hubDir = hub.getDirectory().toPath();
      Optional<PushPlan> known = PlanMemo.read(hubDir, blob.get());
      if (known.isPresent()) {
        return known;
      }
      String label = branch + ":" + Plan.FILE_NAME;
      PlanLoad load = PlanLoader.load(label, PlanSource.bytes(hub, blob.get(), label));
      if (load instanceof PlanLoad.Invalid invalid) {
        for (PlanError e : invalid.errors()) {
          out.println("junction: " + e);
        }
        out.println("junction: the plan on " + branch + " is invalid: every push is refused until it is fixed");
        return Optional.empty();
      }
      PushPlan plan = PushPlan.of(((PlanLoad.Loaded) load).plan());
      PlanMemo.write(hubDir, blob.get(), plan);
      return Optional.of(plan);
    } catch (IOException e) {
      out.println("junction: cannot read the plan on " + branch + ": " + e.getMessage() + ": every push is refused");
      return Optional.empty();
    }
  }

  /** Overrides granted for a branch and not closed, newest last (expiry is judged by the rules). */
  static List<PushRules.Grant> overrides(Repository hub, String branch) throws IOException {
    Path db = hub.getDirectory().toPath().resolve("junction/junction.db");
    if (!Files.exists(db)) {
      return List.of();
    }
    try (EventStore store = store(hub)) {
      return active(store, branch);
    }
  }

  /** The override of a branch that is granted and not closed, if any (whatever its expiry). */
  public static List<PushRules.Grant> active(EventStore store, String branch) throws IOException {
    List<EventStore.Event> events = new ArrayList<>(store.events("override.granted", branch));
    events.addAll(store.events("override.closed", branch));
    events.sort(java.util.Comparator.comparing(EventStore.Event::at));
    PushRules.Grant open = null;
    for (EventStore.Event e : events) {
      if (e.kind().equals("override.closed")) {
        open = null;
      } else {
        JsonNode p = Json.MAPPER.readTree(e.payload());
        open = new PushRules.Grant(branch, e.actor().orElse("unknown"), p.path("reason").asText(),
            Instant.parse(p.path("until").asText()));
      }
    }
    return open == null ? List.of() : List.of(open);
  }

  static EventStore store(Repository hub) throws IOException {
    return EventStore.sqlite(hub.getDirectory().toPath().resolve("junction/junction.db"));
  }
}
