package dev.junction.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.conflict.Check;
import dev.junction.conflict.Radar;
import dev.junction.gate.Gates;
import dev.junction.git.PlanStatus;
import dev.junction.land.EmergencyOverride;
import dev.junction.land.Landing;
import dev.junction.land.Recovery;
import dev.junction.land.Rollback;
import dev.junction.land.Sync;
import dev.junction.protect.Install;
import dev.junction.review.Requests;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonContractTest {
  static final List<Class<?>> OUTCOMES = List.of(Landing.Outcome.class, Rollback.Outcome.class,
      EmergencyOverride.Outcome.class, Sync.Outcome.class, Requests.Opening.class, Requests.Acted.class,
      Install.Outcome.class, Check.Outcome.class, Radar.Outcome.class, Gates.Outcome.class, PlanStatus.Outcome.class,
      PlanService.ViewOutcome.class, PlanService.BoardOutcome.class, ConflictService.CheckOutcome.class,
      EscalationService.Outcome.class, StatusService.Outcome.class, Recovery.Report.class,
      RequestService.Listed.class, RequestService.Shown.class, GuardService.Judged.class, GuardService.GuardStatus.class,
      ClashService.ResolveOutcome.class, TokenService.IssueOutcome.class, TokenService.RevokeOutcome.class,
      Authorization.Acting.class, IdempotencyService.Began.class);

  @Test
  void everyOutcomeCaseNamesItselfUniquelyWithinItsFamily() {
    for (Class<?> family : OUTCOMES) {
      Set<String> names = new HashSet<>();
      List<Class<?>> cases = new ArrayList<>();
      collect(family, cases);
      assertThat(cases).as(family.getName()).isNotEmpty();
      for (Class<?> c : cases) {
        String name = JsonContract.typeName(c);
        assertThat(name).as(c.getName()).matches("[a-z]+(-[a-z]+)*");
        // the names the first version derived from class names stay the contract
        assertThat(name).isEqualTo(c.getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT));
        assertThat(names.add(name)).as("duplicate " + name + " in " + family.getName()).isTrue();
      }
    }
  }

  private static void collect(Class<?> type, List<Class<?>> out) {
    if (type.isSealed()) {
      for (Class<?> sub : type.getPermittedSubclasses()) {
        collect(sub, out);
      }
    } else {
      assertThat(java.lang.reflect.Modifier.isPublic(type.getModifiers()))
          .as(type.getName() + ": no private intermediate type implements a public outcome").isTrue();
      out.add(type);
    }
  }

  @Test
  void everyLandingAndGateOutcomeHasADisposition() throws Exception {
    for (Class<?> family : List.of(Landing.Outcome.class, Rollback.Outcome.class, Sync.Outcome.class,
        Recovery.Report.class, Gates.Outcome.class)) {
      assertThat(family.getMethod("disposition").getReturnType()).as(family.getName())
          .isEqualTo(dev.junction.plan.Disposition.class);
    }
  }

  record Unnamed(int x) {}

  @Test
  void aCaseWithoutANameIsRefused() {
    assertThatThrownBy(() -> JsonContract.tagged(new Unnamed(1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("@JsonTypeName");
  }

  @com.fasterxml.jackson.annotation.JsonTypeName("named")
  record Named(int x, java.util.Optional<String> y) {}

  @Test
  void taggedPutsTheNameFirstAndEveryComponentAfter() {
    assertThat(JsonContract.tagged(new Named(3, java.util.Optional.empty())))
        .containsExactly(java.util.Map.entry("outcome", "named"), java.util.Map.entry("x", 3),
            java.util.Map.entry("y", java.util.Optional.empty()));
    assertThat(JsonContract.write(new Named(3, java.util.Optional.of("a")))).contains("\"y\" : \"a\"");
  }
}
