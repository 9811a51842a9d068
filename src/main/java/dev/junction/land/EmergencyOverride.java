package dev.junction.land;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.junction.plan.Disposition;
import dev.junction.plan.InputError;
import dev.junction.plan.Member;
import dev.junction.plan.Plan;
import dev.junction.plan.Role;
import dev.junction.plan.Session;
import dev.junction.store.EventStore;
import dev.junction.store.EventStore.Stored;
import dev.junction.store.StoreEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;

/**
 * The emergency override of spec 5.4: a coordinator lets pushes to a protected branch through for
 * a while, with who, why and until when recorded, an {@code EMERGENCY-OVERRIDE-<timestamp>.md}
 * record written, and a review due within the hour. The push guard reads the grant from the store;
 * protection comes back by itself when the time runs out, or at {@link #close}.
 */
public final class EmergencyOverride {
  /** The shortest override one grant gives. */
  public static final Duration MIN_TTL = Duration.ofMinutes(1);
  /** The longest override one grant gives. */
  public static final Duration MAX_TTL = Duration.ofHours(4);
  /** What a length outside {@link #MIN_TTL} and {@link #MAX_TTL} is told. */
  public static final String TTL_BOUNDS = "between 1 minute and 4 hours";
  /** Spec 5.4 step 4: the post-override review is due within one hour. */
  public static final Duration REVIEW_WITHIN = Duration.ofHours(1);

  private EmergencyOverride() {}

  /** How a grant, a close or a review ended. */
  public sealed interface Outcome {
    Disposition disposition();
  }

  /** Granted: until when, the record written, and when its review is due. */
  @JsonTypeName("granted")
  public record Granted(String branch, String by, String reason, Instant until, String record, Instant reviewDue)
      implements Outcome {
    @Override
    public Disposition disposition() {
      return Disposition.DONE;
    }
  }

  /** Closed: the branch is protected again. */
  @JsonTypeName("closed")
  public record Closed(String branch, String by) implements Outcome {
    @Override
    public Disposition disposition() {
      return Disposition.DONE;
    }
  }

  /** Not allowed for this actor (no coordinator role, the grantor reviewing), or no override to act on. */
  @JsonTypeName("not-allowed")
  public record NotAllowed(String reason) implements Outcome {
    @Override
    public Disposition disposition() {
      return Disposition.NO;
    }
  }

  /**
   * Bad input in the operation's words ({@code branch}, {@code reason}, {@code ttl},
   * {@code notes}, {@code actor}); nothing recorded. The application service raises it as
   * invalid input instead of answering it.
   */
  @JsonTypeName("invalid")
  public record Invalid(List<InputError> errors) implements Outcome {
    public Invalid {
      errors = List.copyOf(errors);
    }

    @Override
    public Disposition disposition() {
      return Disposition.INVALID;
    }
  }

