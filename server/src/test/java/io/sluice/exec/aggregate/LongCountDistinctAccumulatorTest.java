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
