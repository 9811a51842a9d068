package dev.junction.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.junction.plan.Disposition;
import dev.junction.plan.InputError;
import dev.junction.plan.Plan;
import dev.junction.protect.Hook;
import dev.junction.protect.Install;
import dev.junction.protect.PushRules;
import dev.junction.protect.RuleSummary;
import dev.junction.store.EventStore;
import dev.junction.store.StoreEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The push guard (spec 5): what the hub's pre-receive hook judges, installing the hook, and what
 * it enforces. The hook starts a JVM on every push, so judging touches nothing it does not need:
 * the store is read only for a push to a protected branch, and only when there is one.
 */
public final class GuardService {
  private final Workspace workspace;

  public GuardService(Workspace workspace) {
    this.workspace = Objects.requireNonNull(workspace, "workspace");
  }

  /**
   * A push as the hook receives it.
   *
   * @param updates the ref updates, as git hands them to pre-receive
   * @param environment the hook's environment, where the transport names the authenticated user
   * @param osUser the operating-system user the hook runs as, used only when the transport names none
   */
  public record Push(List<PushRules.Update> updates, Map<String, String> environment, Optional<String> osUser) {
    public Push {
      updates = List.copyOf(updates);
      environment = Map.copyOf(environment);
      Objects.requireNonNull(osUser, "osUser");
    }
  }

  /** How a push was judged; {@code lines} are what the pushing client is told. */
  public sealed interface Judged {
    Disposition disposition();

    List<String> lines();
  }

  /** Every update accepted; those under an override are logged. */
  @JsonTypeName("accepted")
  public record Accepted(List<String> lines, List<PushRules.Decision> decisions) implements Judged {
    @Override
    public Disposition disposition() {
      return Disposition.DONE;
    }
  }

  /** Refused as a whole: an update broke a rule, or no plan could judge (fail closed). Nothing is logged. */
  @JsonTypeName("refused")
  public record Refused(List<String> lines, List<PushRules.Decision> decisions) implements Judged {
    @Override
    public Disposition disposition() {
      return Disposition.NO;
    }
  }

  /**
   * Judges a push by the hub's plans, with who pushes taken from the transport (trust model);
   * when it is accepted, appends {@code override.push} for each update an override let through.
   */
  public Judged judge(Push push) throws IOException {
    Optional<String> pusher = Hook.pusher(workspace.repository(), push.environment(), push.osUser().orElse(null));
    Instant now = workspace.clock().instant();
    Hook.Judgement judgement = Hook.judge(workspace.repository(), push.updates(), pusher, this::overrides, now);
    if (judgement.refused()) {
      return new Refused(judgement.lines(), judgement.decisions());
    }
    for (PushRules.Decision d : judgement.decisions()) {
      if (d.underOverride()) {
        Hook.pushed(workspace.store(), d, pusher, now);
      }
    }
    return new Accepted(judgement.lines(), judgement.decisions());
  }

  /** What the post-receive hook recorded: one {@code branch.moved} event per ref the push moved. */
  @JsonTypeName("received")
  public record Received(List<Long> events) {
    public Received {
      events = List.copyOf(events);
    }
  }

  /**
   * Records an accepted push, as the hub's post-receive hook hands it over: a {@code branch.moved}
   * event per update, about the branch (or the ref, outside {@code refs/heads/}), by the pusher
   * the transport names. The server's event stream carries them to subscribers.
   */
  public Received received(Push push) throws IOException {
    Optional<String> pusher = Hook.pusher(workspace.repository(), push.environment(), push.osUser().orElse(null));
    Instant now = workspace.clock().instant();
    List<Long> ids = new ArrayList<>();
    for (PushRules.Update u : push.updates()) {
      String subject = u.ref().startsWith("refs/heads/") ? u.ref().substring("refs/heads/".length()) : u.ref();
      ids.add(workspace.store().append(now, subject, pusher,
          new StoreEvent.BranchMoved(u.ref(), u.oldId(), u.newId(), pusher.orElse(""))));
    }
    return new Received(ids);
  }

