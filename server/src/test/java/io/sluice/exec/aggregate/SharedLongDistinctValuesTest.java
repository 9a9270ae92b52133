package io.sluice.exec.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connector.JavaRows;
import io.sluice.plan.spec.AggregateCallSpec;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * COUNT(DISTINCT) calls over one column with different FILTERs, sharing one map of values, count
 * exactly as separate accumulators do — accumulating, merging, combining, resetting and across a
 * checkpoint written by either kind.
 */
class SharedLongDistinctValuesTest {
  private static final List<Column> INPUT =
      List.of(
          Column.of("v", ColumnType.BIGINT),
          Column.of("low", ColumnType.BOOLEAN),
          Column.of("high", ColumnType.BOOLEAN),
          Column.of("w", ColumnType.BIGINT));
  private static final int GROUPS = 6;

  /** COUNT(DISTINCT v), … FILTER (WHERE low), … FILTER (WHERE high), COUNT(DISTINCT w). */
  private static List<AggregateCallSpec> calls() {
    return List.of(
        distinct(0, -1), distinct(0, 1), distinct(0, 2), distinct(3, -1), distinct(3, 1));
  }

  private static AggregateCallSpec distinct(int argument, int filter) {
    return new AggregateCallSpec(
        AggregateCallSpec.Function.COUNT_DISTINCT,
        argument,
        filter,
        ColumnType.BIGINT,
        ColumnType.BIGINT,
        0,
        "c",
        List.of(argument),
        List.of(ColumnType.BIGINT),
        null,
        true);
  }

  private static List<Accumulator> separate() {
    List<Accumulator> accumulators = new ArrayList<>();
    for (AggregateCallSpec call : calls()) {
      accumulators.add(Accumulators.create(call, false));
    }
    return accumulators;
  }

