package io.sluice.exec.operator;

import static io.sluice.exec.operator.OperatorSnapshotting.restore;
import static io.sluice.exec.operator.OperatorSnapshotting.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connector.JavaRows;
import io.sluice.plan.spec.OutputMode;
import io.sluice.plan.spec.RankSpec;
import io.sluice.plan.spec.SortField;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The append-only ROW_NUMBER top-N, rows in vectors, against {@link RankOperator} over the same
 * random batches (string and long partition keys with NULLs, ORDER BY a nullable long descending, a
 * double with NaN, ties broken by arrival): the same changes in the same order for ranks from 1 or
 * from further down, with and without the rank selected, -U, a TTL, or as a snapshot query; and
 * each reads the other's checkpoint taken between any two batches and goes on as the other would.
 */
class AppendOnlyTopNOperatorTest {
  private static final List<Column> INPUT =
      List.of(
          Column.of("name", ColumnType.VARCHAR),
          Column.of("auction", ColumnType.BIGINT),
          Column.of("price", ColumnType.BIGINT),
          Column.of("score", ColumnType.DOUBLE),
          Column.of("note", ColumnType.VARCHAR));

  /** One input batch and the wall clock the driver would give it. */
  private record Step(List<Object[]> rows, long processingTime) {}

  private static List<Step> steps(long seed) {
    Random random = new Random(seed);
    List<Step> steps = new ArrayList<>();
    long clock = 1_000;
    String[] names = {"a", "b", "c", null};
    double[] scores = {0.5, 1.5, Double.NaN, -0.0, 0.0};
    for (int batch = 0; batch < 14; batch++) {
      List<Object[]> rows = new ArrayList<>();
      int count = random.nextInt(40);
      for (int r = 0; r < count; r++) {
        rows.add(
            new Object[] {
              names[random.nextInt(names.length)],
              random.nextInt(8) == 0 ? null : (long) random.nextInt(4),
              random.nextInt(10) == 0 ? null : (long) random.nextInt(20),
              random.nextInt(8) == 0 ? null : scores[random.nextInt(scores.length)],
              "row " + batch + "." + r
            });
      }
      steps.add(new Step(rows, clock));
      clock += random.nextInt(3) == 0 ? 5_000 : 400;
    }
    return steps;
  }

  /** A case: partition columns, rank range, whether the rank is selected, -U, TTL, mode. */
  private record Case(
      int[] partition,
      long start,
      long end,
      boolean rankSelected,
      boolean updateBefore,
      long ttl,
      OutputMode mode) {
    RankSpec spec() {
      return new RankSpec(
          RankSpec.Function.ROW_NUMBER,
          Arrays.stream(partition).boxed().toList(),
          List.of(new SortField(2, true, false), new SortField(3, false, true)),
          start,
          end,
          rankSelected);
    }

    List<ColumnType> outputTypes() {
      List<ColumnType> types = new ArrayList<>(INPUT.stream().map(Column::type).toList());
      if (rankSelected) {
        types.add(ColumnType.BIGINT);
      }
      return types;
    }

    Operator reference() {
      return new RankOperator(
          new ScanOperator(0), spec(), outputTypes(), mode, updateBefore, ttl, false);
    }

    Operator vectors() {
      return new AppendOnlyTopNOperator(
          new ScanOperator(0), spec(), outputTypes(), mode, updateBefore, ttl);
    }
  }

  private static Case parse(
      String partition,
      long start,
      long end,
      boolean rankSelected,
      boolean updateBefore,
      long ttl,
      String mode) {
    int[] columns =
        partition.isEmpty()
            ? new int[0]
            : Arrays.stream(partition.split("\\+")).mapToInt(Integer::parseInt).toArray();
    return new Case(columns, start, end, rankSelected, updateBefore, ttl, OutputMode.valueOf(mode));
  }

  private static List<String> next(Operator operator, Step step, long batchId, boolean last) {
    return next(operator, JavaRows.toBatch(INPUT, step.rows()), step, batchId, last);
  }

  private static List<String> next(
      Operator operator, Batch in, Step step, long batchId, boolean last) {
    Batch out =
        operator.next(
            new MicroBatch(
                batchId,
                List.of(in),
                MicroBatch.NO_WATERMARK,
                MicroBatch.NO_WATERMARK,
                last,
                step.processingTime()));
    List<String> rows = new ArrayList<>();
    for (int r = 0; r < out.rowCount(); r++) {
      rows.add(out.rowKind(r).shortString() + " " + Arrays.toString(out.row(r)));
    }
    return rows;
  }

