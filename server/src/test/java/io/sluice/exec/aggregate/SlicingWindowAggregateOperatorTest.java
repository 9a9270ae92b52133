package io.sluice.exec.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.connector.JavaRows;
import io.sluice.exec.operator.Batches;
import io.sluice.exec.operator.MicroBatch;
import io.sluice.exec.operator.Operator;
import io.sluice.exec.operator.OperatorStates;
import io.sluice.exec.operator.ScanOperator;
import io.sluice.exec.operator.StatefulOperator;
import io.sluice.plan.spec.OutputMode;
import io.sluice.plan.spec.WindowInfo;
import io.sluice.plan.spec.WindowSpec;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.error.SluiceException;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sliced windows against the per-window path of {@link AggregateOperator}: over the same batches
 * (several keys, a NULL key, rows out of order, late rows, rows without a time) both emit the same
 * rows batch by batch, for TUMBLE and for HOP windows whose size is a multiple of the slide, is
 * not, or is smaller than it; and a sliced operator restored from a checkpoint taken between any
 * two batches, windows half full, goes on as if it had never stopped.
 */
class SlicingWindowAggregateOperatorTest {
  private static final List<Column> INPUT =
      List.of(
          Column.of("name", ColumnType.VARCHAR),
          Column.of("user_id", ColumnType.BIGINT),
          Column.of("price", ColumnType.BIGINT),
          Column.of("ts", ColumnType.TIMESTAMP),
          Column.of("amount", ColumnType.DOUBLE));

  private static final int TS = 3;

  /** {@link #INPUT} and a FILTER flag. */
  private static final List<Column> FLAGGED_INPUT =
      Stream.concat(INPUT.stream(), Stream.of(Column.of("expensive", ColumnType.BOOLEAN))).toList();

  /** One input batch with the watermarks the driver would give it. */
  private record Step(List<Object[]> rows, long watermarkBefore, long watermarkAfter) {}

  /** The group keys: window start, a value key (or none), window end. */
  private enum Keys {
    LONG_KEY(new int[] {TS, 1, TS}, ColumnType.BIGINT),
    STRING_KEY(new int[] {TS, 0, TS}, ColumnType.VARCHAR),
    NO_KEY(new int[] {TS}, null);

    final int[] columns;
    final ColumnType type;

    Keys(int[] columns, ColumnType type) {
      this.columns = columns;
      this.type = type;
    }

    WindowInfo window(WindowSpec spec) {
      return new WindowInfo(spec, 0, columns.length == 1 ? -1 : 2, TS);
    }

    List<ColumnType> outputTypes() {
      List<ColumnType> types = new ArrayList<>();
      types.add(ColumnType.TIMESTAMP);
      if (type != null) {
        types.add(type);
        types.add(ColumnType.TIMESTAMP);
      }
      types.addAll(
          List.of(
              ColumnType.BIGINT,
              ColumnType.BIGINT,
              ColumnType.BIGINT,
              ColumnType.BIGINT,
              ColumnType.BIGINT,
              ColumnType.DOUBLE,
              ColumnType.VARCHAR,
              ColumnType.BIGINT));
      return types;
    }
  }

  /**
   * COUNT(*), SUM(price), MIN(price), MAX(user_id), COUNT(DISTINCT user_id) (boxed), AVG(amount),
   * MAX(name), COUNT(DISTINCT price) (unboxed).
   */
  private static List<Accumulator> accumulators() {
    return List.of(
        new CountAccumulator(-1, -1),
        new LongSumAccumulator(2, -1, false),
        MinMaxAccumulator.create(ColumnType.VectorKind.LONG, 2, -1, false),
        MinMaxAccumulator.create(ColumnType.VectorKind.LONG, 1, -1, true),
        new CountDistinctAccumulator(1, -1),
        new DoubleSumAccumulator(4, -1, true),
        MinMaxAccumulator.create(ColumnType.VectorKind.OBJECT, 0, -1, true),
        new LongCountDistinctAccumulator(2, -1));
  }

