package dev.junction.cli;

import dev.junction.git.TargetPlan;
import dev.junction.land.EmergencyOverride;
import dev.junction.plan.Plan;
import dev.junction.review.ConflictLog;
import dev.junction.review.Escalations;
import dev.junction.store.Reviews;
import dev.junction.store.EventStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code junction escalations}: what is overdue now, recorded once per level reached. */
@Command(
    name = "escalations",
    mixinStandardHelpOptions = true,
    description = {
      "Lists what is overdue now: merge requests waiting for a review past spec",
      "7.4's maximum time (the reviewers are pinged; after twice the maximum a",
      "backup reviewer is assigned, by this command; after three times the",
      "coordinator intervenes) and conflicts unresolved past spec 3.3's thresholds",
      "(30 min: the sessions coordinate through STATUS files; 60 min: coordination",
      "branch and task board; 120 min: architectural review), and emergency overrides",
      "whose review (due within the hour, spec 5.4) is not recorded. Each level reached is",
      "recorded once as an escalation event. Run it on a schedule."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  junction escalations",
      "  junction escalations --repo /srv/hub.git --json",
      "%nExit codes:%n"
          + "  0  nothing is due%n"
          + "  1  something is due (listed with who acts and what to do)%n"
          + "  2  bad input (not a repository, invalid plan)%n"
          + "  70 internal error"
    })
final class EscalationsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin Shared shared;

  @Option(names = "--into", paramLabel = "TARGET",
      description = "The branch whose plan names members and roles (default: the coordination branch).")
  String into;

  /** One escalation as shown and recorded. */
  record Shown(Escalations.Escalation escalation, boolean recorded, Optional<String> assigned) {}

  @Override
  public Integer call() throws Exception {
    Optional<Repository> opened = shared.open();
    if (opened.isEmpty()) {
      return Problems.report(spec, shared.json, "--repo", "not a git repository: " + shared.where());
    }
    Instant now = Clock.tickSeconds(java.time.ZoneOffset.UTC).instant();
    List<Shown> shown = new ArrayList<>();
    try (Repository repo = opened.get()) {
      TargetPlan.Found found = TargetPlan.load(repo, Optional.ofNullable(into));
      if (found instanceof TargetPlan.Invalid invalid) {
        return Problems.report(spec, shared.json, invalid.errors());
      }
      Plan plan = ((TargetPlan.Loaded) found).plan();
      // No store means no request and no conflict: nothing can be due, and nothing is created.
      if (Files.exists(repo.getDirectory().toPath().resolve("junction/junction.db"))) {
        try (EventStore store = Shared.store(repo)) {
          for (Escalations.Escalation e : Escalations.due(plan, pending(store), ConflictLog.open(store), now)) {
            shown.add(record(store, e, now));
          }
          for (Escalations.Escalation e : Escalations.overrides(plan, EmergencyOverride.unreviewed(store), now)) {
            shown.add(record(store, e, now));
          }
        }
      }
    }
    print(spec.commandLine().getOut(), now, shown);
    return shown.isEmpty() ? ExitCodes.DONE : ExitCodes.NO;
  }

  /** Every open request with its reviews and assignments. */
  static List<Escalations.Pending> pending(EventStore store) {
    Reviews reviews = store.reviews();
    return reviews.requests(Optional.of("open")).stream()
        .map(r -> new Escalations.Pending(r, reviews.reviews(r.number()), reviews.assignments(r.number()))).toList();
  }

  /** Appends the level's event unless it was recorded already, and assigns the backup reviewer it chose. */
  private static Shown record(EventStore store, Escalations.Escalation e, Instant now) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("level", e.level().word());
    payload.put("about", e.about());
    payload.put("since", e.since().toString());
    payload.put("who", e.who());
    payload.put("action", e.action());
    boolean recorded = store.appendOnce(new EventStore.Event(now, "escalation", e.subject(), Optional.empty(), json(payload)));
    Optional<String> assigned = Optional.empty();
    if (e.assign().isPresent() && e.request().isPresent()) {
      long number = e.request().get();
      String reviewer = e.assign().get();
      Map<String, Object> why = new LinkedHashMap<>();
      why.put("reviewer", reviewer);
      why.put("reason", "backup");
      why.put("escalation", e.subject());
      if (store.reviews().assign(new EventStore.Event(now, "request.assigned", "request:" + number, Optional.empty(),
          json(why)), number, reviewer, "backup")) {
        assigned = Optional.of(reviewer);
      }
    }
    return new Shown(e, recorded, assigned);
  }

  private void print(PrintWriter out, Instant now, List<Shown> shown) {
    if (shared.json) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("at", now.toString());
      json.put("due", shown.stream().map(EscalationsCommand::json).toList());
      Json.print(out, json);
      return;
    }
    if (shown.isEmpty()) {
      out.printf("Nothing is due at %s.%n", now);
      return;
    }
    out.printf("Due at %s (%d):%n", now, shown.size());
    for (Shown s : shown) {
      Escalations.Escalation e = s.escalation();
      out.printf("  %-40s %-13s since %s%s%n", e.about(), e.level(), e.since(), s.recorded() ? "  (new)" : "");
      out.printf("      who: %s%s%n", e.who().isEmpty() ? "nobody named" : String.join(", ", e.who()),
          s.assigned().map(r -> " (assigned as backup reviewer now)").orElse(""));
      out.printf("      do:  %s%n", e.action());
    }
  }

  private static Map<String, Object> json(Shown s) {
    Escalations.Escalation e = s.escalation();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("subject", e.subject());
    out.put("level", e.level().word());
    out.put("about", e.about());
    out.put("request", e.request().orElse(null));
    out.put("waitingSince", e.waitingSince().toString());
    out.put("since", e.since().toString());
    out.put("who", e.who());
    out.put("action", e.action());
    out.put("sessions", e.sessions().stream().sorted().toList());
    out.put("assigned", s.assigned().orElse(null));
    out.put("new", s.recorded());
    return out;
  }

  private static String json(Map<String, Object> payload) {
    return dev.junction.store.EventCodec.write(payload);
  }
}