  @ParameterizedTest(
      name = "partition {0}, ranks {1}..{2}, rank selected {3}, -U {4}, ttl {5}, {6}")
  @CsvSource({
    "1, 1, 1, false, true, 0, UPDATE",
    "1, 1, 3, true, true, 0, UPDATE",
    "0+1, 1, 2, true, false, 0, UPDATE",
    "0, 2, 4, true, true, 0, UPDATE",
    "0, 2, 4, false, true, 0, UPDATE",
    "1, 1, 3, false, false, 1000, UPDATE",
    "'', 1, 5, true, true, 0, UPDATE",
    "0+1, 1, 2, true, false, 0, FINAL",
    "1, 1, 2, true, false, 1000, FINAL"
  })
  void emitsWhatTheRowTopNEmits(
      String partition,
      long start,
      long end,
      boolean rankSelected,
      boolean updateBefore,
      long ttl,
      String mode) {
    Case spec = parse(partition, start, end, rankSelected, updateBefore, ttl, mode);
    int changes = 0;
    for (long seed = 1; seed <= 25; seed++) {
      List<Step> steps = steps(seed);
      Operator reference = spec.reference();
      Operator vectors = spec.vectors();
      for (int i = 0; i < steps.size(); i++) {
        boolean last = i == steps.size() - 1;
        List<String> expected = next(reference, steps.get(i), i, last);
        List<String> actual = next(vectors, steps.get(i), i, last);
        assertThat(actual).as("seed %d, batch %d", seed, i).isEqualTo(expected);
        assertThat(vectors.stateRows()).as("rows held").isEqualTo(reference.stateRows());
        changes += expected.size();
      }
    }
    assertThat(changes).isGreaterThan(100);
  }

  /**
   * Over input whose columns are deferred, a row's partition and order columns are read whole and
   * the others only for the rows still ranked after their batch: the same changes as the row
   * top-N's, with far fewer values of the other columns read.
   */
  @ParameterizedTest(name = "partition {0}, ranks {1}..{2}, rank selected {3}, ttl {4}, {5}")
  @CsvSource({
    "1, 1, 1, false, 0, UPDATE",
    "0+1, 1, 2, true, 0, UPDATE",
    "0, 2, 4, true, 0, UPDATE",
    "1, 1, 3, false, 1000, UPDATE",
    "'', 1, 5, true, 0, UPDATE",
    "1, 1, 2, true, 1000, FINAL"
  })
  void readsTheColumnsItDoesNotRankByOnlyForTheRowsItKeeps(
      String partition, long start, long end, boolean rankSelected, long ttl, String mode) {
    Case spec = parse(partition, start, end, rankSelected, true, ttl, mode);
    Set<Integer> ranking = new HashSet<>(List.of(2, 3));
    Arrays.stream(spec.partition()).forEach(ranking::add);
    long inputRows = 0;
    long noteRowsRead = 0;
    for (long seed = 1; seed <= 25; seed++) {
      List<Step> steps = steps(seed);
      Operator reference = spec.reference();
      Operator vectors = spec.vectors();
      for (int i = 0; i < steps.size(); i++) {
        boolean last = i == steps.size() - 1;
        Step step = steps.get(i);
        Batch rows = JavaRows.toBatch(INPUT, step.rows());
        DeferredInput deferred = new DeferredInput(rows);
        Batch in = deferred.batch();
        List<String> expected = next(reference, step, i, last);
        assertThat(next(vectors, in, step, i, last))
            .as("seed %d, batch %d", seed, i)
            .isEqualTo(expected);
        assertThat(vectors.stateRows()).as("rows held").isEqualTo(reference.stateRows());
        assertThat(ranking).as("columns read whole").containsAll(deferred.builtWhole);
        inputRows += rows.rowCount();
        noteRowsRead += deferred.rowsGathered[4];
      }
    }
    assertThat(noteRowsRead).isPositive().isLessThan(inputRows / 2);
  }

  /**
   * A checkpoint taken after batches of deferred input holds the same rows as one taken after the
   * same rows given whole: the row top-N resumed from it goes on alike.
   */
  @ParameterizedTest(name = "partition {0}, ranks {1}..{2}")
  @CsvSource({"1, 1, 1", "0+1, 1, 3"})
  void aCheckpointAfterDeferredInputHoldsTheRowsItKept(String partition, long start, long end) {
    Case spec = parse(partition, start, end, true, true, 0, "UPDATE");
    for (long seed = 1; seed <= 5; seed++) {
      List<Step> steps = steps(seed);
      Operator uninterrupted = spec.reference();
      Operator deferredFirst = spec.vectors();
      int stop = steps.size() / 2;
      for (int i = 0; i < stop; i++) {
        next(uninterrupted, steps.get(i), i, false);
        Batch rows = JavaRows.toBatch(INPUT, steps.get(i).rows());
        next(deferredFirst, new DeferredInput(rows).batch(), steps.get(i), i, false);
      }
      Operator resumed = spec.reference();
      restore(resumed, snapshot(deferredFirst));
      for (int i = stop; i < steps.size(); i++) {
        assertThat(next(resumed, steps.get(i), i, false))
            .as("seed %d, batch %d", seed, i)
            .isEqualTo(next(uninterrupted, steps.get(i), i, false));
      }
    }
  }

