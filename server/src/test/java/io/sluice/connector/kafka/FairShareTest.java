package io.sluice.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Max-min fair splitting of a per-trigger offset budget. */
class FairShareTest {
  @Test
  void equalBacklogsGetEqualSharesAndTheRemainderGoesToTheLast() {
    assertThat(FairShare.split(Map.of(0, 100L, 1, 100L, 2, 100L), 10))
        .containsExactly(Map.entry(0, 3L), Map.entry(1, 3L), Map.entry(2, 4L));
  }

  @Test
  void aSmallBacklogLeavesItsUnusedShareToTheOthers() {
    assertThat(FairShare.split(Map.of(0, 1L, 1, 5L, 2, 10L), 6))
        .containsExactly(Map.entry(0, 1L), Map.entry(1, 2L), Map.entry(2, 3L));
    assertThat(FairShare.split(Map.of(0, 0L, 1, 2L, 2, 50L), 20))
        .containsExactly(Map.entry(0, 0L), Map.entry(1, 2L), Map.entry(2, 18L));
  }

  @Test
  void aBudgetAboveTheBacklogTakesEverything() {
    assertThat(FairShare.split(Map.of(0, 4L, 1, 7L), 1_000))
        .containsExactly(Map.entry(0, 4L), Map.entry(1, 7L));
    assertThat(FairShare.split(Map.of(), 5)).isEmpty();
  }

  @Test
  void rejectsANonPositiveBudget() {
    assertThatThrownBy(() -> FairShare.split(Map.of(0, 1L), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
