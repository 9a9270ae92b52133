package io.sluice.connector.datagen.nexmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Nexmark draws equal {@link SplittableRandom}'s from the same seed, draw for draw, so the
 * events stay what they were: every bound the generator uses, powers of two, and bounds near the
 * type's limit, where most candidates are rejected and drawn again.
 */
class NexmarkRandomTest {
  private static final int[] INT_BOUNDS = {
    1,
    2,
    3,
    4,
    5,
    6,
    9,
    10,
    11,
    13,
    26,
    50,
    100,
    10_000,
    65_536,
    1 << 30,
    (1 << 30) + 1,
    Integer.MAX_VALUE
  };
  private static final long[] LONG_BOUNDS = {
    1, 2, 7, 100, 1L << 40, (1L << 62) + 1, Long.MAX_VALUE / 3 * 2, Long.MAX_VALUE
  };

  @Test
  void drawsWhatSplittableRandomDrawsFromTheSameSeed() {
    SplittableRandom seeds = new SplittableRandom(7);
    for (int s = 0; s < 2_000; s++) {
      long seed = s < 3 ? s - 1 : seeds.nextLong();
      SplittableRandom expected = new SplittableRandom(seed);
      NexmarkRandom actual = new NexmarkRandom(seed);
      for (int i = 0; i < 60; i++) {
        switch (i % 5) {
          case 0 -> assertThat(actual.nextInt()).isEqualTo(expected.nextInt());
          case 1 -> assertThat(actual.nextLong()).isEqualTo(expected.nextLong());
          case 2 -> {
            int bound = INT_BOUNDS[(s + i) % INT_BOUNDS.length];
            assertThat(actual.nextInt(bound))
                .as("bound %d", bound)
                .isEqualTo(expected.nextInt(bound));
          }
          case 3 -> {
            long bound = LONG_BOUNDS[(s + i) % LONG_BOUNDS.length];
            assertThat(actual.nextLong(bound))
                .as("bound %d", bound)
                .isEqualTo(expected.nextLong(bound));
          }
          default -> assertThat(actual.nextDouble()).isEqualTo(expected.nextDouble());
        }
      }
    }
  }

  @Test
  void aReseededGeneratorDrawsAsANewOneFromThatSeed() {
    NexmarkRandom reused = new NexmarkRandom(1);
    for (long seed = 10; seed < 20; seed++) {
      reused.nextLong();
      reused.reseed(seed);
      NexmarkRandom fresh = new NexmarkRandom(seed);
      for (int i = 0; i < 10; i++) {
        assertThat(reused.nextInt(1_000)).isEqualTo(fresh.nextInt(1_000));
      }
    }
  }

  @Test
  void aBoundMustBePositive() {
    NexmarkRandom random = new NexmarkRandom(1);
    assertThatThrownBy(() -> random.nextInt(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> random.nextLong(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