  private List<PushRules.Grant> overrides(String branch) throws IOException {
    Optional<EventStore> store = workspace.existingStore();
    return store.isEmpty() ? List.of() : Hook.active(store.get(), branch);
  }

  /**
   * What to install: the hub as the installer named it (for what they are told), the Java
   * launcher and class path the hook starts with, and the coordination branch (else found from the
   * plans on the hub's branches).
   */
  public record Installation(Path hub, String java, String classPath, Optional<String> coordination) {
    public Installation {
      Objects.requireNonNull(hub, "hub");
      Objects.requireNonNull(java, "java");
      Objects.requireNonNull(classPath, "classPath");
      Objects.requireNonNull(coordination, "coordination");
    }
  }

  /**
   * Where a hub is, before opening it: a bare repository.
   *
   * @throws InvalidInput naming {@code hub} for anything else (a work tree, nothing)
   */
  public static Path hub(Path dir) {
    if (!Files.isDirectory(dir.resolve("objects")) || !Files.isRegularFile(dir.resolve("HEAD"))) {
      throw new InvalidInput(new InputError("hub", dir + " is not a bare git repository"));
    }
    return dir;
  }

  /**
   * Installs the hook into the workspace's hub.
   *
   * @throws InvalidInput for a repository that is not bare, no such coordination branch, no valid plan
   */
  public Install.Installed install(Installation i) throws IOException, InterruptedException {
    Install.Outcome outcome = Install.install(workspace.repository(), i.hub(), i.java(), i.classPath(), i.coordination());
    if (outcome instanceof Install.Invalid invalid) {
      throw new InvalidInput(invalid.errors());
    }
    return (Install.Installed) outcome;
  }

  /** An override that is open now. */
  public record OpenOverride(String branch, String by, String reason, Instant until) {}

  /**
   * What the hub's guard enforces.
   *
   * @param installed whether the hub's pre-receive hook is Junction's
   * @param coordination the coordination branch the hub's config names
   * @param plan {@code valid}, or why every push is refused
   * @param options the protection switches; absent without a valid plan
   * @param branches the guarded branches and their rules
   * @param overrides overrides open now
   */
  @JsonTypeName("guard-status")
  public record GuardStatus(boolean installed, Optional<String> coordination, String plan,
      @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<List<String>> options, List<RuleSummary.Guarded> branches,
      List<OpenOverride> overrides) {
    public GuardStatus {
      branches = List.copyOf(branches);
      overrides = List.copyOf(overrides);
    }

    /** Done when the guard is installed, "no" when it is not. */
    public Disposition disposition() {
      return installed ? Disposition.DONE : Disposition.NO;
    }
  }

  public GuardStatus status() throws IOException {
    boolean installed = Install.installed(workspace.repository());
    Optional<String> coordination = Hook.coordination(workspace.repository());
    Optional<Plan> plan = Hook.coordinationPlan(workspace.repository());
    if (plan.isEmpty()) {
      return new GuardStatus(installed, coordination, "missing or invalid: every push is refused", Optional.empty(),
          List.of(), List.of());
    }
    Plan p = plan.get();
    List<OpenOverride> open = new ArrayList<>();
    Optional<EventStore> store = workspace.existingStore();
    if (store.isPresent()) {
      Instant now = workspace.clock().instant();
      for (String b : List.of(p.branches().coordination(), p.branches().main())) {
        for (PushRules.Grant g : Hook.active(store.get(), b)) {
          if (now.isBefore(g.until())) {
            open.add(new OpenOverride(b, g.grantedBy(), g.reason(), g.until()));
          }
        }
      }
    }
    return new GuardStatus(installed, coordination, "valid", Optional.of(RuleSummary.options(p)), RuleSummary.branches(p),
        open);
  }
}