  @ParameterizedTest(name = "partition {0}, ranks {1}..{2}, ttl {3}")
  @CsvSource({"1, 1, 1, 0", "0+1, 1, 3, 0", "0, 2, 3, 1000"})
  void eachGoesOnFromTheOthersCheckpoint(String partition, long start, long end, long ttl) {
    Case spec = parse(partition, start, end, true, true, ttl, "UPDATE");
    for (long seed = 1; seed <= 5; seed++) {
      List<Step> steps = steps(seed);
      Operator uninterrupted = spec.reference();
      List<List<String>> expected = new ArrayList<>();
      for (int i = 0; i < steps.size(); i++) {
        expected.add(next(uninterrupted, steps.get(i), i, false));
      }
      for (int stop = 1; stop < steps.size(); stop++) {
        for (boolean vectorsFirst : new boolean[] {true, false}) {
          Operator first = vectorsFirst ? spec.vectors() : spec.reference();
          for (int i = 0; i < stop; i++) {
            next(first, steps.get(i), i, false);
          }
          Operator resumed = vectorsFirst ? spec.reference() : spec.vectors();
          restore(resumed, snapshot(first));
          for (int i = stop; i < steps.size(); i++) {
            assertThat(next(resumed, steps.get(i), i, false))
                .as(
                    "seed %d, stopped after %d, vectors first %s, batch %d",
                    seed, stop, vectorsFirst, i)
                .isEqualTo(expected.get(i));
          }
        }
      }
    }
  }

  /**
   * A value a builder set and then flagged NULL (a JSON record naming a field twice, the last time
   * as null) is NULL in the output, as the boxed rows had it.
   */
  @Test
  void aValueFlaggedNullIsEmittedAsNull() {
    Operator operator = parse("1", 1, 1, false, false, 0, "UPDATE").vectors();
    BatchBuilder rows = new BatchBuilder(INPUT.stream().map(Column::type).toList(), 2);
    rows.setObject(0, "a");
    rows.setLong(1, 7);
    rows.setLong(2, 10);
    rows.setDouble(3, 0.5);
    rows.setObject(4, "an earlier value");
    rows.setNull(4);
    rows.endRow();
    Batch out =
        operator.next(
            new MicroBatch(0, List.of(rows.build()), Long.MIN_VALUE, Long.MIN_VALUE, false, 1_000));
    assertThat(out.rowCount()).isEqualTo(1);
    assertThat(out.row(0)).containsExactly("a", 7L, 10L, 0.5, null);
  }

  /**
   * The checkpoint lists partitions least recently touched first, as RankOperator wrote them: its
   * TTL expiry stops at the first fresh partition, so a checkpoint restored into it (a rollback)
   * still expires the idle partition behind a fresh one.
   */
  @Test
  void aCheckpointListsPartitionsLeastRecentlyTouchedFirst() {
    Case spec = parse("1", 1, 1, true, true, 1000, "UPDATE");
    Object[] firstA = {"x", 1L, 5L, 0.5, "a1"};
    Object[] firstB = {"x", 2L, 5L, 0.5, "b1"};
    Object[] laterA = {"x", 1L, 9L, 0.5, "a2"};
    Object[] laterB = {"x", 2L, 1L, 0.5, "b2"};
    List<Step> steps =
        List.of(
            new Step(List.of(firstA, firstB), 1_000),
            new Step(List.<Object[]>of(laterA), 1_900),
            new Step(List.<Object[]>of(laterB), 2_500));
    Operator vectors = spec.vectors();
    next(vectors, steps.get(0), 0, false);
    next(vectors, steps.get(1), 1, false);
    Operator rolledBack = spec.reference();
    restore(rolledBack, snapshot(vectors));
    // B idle for 1.5 s > TTL: it starts over, so its worse row enters as rank 1
    assertThat(next(rolledBack, steps.get(2), 2, false))
        .containsExactly("+I [x, 2, 1, 0.5, b2, 1]")
        .isEqualTo(next(vectors, steps.get(2), 2, false));
  }
}
