package io.sluice.exec.operator;

import static io.sluice.exec.operator.OperatorSnapshotting.restore;
import static io.sluice.exec.operator.OperatorSnapshotting.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connector.JavaRows;
import io.sluice.plan.spec.OutputMode;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.changelog.RowKind;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The last row per key, kept in vectors by slot, against the row-per-key algorithm it replaced
 * (kept here as the reference): over random batches with string, long and double keys (NULL among
 * them), rows without a time, late rows, ties, keys idle past a TTL, with and without -U, the
 * operator emits the same changes in the same order, and one restored from a snapshot taken between
 * any two batches goes on as if it had never stopped.
 */
class DeduplicateLastOperatorTest {
  private static final List<Column> INPUT =
      List.of(
          Column.of("name", ColumnType.VARCHAR),
          Column.of("user_id", ColumnType.BIGINT),
          Column.of("score", ColumnType.DOUBLE),
          Column.of("ts", ColumnType.TIMESTAMP),
          Column.of("payload", ColumnType.VARCHAR));

  private static final List<ColumnType> TYPES = INPUT.stream().map(Column::type).toList();
  private static final int TS = 3;

  /** One input batch with the watermarks and the wall clock the driver would give it. */
  private record Step(List<Object[]> rows, long watermarkBefore, long processingTime) {}

  private static List<Step> steps(long seed, boolean eventTime) {
    Random random = new Random(seed);
    List<Step> steps = new ArrayList<>();
    long watermark = MicroBatch.NO_WATERMARK;
    long latest = 0;
    long clock = 1_000;
    String[] names = {"a", "b", "c", null};
    double[] scores = {0.5, 1.5, Double.NaN, -0.0};
    for (int batch = 0; batch < 14; batch++) {
      List<Object[]> rows = new ArrayList<>();
      int count = random.nextInt(30);
      for (int r = 0; r < count; r++) {
        long ts = latest + random.nextInt(4_000) - 2_500;
        latest = Math.max(latest, ts);
        rows.add(
            new Object[] {
              names[random.nextInt(names.length)],
              random.nextInt(6) == 0 ? null : (long) random.nextInt(3),
              random.nextInt(7) == 0 ? null : scores[random.nextInt(scores.length)],
              random.nextInt(25) == 0 ? null : ts,
              "row " + batch + "." + r
            });
      }
      steps.add(new Step(rows, eventTime ? watermark : MicroBatch.NO_WATERMARK, clock));
      watermark = Math.max(watermark, latest - 2_000);
      clock += random.nextInt(3) == 0 ? 5_000 : 400;
    }
    return steps;
  }

  /** The algorithm before vectors: a boxed row per key in a map, for comparison. */
  private static final class Reference {
    private final int[] keys;
    private final boolean eventTime;
    private final boolean updateBefore;
    private final long ttl;
    private final Map<List<Object>, Object[]> rows = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<List<Object>, Long> access = new LinkedHashMap<>();
    private long late;

    Reference(int[] keys, boolean eventTime, boolean updateBefore, long ttl) {
      this.keys = keys;
      this.eventTime = eventTime;
      this.updateBefore = updateBefore;
      this.ttl = ttl;
    }

    List<String> next(Step step) {
      if (ttl > 0) {
        Iterator<Map.Entry<List<Object>, Long>> iterator = access.entrySet().iterator();
        while (iterator.hasNext()) {
          Map.Entry<List<Object>, Long> entry = iterator.next();
          if (step.processingTime() - entry.getValue() > ttl) {
            rows.remove(entry.getKey());
            iterator.remove();
          }
        }
      }
      Map<List<Object>, Object[]> changedFrom = new LinkedHashMap<>();
      for (Object[] row : step.rows()) {
        Long time = (Long) row[TS];
        if (time == null) {
          continue;
        }
        if (eventTime && time < step.watermarkBefore()) {
          late++;
          continue;
        }
        List<Object> key = new ArrayList<>();
        for (int column : keys) {
          key.add(row[column]);
        }
        Object[] kept = rows.get(key);
        access.put(key, step.processingTime());
        if (kept == null) {
          rows.put(key, row);
          changedFrom.putIfAbsent(key, null);
        } else if (time >= (Long) kept[TS]) {
          if (!changedFrom.containsKey(key)) {
            changedFrom.put(key, kept);
          }
          rows.put(key, row);
        }
      }
      List<String> out = new ArrayList<>();
      for (Map.Entry<List<Object>, Object[]> change : changedFrom.entrySet()) {
        Object[] latest = rows.get(change.getKey());
        Object[] old = change.getValue();
        if (old == null) {
          out.add("+I " + Arrays.toString(latest));
        } else {
          if (updateBefore) {
            out.add("-U " + Arrays.toString(old));
          }
          out.add("+U " + Arrays.toString(latest));
        }
      }
      out.add("late rows: " + late);
      return out;
    }
  }

