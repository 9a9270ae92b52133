package io.sluice.exec.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * The bits of each value of a group against a map of value to bits, over dense ids (which take
 * pages), values spread wide (which stay in the group's table), and both interleaved so that pages
 * are made while the table holds values of their range; other groups alongside stay apart.
 */
class GroupedLongBitmasksTest {
  private static final int STEPS = 200_000;

  @Test
  void denseIdsTakePagesAndKeepTheirBits() {
    Random random = new Random(1);
    GroupedLongBitmasks masks = check(() -> 1_000 + random.nextInt(60_000), random);
    assertThat(masks.paged(1)).isTrue();
    // one byte a value, where the table needed about 24
    assertThat(masks.bytes(1)).isLessThan(4L * 60_000);
  }

  @Test
  void aGroupOfAHundredValuesEndsInATableOfTwoHundredFiftySixSlots() {
    GroupedLongBitmasks masks = new GroupedLongBitmasks(1);
    for (long i = 0; i < 100; i++) {
      // beyond the paged range, so every value stays in the table
      assertThat(masks.add(0, (1L << 40) + i * 1_000_003L, 1)).isEqualTo(1);
    }
    // grown 8 -> 32 -> 128 -> 256 slots (two longs each), not 512: fourfold only while small
    assertThat(masks.bytes(0)).isEqualTo(16 + 16 + 8L * 2 * 256);
    assertThat(masks.paged(0)).isFalse();
  }

  @Test
  void valuesSpreadWideStayInTheMap() {
    Random random = new Random(2);
    GroupedLongBitmasks masks = check(() -> random.nextInt(Integer.MAX_VALUE), random);
    assertThat(masks.paged(1)).isFalse();
  }

  @Test
  void pagesMadeBesideTheMapSeeTheMapsValues() {
    Random random = new Random(3);
    // ids growing from zero among values out of the paged range (so every page made after the
    // switch is mixed) and values up to 200 000 ahead of the ids (in the map until they are
    // dense enough, then in pages)
    long[] next = {0};
    GroupedLongBitmasks masks =
        check(
            () ->
                switch (random.nextInt(8)) {
                  case 0 -> (1L << 31) + (random.nextLong() >>> random.nextInt(1, 64));
                  case 1 -> -1 - random.nextInt(1_000);
                  case 2 -> next[0] + random.nextInt(200_000);
                  default -> next[0] += random.nextInt(3);
                },
            random);
    assertThat(masks.paged(1)).isTrue();
  }

  @Test
  void aPageMadeAfterItsValueWentToTheMapSeesIt() {
    GroupedLongBitmasks masks = new GroupedLongBitmasks(1);
    for (long id = 0; id < 2_000; id++) {
      masks.add(0, id, 1);
    }
    assertThat(masks.paged(0)).isTrue();
    long far = 10_000_000;
    // its page would cost more than the values so far justify: it goes to the table
    assertThat(masks.add(0, far, 0b011)).isEqualTo(0b011);
    for (long id = 2_000; id < 10_000; id++) {
      masks.add(0, id, 1);
    }
    // now the neighbour takes a page, which must still see the value in the table
    assertThat(masks.add(0, far + 1, 0b001)).isEqualTo(0b001);
    assertThat(masks.add(0, far, 0b110)).isEqualTo(0b100);
    assertThat(masks.add(0, far, 0b111)).isZero();
    masks.clear(0, 0b011);
    assertThat(masks.add(0, far, 0b111)).isEqualTo(0b011);
    assertThat(masks.add(0, far + 1, 0b001)).isEqualTo(0b001);
  }

  @Test
  void sparseValuesInThePagedRangeCostNoMoreThanTwiceTheMap() {
    Random random = new Random(4);
    long next = 0;
    // dense first (pages taken), then one value in every 5 000: new pages would be mostly empty;
    // group 1 holds the same values negated, which only a table can hold
    GroupedLongBitmasks masks = new GroupedLongBitmasks(2);
    for (int i = 0; i < 120_000; i++) {
      next += i < 20_000 ? 1 : 5_000;
      int bits = 1 << random.nextInt(GroupedLongBitmasks.MAX_BITS);
      masks.add(0, next, bits);
      masks.add(1, -next, bits);
    }
    assertThat(masks.paged(0)).isTrue();
    assertThat(masks.paged(1)).isFalse();
    assertThat(masks.bytes(0)).isLessThan(2 * masks.bytes(1));
  }

  /**
   * Adds values from {@code values} to group 1 with random bits, clearing bits now and then,
   * against a map; groups 0 and 2 take small values (every tenth step) and are emptied now and
   * then.
   */
  private static GroupedLongBitmasks check(LongSupplier values, Random random) {
    GroupedLongBitmasks masks = new GroupedLongBitmasks(2);
    masks.ensureGroups(3);
    List<Map<Long, Integer>> model = List.of(new HashMap<>(), new HashMap<>(), new HashMap<>());
    for (int step = 0; step < STEPS; step++) {
      int group = random.nextInt(10) > 0 ? 1 : random.nextInt(2) * 2;
      Map<Long, Integer> expected = model.get(group);
      int operation = random.nextInt(50_000);
      if (operation == 0) {
        int bits = 1 << random.nextInt(GroupedLongBitmasks.MAX_BITS);
        masks.clear(group, bits);
        expected.replaceAll((value, had) -> had & ~bits);
        expected.values().removeIf(had -> had == 0);
      } else if (operation < 5 && group != 1) {
        masks.reset(group);
        expected.clear();
      } else {
        long value = group == 1 ? values.getAsLong() : random.nextInt(5_000);
        int bits = random.nextInt(1 << GroupedLongBitmasks.MAX_BITS);
        int had = expected.getOrDefault(value, 0);
        assertThat(masks.add(group, value, bits))
            .as("step %d, group %d, value %d", step, group, value)
            .isEqualTo(bits & ~had);
        if ((had | bits) != 0) {
          expected.put(value, had | bits);
        }
      }
      if (step % 20_000 == 0 || step == STEPS - 1) {
        for (int g = 0; g < 3; g++) {
          assertThat(contents(masks, g)).as("step %d, group %d", step, g).isEqualTo(model.get(g));
        }
      }
    }
    return masks;
  }

  /** Every value's bits, a value delivered twice having its bits joined. */
  private static Map<Long, Integer> contents(GroupedLongBitmasks masks, int group) {
    Map<Long, Integer> contents = new HashMap<>();
    masks.forEach(
        group,
        (value, bits) -> {
          assertThat(bits).as("value %d", value).isNotZero();
          Integer before = contents.put(value, bits);
          if (before != null) {
            assertThat(before & bits).as("value %d delivered twice", value).isZero();
            contents.put(value, before | bits);
          }
        });
    return contents;
  }
}