  private static final List<WindowSpec> WINDOWS =
      List.of(
          WindowSpec.tumble(4_000),
          WindowSpec.hop(2_000, 10_000),
          WindowSpec.hop(3_000, 5_000),
          WindowSpec.hop(5_000, 3_000));

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (WindowSpec spec : WINDOWS) {
      for (Keys keys : Keys.values()) {
        cases.add(Arguments.of(spec, keys));
      }
    }
    return cases.stream();
  }

  /**
   * Random rows over 60 s in 12 batches; the watermark trails the latest time by 3 s, so some rows
   * are late, and the last batch ends the input.
   */
  private static List<Step> steps(long seed) {
    Random random = new Random(seed);
    List<Step> steps = new ArrayList<>();
    long watermark = MicroBatch.NO_WATERMARK;
    long latest = 0;
    String[] names = {"a", "b", "c", "d", null};
    for (int batch = 0; batch < 12; batch++) {
      List<Object[]> rows = new ArrayList<>();
      int count = random.nextInt(25);
      for (int r = 0; r < count; r++) {
        long ts = latest + random.nextInt(6_000) - 4_000;
        latest = Math.max(latest, ts);
        Long user = random.nextInt(8) == 0 ? null : (long) random.nextInt(5);
        rows.add(
            new Object[] {
              names[random.nextInt(names.length)],
              user,
              (long) random.nextInt(100),
              random.nextInt(30) == 0 ? null : ts,
              random.nextInt(16) / 4.0
            });
      }
      long after = batch == 11 ? Long.MAX_VALUE : Math.max(watermark, latest - 3_000);
      steps.add(new Step(rows, watermark, after));
      watermark = after;
    }
    return steps;
  }

  /** Each batch's output rows, sorted (order within a batch is free), then the late rows. */
  private static List<List<String>> run(Operator operator, List<Step> steps, int from, int to) {
    return run(operator, steps, from, to, INPUT);
  }

  private static List<List<String>> run(
      Operator operator, List<Step> steps, int from, int to, List<Column> input) {
    List<List<String>> outputs = new ArrayList<>();
    for (int i = from; i < to; i++) {
      Step step = steps.get(i);
      Batch out =
          operator.next(
              new MicroBatch(
                  i,
                  List.of(JavaRows.toBatch(input, step.rows())),
                  step.watermarkBefore(),
                  step.watermarkAfter(),
                  step.watermarkAfter() == Long.MAX_VALUE,
                  0));
      List<String> rows = new ArrayList<>();
      for (int r = 0; r < out.rowCount(); r++) {
        rows.add(out.rowKind(r).shortString() + " " + Arrays.toString(out.row(r)));
      }
      rows.sort(null);
      outputs.add(rows);
    }
    outputs.add(List.of("late rows: " + operator.lateRows()));
    return outputs;
  }

  private static Supplier<Operator> sliced(WindowSpec spec, Keys keys) {
    return () ->
        new SlicingWindowAggregateOperator(
            new ScanOperator(0),
            keys.columns,
            accumulators(),
            keys.outputTypes(),
            keys.window(spec));
  }

  private static Operator perWindow(WindowSpec spec, Keys keys) {
    return new AggregateOperator(
        new ScanOperator(0),
        keys.columns,
        accumulators(),
        keys.outputTypes(),
        keys.window(spec),
        OutputMode.APPEND);
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("cases")
  void slicesEmitWhatPerWindowGroupsEmit(WindowSpec spec, Keys keys) {
    int windowRows = 0;
    for (long seed = 1; seed <= 20; seed++) {
      List<Step> steps = steps(seed);
      List<List<String>> expected = run(perWindow(spec, keys), steps, 0, steps.size());
      assertThat(run(sliced(spec, keys).get(), steps, 0, steps.size()))
          .as("seed %d", seed)
          .isEqualTo(expected);
      windowRows += expected.stream().mapToInt(List::size).sum() - 1;
    }
    assertThat(windowRows).isGreaterThan(100);
  }

  /**
   * The calls of {@link #accumulators()}, MAX(amount) and MIN(amount) (NaN among the amounts), and
   * two COUNT(DISTINCT price) sharing their values, one with a FILTER.
   */
  private static List<Accumulator> twoPhaseAccumulators() {
    List<Accumulator> calls = new ArrayList<>(accumulators());
    calls.add(MinMaxAccumulator.create(ColumnType.VectorKind.DOUBLE, 4, -1, true));
    calls.add(MinMaxAccumulator.create(ColumnType.VectorKind.DOUBLE, 4, -1, false));
    SharedLongDistinctValues shared = new SharedLongDistinctValues(2, List.of(-1, 5));
    calls.add(new SharedLongCountDistinctAccumulator(shared, 0, -1));
    calls.add(new SharedLongCountDistinctAccumulator(shared, 1, 5));
    return calls;
  }

  private static List<ColumnType> twoPhaseOutputTypes() {
    List<ColumnType> types = new ArrayList<>(Keys.NO_KEY.outputTypes());
    types.addAll(
        List.of(ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.BIGINT, ColumnType.BIGINT));
    return types;
  }

  /** The rows of {@code steps} with a FILTER flag (price above 50), and NaN for some amounts. */
  private static List<Step> withFlagAndNaN(List<Step> steps) {
    List<Step> flagged = new ArrayList<>();
    for (Step step : steps) {
      List<Object[]> rows = new ArrayList<>();
      for (Object[] row : step.rows()) {
        long price = (Long) row[2];
        Object[] copy = Arrays.copyOf(row, row.length + 1);
        copy[4] = price % 7 == 0 ? Double.NaN : row[4];
        copy[5] = price > 50 ? 1L : 0L;
        rows.add(copy);
      }
      flagged.add(new Step(rows, step.watermarkBefore(), step.watermarkAfter()));
    }
    return flagged;
  }

  /** Rows of the input at even or odd positions: one subtask's share. */
  private record Half(int parity) implements Operator {
    @Override
    public Batch next(MicroBatch microBatch) {
      Batch in = microBatch.rowsOf(0);
      int[] rows = new int[in.rowCount()];
      int count = 0;
      for (int row = parity; row < in.rowCount(); row += 2) {
        rows[count++] = row;
      }
      return Batches.select(in, rows, count);
    }

    @Override
    public void close() {}
  }

  /** Two subtasks' local phases, their partials handed on together as the exchange does. */
  private record Exchanged(Operator even, Operator odd) implements Operator {
    @Override
    public Batch next(MicroBatch microBatch) {
      return Batches.concat(List.of(even.next(microBatch), odd.next(microBatch)));
    }

    @Override
    public long lateRows() {
      return even.lateRows() + odd.lateRows();
    }

    @Override
    public void close() {}
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("windows")
  void twoPhasesOverTwoSubtasksEmitWhatOnePhaseEmits(WindowSpec spec) {
    WindowInfo window = Keys.NO_KEY.window(spec);
    int windowRows = 0;
    for (long seed = 1; seed <= 20; seed++) {
      List<Step> steps = withFlagAndNaN(steps(seed));
      List<List<String>> expected =
          run(
              new SlicingWindowAggregateOperator(
                  new ScanOperator(0),
                  Keys.NO_KEY.columns,
                  twoPhaseAccumulators(),
                  twoPhaseOutputTypes(),
                  window),
              steps,
              0,
              steps.size(),
              FLAGGED_INPUT);
      Operator twoPhases =
          SlicingWindowAggregateOperator.mergingPartials(
              new Exchanged(
                  new LocalSlicingWindowAggregateOperator(
                      new Half(0), twoPhaseAccumulators(), window),
                  new LocalSlicingWindowAggregateOperator(
                      new Half(1), twoPhaseAccumulators(), window)),
              Keys.NO_KEY.columns,
              twoPhaseAccumulators(),
              twoPhaseOutputTypes(),
              window);
      assertThat(run(twoPhases, steps, 0, steps.size(), FLAGGED_INPUT))
          .as("seed %d", seed)
          .isEqualTo(expected);
      windowRows += expected.stream().mapToInt(List::size).sum() - 1;
    }
    assertThat(windowRows).isGreaterThan(20);
  }

  static Stream<WindowSpec> windows() {
    return WINDOWS.stream();
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("cases")
  void aRestoredOperatorContinuesAsIfItHadNeverStopped(WindowSpec spec, Keys keys) {
    List<Step> steps = steps(7);
    List<List<String>> uninterrupted = run(sliced(spec, keys).get(), steps, 0, steps.size());
    for (int cut = 0; cut < steps.size() - 1; cut++) {
      Operator first = sliced(spec, keys).get();
      run(first, steps, 0, cut + 1);
      byte[] state = states(first).snapshot();

      Operator restored = sliced(spec, keys).get();
      states(restored).restore(state, "the test's operator");

      assertThat(restored.stateRows()).as("cut after batch %d", cut).isEqualTo(first.stateRows());
      List<List<String>> resumed = run(restored, steps, cut + 1, steps.size());
      // Late rows are counted since the operator started; the rest is batch by batch the same.
      assertThat(resumed.subList(0, resumed.size() - 1))
          .as("cut after batch %d", cut)
          .isEqualTo(uninterrupted.subList(cut + 1, steps.size()));
    }
  }

  @Test
  void aRowUpdatesOneSliceWhateverTheWindowsItBelongsTo() {
    Operator operator = sliced(WindowSpec.hop(1_000, 10_000), Keys.LONG_KEY).get();
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      rows.add(new Object[] {"a", (long) (i % 4), 1L, 100L + i, 1.0});
    }
    operator.next(
        new MicroBatch(
            0, List.of(JavaRows.toBatch(INPUT, rows)), MicroBatch.NO_WATERMARK, 0, false, 0));

    // Four keys in one slice of 1 s, though each row is in ten windows.
    assertThat(operator.stateRows()).isEqualTo(4);
  }

  @Test
  void aSectionInThePerWindowFormatIsRefusedWithAMessage() {
    Operator perWindow = perWindow(WindowSpec.hop(2_000, 10_000), Keys.LONG_KEY);
    run(perWindow, steps(3), 0, 4);
    byte[] state = states(perWindow).snapshot();

    Operator sliced = sliced(WindowSpec.hop(2_000, 10_000), Keys.LONG_KEY).get();
    assertThatThrownBy(() -> states(sliced).restore(state, "the test's operator"))
        .isInstanceOf(SluiceException.class)
        .hasMessageContaining("written by the per-window operator")
        .hasMessageContaining("HOP(slide=2000ms, size=10000ms)")
        .hasMessageContaining("drop and create the query again");
  }

  private static OperatorStates states(Operator operator) {
    return new OperatorStates(
        "plan", List.of(new StatefulOperator("StreamWindowAggregate#0", "d", "windows", operator)));
  }
}