  private static List<String> next(Operator operator, Step step, long batchId) {
    Batch out =
        operator.next(
            new MicroBatch(
                batchId,
                List.of(JavaRows.toBatch(INPUT, step.rows())),
                step.watermarkBefore(),
                step.watermarkBefore(),
                false,
                step.processingTime()));
    List<String> rows = new ArrayList<>();
    for (int r = 0; r < out.rowCount(); r++) {
      rows.add(out.rowKind(r).shortString() + " " + Arrays.toString(out.row(r)));
    }
    rows.add("late rows: " + operator.lateRows());
    return rows;
  }

  private static DeduplicateLastOperator operator(
      int[] keys, boolean eventTime, boolean updateBefore, long ttl) {
    return new DeduplicateLastOperator(
        new ScanOperator(0), keys, TS, eventTime, TYPES, OutputMode.UPDATE, updateBefore, ttl);
  }

  private static int[] keys(String spelled) {
    return Arrays.stream(spelled.split("\\+")).mapToInt(Integer::parseInt).toArray();
  }

  @ParameterizedTest(name = "keys {0}, event time {1}, -U {2}, ttl {3}")
  @CsvSource({
    "1, true, true, 0",
    "0+1, true, false, 0",
    "0+2, false, true, 0",
    "1+0+2, true, true, 3000",
    "2, false, false, 1000"
  })
  void emitsWhatTheRowPerKeyAlgorithmEmitted(
      String keyColumns, boolean eventTime, boolean updateBefore, long ttl) {
    int[] keys = keys(keyColumns);
    int changes = 0;
    for (long seed = 1; seed <= 25; seed++) {
      List<Step> steps = steps(seed, eventTime);
      Reference reference = new Reference(keys, eventTime, updateBefore, ttl);
      Operator operator = operator(keys, eventTime, updateBefore, ttl);
      for (int i = 0; i < steps.size(); i++) {
        List<String> expected = reference.next(steps.get(i));
        assertThat(next(operator, steps.get(i), i))
            .as("seed %d, batch %d", seed, i)
            .isEqualTo(expected);
        assertThat(operator.stateRows()).as("keys held").isEqualTo(reference.rows.size());
        changes += expected.size() - 1;
      }
    }
    assertThat(changes).isGreaterThan(500);
  }

  @ParameterizedTest(name = "keys {0}, ttl {1}")
  @CsvSource({"1, 0", "0+1+2, 0", "0+2, 1000"})
  void goesOnFromASnapshotTakenBetweenAnyTwoBatches(String keyColumns, long ttl) {
    int[] keys = keys(keyColumns);
    for (long seed = 1; seed <= 6; seed++) {
      List<Step> steps = steps(seed, true);
      Operator uninterrupted = operator(keys, true, true, ttl);
      List<List<String>> expected = new ArrayList<>();
      for (int i = 0; i < steps.size(); i++) {
        expected.add(next(uninterrupted, steps.get(i), i));
      }
      for (int stop = 1; stop < steps.size(); stop++) {
        Operator first = operator(keys, true, true, ttl);
        for (int i = 0; i < stop; i++) {
          next(first, steps.get(i), i);
        }
        Operator resumed = operator(keys, true, true, ttl);
        restore(resumed, snapshot(first));
        for (int i = stop; i < steps.size(); i++) {
          List<String> rows = next(resumed, steps.get(i), i);
          // late rows are counted per run, not checkpointed; the changes must be the same
          assertThat(rows.subList(0, rows.size() - 1))
              .as("seed %d, stopped after %d, batch %d", seed, stop, i)
              .isEqualTo(expected.get(i).subList(0, expected.get(i).size() - 1));
        }
      }
    }
  }

  /**
   * Over input whose columns are deferred (a join's output, a generator's padding), the key and
   * time columns are read whole and the others only for each changed key's latest row: the same
   * changes (and, at the end of a snapshot query, the same rows) as over built input, and the same
   * checkpoint.
   */
  @ParameterizedTest(name = "keys {0}, -U {1}, ttl {2}, {3}, event time {4}")
  @CsvSource({
    "1, true, 0, UPDATE, true",
    "0+1, false, 0, UPDATE, true",
    "1+0+2, true, 3000, UPDATE, true",
    "0+2, true, 1000, UPDATE, false",
    "1, false, 1000, FINAL, true"
  })
  void readsTheOtherColumnsOnlyForEachKeysLatestRow(
      String keyColumns, boolean updateBefore, long ttl, String mode, boolean eventTime) {
    int[] keys = keys(keyColumns);
    OutputMode outputMode = OutputMode.valueOf(mode);
    Set<Integer> wholeAllowed = new HashSet<>(List.of(TS));
    Arrays.stream(keys).forEach(wholeAllowed::add);
    long inputRows = 0;
    long payloadRowsRead = 0;
    for (long seed = 1; seed <= 25; seed++) {
      List<Step> steps = steps(seed, eventTime);
      Operator built =
          new DeduplicateLastOperator(
              new ScanOperator(0), keys, TS, eventTime, TYPES, outputMode, updateBefore, ttl);
      Operator deferred =
          new DeduplicateLastOperator(
              new ScanOperator(0), keys, TS, eventTime, TYPES, outputMode, updateBefore, ttl);
      for (int i = 0; i < steps.size(); i++) {
        Step step = steps.get(i);
        boolean last = i == steps.size() - 1;
        Batch rows = JavaRows.toBatch(INPUT, step.rows());
        DeferredInput deferredIn = new DeferredInput(rows);
        List<String> expected = kindsAndRows(built.next(microBatch(i, rows, step, last)));
        assertThat(kindsAndRows(deferred.next(microBatch(i, deferredIn.batch(), step, last))))
            .as("seed %d, batch %d", seed, i)
            .isEqualTo(expected);
        assertThat(wholeAllowed).as("columns read whole").containsAll(deferredIn.builtWhole);
        inputRows += rows.rowCount();
        payloadRowsRead += deferredIn.rowsGathered[4];
      }
      assertThat(snapshot(deferred)).as("checkpoint, seed %d", seed).isEqualTo(snapshot(built));
    }
    assertThat(payloadRowsRead).isPositive().isLessThan(inputRows);
  }

