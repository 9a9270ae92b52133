package io.sluice.exec.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connector.JavaRows;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * COUNT(DISTINCT) over longs counts as the boxed accumulator does (NULLs and filtered rows left
 * out), and the two read each other's checkpointed groups.
 */
class LongCountDistinctAccumulatorTest {
  private static final List<Column> INPUT =
      List.of(Column.of("v", ColumnType.BIGINT), Column.of("keep", ColumnType.BOOLEAN));

  /** Rows 0..99: value i % 7 (NULL every 10th), kept unless i % 3 == 0; group i % 2. */
  private static Batch input() {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      rows.add(new Object[] {i % 10 == 0 ? null : (long) (i % 7) * 1_000_000_007L, i % 3 != 0});
    }
    return JavaRows.toBatch(INPUT, rows);
  }

  private static long[] counts(Accumulator accumulator) {
    Batch batch = input();
    int[] rows = new int[100];
    int[] groups = new int[100];
    for (int i = 0; i < 100; i++) {
      rows[i] = i;
      groups[i] = i % 2;
    }
    accumulator.ensureGroups(3);
    accumulator.reset(0);
    accumulator.reset(1);
    accumulator.reset(2);
    accumulator.accumulate(batch, rows, groups, 100);
    LongVector out = new LongVector(3);
    for (int group = 0; group < 3; group++) {
      accumulator.write(group, out, group);
    }
    return new long[] {out.get(0), out.get(1), out.get(2)};
  }

  @Test
  void countsAsTheBoxedAccumulatorDoes() {
    assertThat(counts(new LongCountDistinctAccumulator(0, 1)))
        .containsExactly(counts(new CountDistinctAccumulator(0, 1)))
        .containsExactly(7, 7, 0);
  }

  @Test
  void checkpointedGroupsReadBackIntoEitherAccumulator() throws Exception {
    Accumulator unboxed = new LongCountDistinctAccumulator(0, -1);
    Accumulator boxed = new CountDistinctAccumulator(0, -1);
    counts(unboxed);
    counts(boxed);

    Accumulator fromUnboxed = new CountDistinctAccumulator(0, -1);
    Accumulator fromBoxed = new LongCountDistinctAccumulator(0, -1);
    copyGroup(unboxed, fromUnboxed, 1);
    copyGroup(boxed, fromBoxed, 1);

    LongVector out = new LongVector(2);
    fromUnboxed.write(1, out, 0);
    fromBoxed.write(1, out, 1);
    assertThat(out.get(0)).isEqualTo(7);
    assertThat(out.get(1)).isEqualTo(7);
    // The restored sets hold the values, not just their number: merging finds no new one.
    fromBoxed.ensureGroups(3);
    fromBoxed.combine(1, 2);
    fromBoxed.combine(1, 2);
    fromBoxed.write(2, out, 1);
    assertThat(out.get(1)).isEqualTo(7);
  }

  /**
   * Many ids per group (enough for pages) among wide values, with groups merged, combined, reset
   * and checkpointed in between: the counts of the boxed accumulator every round.
   */
  @Test
  void countsAsTheBoxedAccumulatorDoesOverManyIds() throws Exception {
    int groups = 4;
    Accumulator unboxed = new LongCountDistinctAccumulator(0, 1);
    Accumulator boxed = new CountDistinctAccumulator(0, 1);
    for (Accumulator accumulator : List.of(unboxed, boxed)) {
      accumulator.ensureGroups(groups);
      for (int group = 0; group < groups; group++) {
        accumulator.reset(group);
      }
    }
    Random random = new Random(11);
    for (int round = 0; round < 30; round++) {
      List<Object[]> rows = new ArrayList<>();
      int[] groupOf = new int[2_000];
      for (int i = 0; i < groupOf.length; i++) {
        long value = random.nextInt(8) == 0 ? random.nextLong() : 1_000 + random.nextInt(40_000);
        rows.add(new Object[] {random.nextInt(50) == 0 ? null : value, random.nextInt(5) > 0});
        groupOf[i] = random.nextInt(groups - 1);
      }
      Batch batch = JavaRows.toBatch(INPUT, rows);
      int[] rowIndexes = IntStream.range(0, groupOf.length).toArray();
      unboxed.accumulate(batch, rowIndexes, groupOf, groupOf.length);
      boxed.accumulate(batch, rowIndexes, groupOf, groupOf.length);
      int from = round % (groups - 1);
      int into = (round + 1) % (groups - 1);
      switch (round % 5) {
        case 1 -> {
          unboxed.combine(from, groups - 1);
          boxed.combine(from, groups - 1);
        }
        case 2 -> {
          unboxed.merge(from, into);
          boxed.merge(from, into);
        }
        case 3 -> {
          copyGroup(unboxed, unboxed, into);
          copyGroup(boxed, boxed, into);
        }
        case 4 -> {
          unboxed.reset(groups - 1);
          boxed.reset(groups - 1);
        }
        default -> {}
      }
      LongVector out = new LongVector(2 * groups);
      for (int group = 0; group < groups; group++) {
        unboxed.write(group, out, group);
        boxed.write(group, out, groups + group);
        assertThat(out.get(group))
            .as("round %d, group %d", round, group)
            .isEqualTo(out.get(groups + group));
      }
    }
    LongVector out = new LongVector(1);
    unboxed.write(1, out, 0);
    assertThat(out.get(0)).isGreaterThan(10_000);
  }

  /** Writes a group's state and reads it back into {@code into} (which may be {@code from}). */
  private static void copyGroup(Accumulator from, Accumulator into, int group) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      from.writeState(out, group);
    }
    into.ensureGroups(group + 1);
    into.reset(group);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      into.readState(in, group);
    }
  }
}