  public static Outcome grant(Repository hub, EventStore store, Plan plan, String branch, String reason, Duration ttl,
      PersonIdent actor, Clock clock) throws IOException {
    if (!branch.equals(plan.branches().coordination()) && !branch.equals(plan.branches().main())) {
      return invalid("branch", "'" + branch + "' is not protected: overrides are for " + plan.branches().coordination()
          + " and " + plan.branches().main());
    }
    if (reason.isBlank()) {
      return invalid("reason", "give the reason (spec 5.4 step 1: document it)");
    }
    if (!withinBounds(ttl)) {
      return invalid("ttl", TTL_BOUNDS);
    }
    Optional<Member> member = coordinator(plan, actor.getEmailAddress());
    if (member.isEmpty()) {
      return new NotAllowed(actor.getEmailAddress() + " does not have the coordinator role: only a coordinator grants"
          + " an emergency override (spec 5.4)");
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant until = now.plus(ttl);
    Instant due = now.plus(REVIEW_WITHIN);
    Path dir = hub.getDirectory().toPath().resolve("junction/overrides");
    Files.createDirectories(dir);
    Path record = writeRecord(dir, DateTimeFormatter.ISO_INSTANT.format(now).replace(":", ""), "## EMERGENCY OVERRIDE - "
        + now + "\n"
        + "**Reason:** " + reason + "\n"
        + "**Action:** pushes to " + branch + " pass the push guard until " + until + " (every one is logged with its old"
        + " and new ids)\n"
        + "**Approver:** " + member.get().name() + " <" + member.get().email() + ">\n"
        + "**Review:** due by " + due + " (spec 5.4 step 4: within one hour)\n"
        + "**Rollback:** junction rollback MERGE --reason TEXT, or git revert of the pushed commits\n"
        + "**Restore protection:** automatic at " + until + ", or junction override close --branch " + branch + "\n");
    store.append(now, branch, Optional.of(actor.getEmailAddress()),
        new StoreEvent.OverrideGranted(reason, until, due, record.toString()));
    return new Granted(branch, actor.getEmailAddress(), reason, until, record.toString(), due);
  }

  /**
   * Writes a new record named {@code EMERGENCY-OVERRIDE-<stamp>.md}, else, when a record of that
   * name exists (another grant in the same second, by this process or another),
   * {@code EMERGENCY-OVERRIDE-<stamp>-2.md}, {@code -3} and so on: each file is created exclusively,
   * so no grant's record ever replaces another's.
   */
  static Path writeRecord(Path dir, String stamp, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int n = 1; ; n++) {
      Path record = dir.resolve("EMERGENCY-OVERRIDE-" + stamp + (n == 1 ? "" : "-" + n) + ".md");
      try {
        Files.write(record, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return record;
      } catch (FileAlreadyExistsException taken) {
        // Another grant's record: try the next name.
      }
    }
  }

  public static Outcome close(EventStore store, Plan plan, String branch, PersonIdent actor, Clock clock) throws IOException {
    if (coordinator(plan, actor.getEmailAddress()).isEmpty()) {
      return new NotAllowed(actor.getEmailAddress() + " does not have the coordinator role: only a coordinator closes an"
          + " override");
    }
    store.append(clock.instant(), branch, Optional.of(actor.getEmailAddress()), new StoreEvent.OverrideClosed());
    return new Closed(branch, actor.getEmailAddress());
  }

  /** The review of an override is recorded. */
  @JsonTypeName("reviewed")
  public record Reviewed(String branch, String by, Instant grantedAt, String notes) implements Outcome {
    @Override
    public Disposition disposition() {
      return Disposition.DONE;
    }
  }

  /**
   * Records the post-override review (spec 5.4 step 4) of the oldest override granted on a branch
   * and not reviewed yet (else of the latest, reviewed again): by a plan member other than the one
   * who granted it. The review names its grant by event id, so two grants in the same second are
   * two reviews.
   */
  public static Outcome review(EventStore store, Plan plan, String branch, String notes, PersonIdent actor, Clock clock)
      throws IOException {
    if (notes.isBlank()) {
      return invalid("notes", "say what the review found");
    }
    if (plan.sessions().stream().flatMap(s -> s.members().stream())
        .noneMatch(m -> m.email().equalsIgnoreCase(actor.getEmailAddress()))) {
      return invalid("actor", actor.getEmailAddress() + " is not a member of any session of " + plan.source());
    }
    List<Stored<StoreEvent.OverrideGranted>> grants = store.events(StoreEvent.OverrideGranted.class, branch);
    if (grants.isEmpty()) {
      return new NotAllowed("no override was granted on " + branch);
    }
    List<Stored<StoreEvent.OverrideGranted>> open = unreviewedGrants(store, branch);
    Stored<StoreEvent.OverrideGranted> grant = open.isEmpty() ? grants.get(grants.size() - 1) : open.get(0);
    if (grant.actor().filter(actor.getEmailAddress()::equalsIgnoreCase).isPresent()) {
      return new NotAllowed(actor.getEmailAddress() + " granted this override: someone else reviews it");
    }
    store.append(clock.instant(), branch, Optional.of(actor.getEmailAddress()),
        new StoreEvent.OverrideReviewed(grant.at(), notes, grant.id()));
    return new Reviewed(branch, actor.getEmailAddress(), grant.at(), notes);
  }

  /** Overrides granted and not reviewed yet, oldest first. */
  public static List<dev.junction.review.Escalations.OverrideReview> unreviewed(EventStore store) throws IOException {
    List<dev.junction.review.Escalations.OverrideReview> out = new java.util.ArrayList<>();
    for (Stored<StoreEvent.OverrideGranted> e : unreviewed(store.events(StoreEvent.OverrideGranted.class),
        store.events(StoreEvent.OverrideReviewed.class))) {
      out.add(new dev.junction.review.Escalations.OverrideReview(e.subject(), e.actor().orElse("unknown"), e.at(),
          e.event().reviewDue(), e.event().reason()));
    }
    return out;
  }

  private static List<Stored<StoreEvent.OverrideGranted>> unreviewedGrants(EventStore store, String branch) {
    return unreviewed(store.events(StoreEvent.OverrideGranted.class, branch),
        store.events(StoreEvent.OverrideReviewed.class, branch));
  }

  /**
   * The grants no review names, oldest first: a review names its grant's event id; one written
   * before reviews did names the grant by branch and time, and counts for the first such grant only.
   */
  private static List<Stored<StoreEvent.OverrideGranted>> unreviewed(List<Stored<StoreEvent.OverrideGranted>> grants,
      List<Stored<StoreEvent.OverrideReviewed>> reviews) {
    java.util.Set<Long> ids = new java.util.HashSet<>();
    java.util.Set<String> byTime = new java.util.HashSet<>();
    for (Stored<StoreEvent.OverrideReviewed> r : reviews) {
      if (r.event().grant() != null) {
        ids.add(r.event().grant());
      } else {
        byTime.add(r.subject() + "@" + r.event().grantedAt());
      }
    }
    List<Stored<StoreEvent.OverrideGranted>> out = new java.util.ArrayList<>();
    for (Stored<StoreEvent.OverrideGranted> g : grants) {
      if (!ids.contains(g.id()) && !byTime.remove(g.subject() + "@" + g.at())) {
        out.add(g);
      }
    }
    return out;
  }

  static Optional<Member> coordinator(Plan plan, String email) {
    for (Session s : plan.sessions()) {
      for (Member m : s.members()) {
        if (m.email().equalsIgnoreCase(email) && (m.roles().contains(Role.COORDINATOR) || s.roles().contains(Role.COORDINATOR))) {
          return Optional.of(m);
        }
      }
    }
    return Optional.empty();
  }

  /** Whether {@code ttl} is a length one grant gives: from {@link #MIN_TTL} to {@link #MAX_TTL}, both included. */
  public static boolean withinBounds(Duration ttl) {
    return ttl.compareTo(MIN_TTL) >= 0 && ttl.compareTo(MAX_TTL) <= 0;
  }

  private static final java.util.regex.Pattern TTL = java.util.regex.Pattern.compile(
      "^(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?$");

  /**
   * A duration written {@code 30m}, {@code 2h}, {@code 90s} or {@code 1h30m}, whatever its length
   * ({@link #withinBounds} judges that); empty for anything else. Numbers too large for a
   * {@link Duration} come out as the longest one, so they are out of bounds, never an overflow.
   */
  public static Optional<Duration> ttl(String text) {
    java.util.regex.Matcher m = TTL.matcher(text.trim());
    if (text.isBlank() || !m.matches()) {
      return Optional.empty();
    }
    java.math.BigInteger seconds = java.math.BigInteger.ZERO;
    long[] unit = {3600, 60, 1};
    for (int g = 1; g <= 3; g++) {
      if (m.group(g) != null) {
        seconds = seconds.add(new java.math.BigInteger(m.group(g)).multiply(java.math.BigInteger.valueOf(unit[g - 1])));
      }
    }
    return Optional.of(seconds.bitLength() < Long.SIZE ? Duration.ofSeconds(seconds.longValueExact())
        : Duration.ofSeconds(Long.MAX_VALUE));
  }

  private static Invalid invalid(String field, String message) {
    return new Invalid(List.of(new InputError(field, message)));
  }
}