  private static MicroBatch microBatch(long id, Batch rows, Step step, boolean last) {
    return new MicroBatch(
        id,
        List.of(rows),
        step.watermarkBefore(),
        step.watermarkBefore(),
        last,
        step.processingTime());
  }

  private static List<String> kindsAndRows(Batch out) {
    List<String> rows = new ArrayList<>();
    for (int r = 0; r < out.rowCount(); r++) {
      rows.add(out.rowKind(r).shortString() + " " + Arrays.toString(out.row(r)));
    }
    return rows;
  }

  @ParameterizedTest(name = "ttl {0}")
  @CsvSource({"0", "1000"})
  void aSnapshotQueryEmitsEveryKeysLastRowOnceAtTheEnd(long ttl) {
    int[] keys = {1};
    List<Step> steps = steps(7, true);
    Reference reference = new Reference(keys, true, false, ttl);
    Operator operator =
        new DeduplicateLastOperator(
            new ScanOperator(0), keys, TS, true, TYPES, OutputMode.FINAL, false, ttl);
    for (int i = 0; i < steps.size(); i++) {
      reference.next(steps.get(i));
      Step step = steps.get(i);
      boolean last = i == steps.size() - 1;
      Batch out =
          operator.next(
              new MicroBatch(
                  i,
                  List.of(JavaRows.toBatch(INPUT, step.rows())),
                  step.watermarkBefore(),
                  step.watermarkBefore(),
                  last,
                  step.processingTime()));
      if (!last) {
        assertThat(out.rowCount()).isZero();
        continue;
      }
      List<String> rows = new ArrayList<>();
      for (int r = 0; r < out.rowCount(); r++) {
        assertThat(out.rowKind(r)).isEqualTo(RowKind.INSERT);
        rows.add(Arrays.toString(out.row(r)));
      }
      List<String> expected =
          reference.rows.values().stream().map(Arrays::toString).sorted().toList();
      assertThat(rows).isNotEmpty().containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  /**
   * A value a builder set and then flagged NULL (a JSON record naming a field twice, the last time
   * as null) is NULL in the output and in the key's kept row, as the boxed rows had it.
   */
  @Test
  void aValueFlaggedNullStaysNull() {
    Operator operator = operator(new int[] {1}, false, true, 0);
    for (long batch = 0; batch < 2; batch++) {
      BatchBuilder rows = new BatchBuilder(TYPES, 1);
      rows.setObject(0, "a");
      rows.setLong(1, 7);
      rows.setDouble(2, 0.5);
      rows.setLong(3, 1_000 + batch);
      rows.setObject(4, "an earlier value");
      rows.setNull(4);
      rows.endRow();
      Batch out =
          operator.next(
              new MicroBatch(
                  batch, List.of(rows.build()), Long.MIN_VALUE, Long.MIN_VALUE, false, 1_000));
      // the second batch's -U is the kept row: NULL there too
      for (int r = 0; r < out.rowCount(); r++) {
        assertThat(out.row(r)[4]).as("batch %d, row %d", batch, r).isNull();
      }
      assertThat(out.rowCount()).isEqualTo(batch == 0 ? 1 : 2);
    }
  }

  /** With a TTL the checkpoint lists keys least recently touched first, as the old format did. */
  @Test
  void aCheckpointListsKeysLeastRecentlyTouchedFirst() throws IOException {
    Operator operator = operator(new int[] {1}, false, false, 10_000);
    long[] clocks = {1_000, 1_500, 1_900};
    long[][] users = {{1, 2}, {3}, {1}};
    for (int batch = 0; batch < clocks.length; batch++) {
      List<Object[]> rows = new ArrayList<>();
      for (long user : users[batch]) {
        rows.add(new Object[] {"a", user, 0.5, clocks[batch], "p"});
      }
      next(operator, new Step(rows, Long.MIN_VALUE, clocks[batch]), batch);
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot(operator)));
    List<String> order = new ArrayList<>();
    int keys = in.readInt();
    for (int k = 0; k < keys; k++) {
      long access = in.readLong();
      order.add(StateSnapshots.readRow(in)[1] + "@" + access);
    }
    assertThat(order).containsExactly("2@1000", "3@1500", "1@1900");
  }
}
