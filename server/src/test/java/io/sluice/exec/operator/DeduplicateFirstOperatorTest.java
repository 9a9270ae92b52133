package io.sluice.exec.operator;

import static io.sluice.exec.operator.OperatorSnapshotting.restore;
import static io.sluice.exec.operator.OperatorSnapshotting.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connector.JavaRows;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The first row per key, keys in vectors by slot, against the row-per-key operator it replaced
 * ({@link RowDeduplicateFirstOperator}, kept as the reference): over random batches with string,
 * long and double keys (NULL among them), rows without a time, late rows, ties, keys idle past a
 * TTL, over event time and processing time, and to the end of input, both emit the same rows in the
 * same order and hold as many; and each reads the other's checkpoint (and its own) taken between
 * any two batches and goes on as the other would.
 */
class DeduplicateFirstOperatorTest {
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
  private record Step(
      List<Object[]> rows, long watermarkBefore, long watermarkAfter, long processingTime) {}

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
        // times in steps of 500 ms: ties, and rows exactly at the watermark
        long ts = latest + (random.nextInt(8) - 5) * 500L;
        latest = Math.max(latest, ts);
        rows.add(
            new Object[] {
              names[random.nextInt(names.length)],
              random.nextInt(6) == 0 ? null : (long) random.nextInt(4 + batch),
              random.nextInt(7) == 0 ? null : scores[random.nextInt(scores.length)],
              random.nextInt(25) == 0 ? null : ts,
              "row " + batch + "." + r
            });
      }
      long after = eventTime ? Math.max(watermark, latest - 2_000) : MicroBatch.NO_WATERMARK;
      steps.add(new Step(rows, eventTime ? watermark : MicroBatch.NO_WATERMARK, after, clock));
      watermark = after;
      clock += random.nextInt(3) == 0 ? 5_000 : 400;
    }
    return steps;
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
                step.watermarkBefore(),
                step.watermarkAfter(),
                last,
                step.processingTime()));
    List<String> rows = new ArrayList<>();
    for (int r = 0; r < out.rowCount(); r++) {
      rows.add(out.rowKind(r).shortString() + " " + Arrays.toString(out.row(r)));
    }
    return rows;
  }

  private static Operator vectors(int[] keys, boolean eventTime, long ttl) {
    return new DeduplicateFirstOperator(new ScanOperator(0), keys, TS, eventTime, TYPES, ttl);
  }

  private static Operator reference(int[] keys, boolean eventTime, long ttl) {
    return new RowDeduplicateFirstOperator(new ScanOperator(0), keys, TS, eventTime, TYPES, ttl);
  }

  private static int[] keys(String spelled) {
    return Arrays.stream(spelled.split("\\+")).mapToInt(Integer::parseInt).toArray();
  }

  @ParameterizedTest(name = "keys {0}, event time {1}, ttl {2}")
  @CsvSource({
    "1, true, 0",
    "0+1, true, 0",
    "0+2, false, 0",
    "1+0+2, true, 3000",
    "1, false, 1000",
    "2, true, 1000"
  })
  void emitsWhatTheRowPerKeyOperatorEmitted(String keyColumns, boolean eventTime, long ttl) {
    int[] keys = keys(keyColumns);
    int emitted = 0;
    for (long seed = 1; seed <= 25; seed++) {
      List<Step> steps = steps(seed, eventTime);
      Operator reference = reference(keys, eventTime, ttl);
      Operator vectors = vectors(keys, eventTime, ttl);
      for (int i = 0; i < steps.size(); i++) {
        boolean last = seed % 2 == 0 && i == steps.size() - 1;
        List<String> expected = next(reference, steps.get(i), i, last);
        assertThat(next(vectors, steps.get(i), i, last))
            .as("seed %d, batch %d", seed, i)
            .isEqualTo(expected);
        assertThat(vectors.stateRows()).as("rows held").isEqualTo(reference.stateRows());
        assertThat(vectors.stateBytes()).as("bytes held").isEqualTo(reference.stateBytes());
        assertThat(vectors.lateRows()).as("late rows").isEqualTo(reference.lateRows());
        emitted += expected.size();
      }
    }
    assertThat(emitted).isGreaterThan(300);
  }

  /**
   * Over input whose columns are deferred (a join's output, a generator's padding), the key and
   * time columns are read whole and the others only for the rows that wait or are emitted: the same
   * rows as over built input, and the same checkpoint.
   */
  @ParameterizedTest(name = "keys {0}, event time {1}, ttl {2}")
  @CsvSource({"1, true, 0", "0+1, true, 0", "0+2, false, 0", "1, false, 1000", "2, true, 1000"})
  void readsTheOtherColumnsOnlyForTheRowsItHolds(String keyColumns, boolean eventTime, long ttl) {
    int[] keys = keys(keyColumns);
    Set<Integer> wholeAllowed = new HashSet<>(List.of(TS));
    Arrays.stream(keys).forEach(wholeAllowed::add);
    long inputRows = 0;
    long payloadRowsRead = 0;
    for (long seed = 1; seed <= 25; seed++) {
      List<Step> steps = steps(seed, eventTime);
      Operator built = vectors(keys, eventTime, ttl);
      Operator deferred = vectors(keys, eventTime, ttl);
      for (int i = 0; i < steps.size(); i++) {
        boolean last = seed % 2 == 0 && i == steps.size() - 1;
        Batch rows = JavaRows.toBatch(INPUT, steps.get(i).rows());
        DeferredInput in = new DeferredInput(rows);
        List<String> expected = next(built, rows, steps.get(i), i, last);
        assertThat(next(deferred, in.batch(), steps.get(i), i, last))
            .as("seed %d, batch %d", seed, i)
            .isEqualTo(expected);
        assertThat(wholeAllowed).as("columns read whole").containsAll(in.builtWhole);
        inputRows += rows.rowCount();
        payloadRowsRead += in.rowsGathered[4];
      }
      assertThat(snapshot(deferred)).as("checkpoint, seed %d", seed).isEqualTo(snapshot(built));
    }
    assertThat(payloadRowsRead).isPositive().isLessThan(inputRows);
  }

  @ParameterizedTest(name = "keys {0}, event time {1}, ttl {2}")
  @CsvSource({"1, true, 0", "0+1+2, true, 0", "0+2, true, 1000", "1, false, 1000"})
  void eachGoesOnFromTheOthersCheckpoint(String keyColumns, boolean eventTime, long ttl) {
    int[] keys = keys(keyColumns);
    for (long seed = 1; seed <= 6; seed++) {
      List<Step> steps = steps(seed, eventTime);
      Operator uninterrupted = reference(keys, eventTime, ttl);
      List<List<String>> expected = new ArrayList<>();
      for (int i = 0; i < steps.size(); i++) {
        expected.add(next(uninterrupted, steps.get(i), i, false));
      }
      for (int stop = 1; stop < steps.size(); stop++) {
        // vectors to the reference, the reference to vectors, vectors to vectors
        for (String pair : new String[] {"VR", "RV", "VV"}) {
          Operator first =
              pair.charAt(0) == 'V'
                  ? vectors(keys, eventTime, ttl)
                  : reference(keys, eventTime, ttl);
          for (int i = 0; i < stop; i++) {
            next(first, steps.get(i), i, false);
          }
          Operator resumed =
              pair.charAt(1) == 'V'
                  ? vectors(keys, eventTime, ttl)
                  : reference(keys, eventTime, ttl);
          restore(resumed, snapshot(first));
          assertThat(resumed.stateRows()).isEqualTo(first.stateRows());
          for (int i = stop; i < steps.size(); i++) {
            assertThat(next(resumed, steps.get(i), i, false))
                .as("seed %d, stopped after %d, %s, batch %d", seed, stop, pair, i)
                .isEqualTo(expected.get(i));
          }
        }
      }
    }
  }

  /**
   * A checkpoint whose sections disagree on a key (emitted in one, waiting in another: a checkpoint
   * this server does not write, its writers never share a key) restores to the key emitted, in
   * either order: its row is not emitted again, it is held once, and the next checkpoint reads
   * back.
   */
  @ParameterizedTest(name = "emitted section first {0}")
  @CsvSource({"true", "false"})
  void aKeyBothEmittedAndWaitingInACheckpointRestoresAsEmitted(boolean emittedFirst)
      throws IOException {
    Object[] waitingRow = {"a", 7L, 0.5, 10_000L, "waiting"};
    ByteArrayOutputStream emittedSection = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(emittedSection)) {
      out.writeInt(1);
      out.writeLong(1_000);
      StateSnapshots.writeRow(out, new Object[] {7L});
      out.writeInt(0);
    }
    ByteArrayOutputStream waitingSection = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(waitingSection)) {
      out.writeInt(0);
      out.writeInt(1);
      StateSnapshots.writeRow(out, waitingRow);
    }
    Operator operator = vectors(new int[] {1}, true, 0);
    for (ByteArrayOutputStream section :
        emittedFirst
            ? List.of(emittedSection, waitingSection)
            : List.of(waitingSection, emittedSection)) {
      try (DataInputStream in =
          new DataInputStream(new ByteArrayInputStream(section.toByteArray()))) {
        operator.restoreState(in, StateOwnership.ALL);
      }
    }
    assertThat(operator.stateRows()).isEqualTo(1);
    Step closing =
        new Step(List.<Object[]>of(new Object[] {"b", 8L, 0.5, 20_000L, "new"}), 0, 30_000, 2_000);
    assertThat(next(operator, closing, 0, false)).containsExactly("+I [b, 8, 0.5, 20000, new]");
    Operator resumed = reference(new int[] {1}, true, 0);
    restore(resumed, snapshot(operator));
    assertThat(resumed.stateRows()).isEqualTo(2);
  }
}