  private static Batch batch(Random random, int size) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      rows.add(
          new Object[] {
            random.nextInt(15) == 0 ? null : (long) random.nextInt(40),
            random.nextInt(9) == 0 ? null : random.nextBoolean(),
            random.nextBoolean(),
            (long) random.nextInt(25)
          });
    }
    return JavaRows.toBatch(INPUT, rows);
  }

  private static void accumulate(List<Accumulator> accumulators, Batch batch, Random random) {
    int count = batch.rowCount();
    int[] rows = new int[count];
    int[] groups = new int[count];
    for (int i = 0; i < count; i++) {
      rows[i] = i;
      groups[i] = random.nextInt(GROUPS - 1);
    }
    for (Accumulator accumulator : accumulators) {
      accumulator.accumulate(batch, rows, groups, count);
    }
  }

  private static List<Long> results(List<Accumulator> accumulators) {
    List<Long> results = new ArrayList<>();
    LongVector out = new LongVector(GROUPS);
    for (Accumulator accumulator : accumulators) {
      for (int group = 0; group < GROUPS; group++) {
        accumulator.write(group, out, group);
        results.add(out.get(group));
      }
    }
    return results;
  }

  private static void start(List<Accumulator> accumulators) {
    for (Accumulator accumulator : accumulators) {
      accumulator.ensureGroups(GROUPS);
      for (int group = 0; group < GROUPS; group++) {
        accumulator.reset(group);
      }
    }
  }

  @Test
  void callsOverOneColumnShareOneMap() {
    List<Accumulator> shared = Accumulators.create(calls(), false);
    assertThat(shared)
        .allSatisfy(a -> assertThat(a).isInstanceOf(SharedLongCountDistinctAccumulator.class));
    assertThat(Accumulators.create(calls(), true))
        .noneSatisfy(a -> assertThat(a).isInstanceOf(SharedLongCountDistinctAccumulator.class));
  }

  @Test
  void sharedCountsEqualSeparateCounts() throws Exception {
    List<Accumulator> shared = Accumulators.create(calls(), false);
    List<Accumulator> separate = separate();
    start(shared);
    start(separate);
    long seed = 21;
    for (int round = 0; round < 40; round++) {
      Batch batch = batch(new Random(seed + round), 50);
      accumulate(shared, batch, new Random(seed * 31 + round));
      accumulate(separate, batch, new Random(seed * 31 + round));
      assertThat(results(shared)).as("round %d", round).isEqualTo(results(separate));
      int from = round % (GROUPS - 1);
      int into = (round + 2) % (GROUPS - 1);
      switch (round % 4) {
        case 0 -> each(shared, separate, a -> a.combine(from, GROUPS - 1));
        case 1 -> each(shared, separate, a -> a.merge(from, into));
        case 2 -> each(shared, separate, a -> a.reset(into));
        default -> {}
      }
      assertThat(results(shared)).as("round %d after", round).isEqualTo(results(separate));
    }
    assertThat(results(shared)).anySatisfy(count -> assertThat(count).isGreaterThan(10));

    // Checkpoints of either kind restore into the other.
    List<Accumulator> fromShared = separate();
    List<Accumulator> fromSeparate = Accumulators.create(calls(), false);
    start(fromShared);
    start(fromSeparate);
    copy(shared, fromShared);
    copy(separate, fromSeparate);
    assertThat(results(fromShared)).isEqualTo(results(separate));
    assertThat(results(fromSeparate)).isEqualTo(results(separate));
    // Restored values, not just counts: accumulating more still agrees.
    Batch more = batch(new Random(99), 80);
    accumulate(fromShared, more, new Random(7));
    accumulate(fromSeparate, more, new Random(7));
    assertThat(results(fromSeparate)).isEqualTo(results(fromShared));

    // A skipped group (a resuming subtask dropping another's keys) leaves its scratch group empty
    each(shared, separate, a -> a.reset(GROUPS - 1));
    skip(shared, 0, GROUPS - 1);
    skip(separate, 0, GROUPS - 1);
    each(shared, separate, a -> a.combine(1, GROUPS - 1));
    assertThat(results(shared)).isEqualTo(results(separate));
  }

  /**
   * The shared values against a set per member and group, over values spread wide enough to grow
   * the tables many times and collide in them, with every operation interleaved.
   */
  @Test
  void sharedValuesEqualASetPerMemberAndGroup() {
    int members = 3;
    int groups = 4;
    SharedLongDistinctValues shared = new SharedLongDistinctValues(0, List.of(-1, -1, -1));
    shared.ensureGroups(groups);
    List<List<Set<Long>>> model = new ArrayList<>();
    for (int m = 0; m < members; m++) {
      List<Set<Long>> sets = new ArrayList<>();
      for (int g = 0; g < groups; g++) {
        sets.add(new HashSet<>());
      }
      model.add(sets);
    }
    Random random = new Random(5);
    for (int step = 0; step < 60_000; step++) {
      int member = random.nextInt(members);
      int group = random.nextInt(groups);
      int other = (group + 1 + random.nextInt(groups - 1)) % groups;
      int operation = random.nextInt(10_000);
      if (operation < 9_990) {
        // values near each other (ids) and far apart, 0 and negatives included
        long value =
            random.nextBoolean()
                ? random.nextInt(3_000) - 5
                : random.nextLong() >> random.nextInt(64);
        shared.add(member, group, value);
        model.get(member).get(group).add(value);
      } else if (operation < 9_994) {
        shared.reset(member, group);
        model.get(member).get(group).clear();
      } else if (operation < 9_996) {
        shared.combine(group, other);
        for (int m = 0; m < members; m++) {
          model.get(m).get(other).addAll(model.get(m).get(group));
        }
      } else if (operation < 9_998) {
        shared.merge(group, other);
        for (int m = 0; m < members; m++) {
          model.get(m).get(other).addAll(model.get(m).get(group));
          model.get(m).get(group).clear();
        }
      } else {
        shared.reset(group);
        for (int m = 0; m < members; m++) {
          model.get(m).get(group).clear();
        }
      }
      if (step % 997 == 0 || operation >= 9_990) {
        for (int m = 0; m < members; m++) {
          for (int g = 0; g < groups; g++) {
            Set<Long> expected = model.get(m).get(g);
            assertThat(shared.count(m, g)).as("step %d", step).isEqualTo(expected.size());
            assertThat(Arrays.stream(shared.values(m, g)).boxed().toList())
                .as("step %d", step)
                .containsExactlyInAnyOrderElementsOf(expected);
          }
        }
      }
    }
    assertThat(model.get(0).get(0).size() + model.get(0).get(1).size()).isGreaterThan(1_000);
  }

  private static void skip(List<Accumulator> accumulators, int group, int scratch)
      throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      for (Accumulator accumulator : accumulators) {
        accumulator.writeState(out, group);
      }
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      for (Accumulator accumulator : accumulators) {
        accumulator.skipState(in, scratch);
      }
    }
  }

  private interface Step {
    void apply(Accumulator accumulator);
  }

  private static void each(List<Accumulator> a, List<Accumulator> b, Step step) {
    a.forEach(step::apply);
    b.forEach(step::apply);
  }

  private static void copy(List<Accumulator> from, List<Accumulator> into) throws Exception {
    for (int group = 0; group < GROUPS; group++) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        for (Accumulator accumulator : from) {
          accumulator.writeState(out, group);
        }
      }
      try (DataInputStream in =
          new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        for (Accumulator accumulator : into) {
          accumulator.readState(in, group);
        }
      }
    }
  }
}
