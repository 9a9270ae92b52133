package io.sluice.exec.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connector.JavaRows;
import io.sluice.exec.operator.MicroBatch;
import io.sluice.exec.operator.OperatorStates;
import io.sluice.exec.operator.ScanOperator;
import io.sluice.exec.operator.StatefulOperator;
import io.sluice.plan.spec.OutputMode;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Session windows resumed from a checkpoint: an operator restored from the state another one
 * snapshotted after batch k emits, batch by batch, what an operator that never stopped emits.
 */
class SessionAggregateOperatorTest {
  private static final List<Column> INPUT =
      List.of(
          Column.of("name", ColumnType.VARCHAR),
          Column.of("price", ColumnType.BIGINT),
          Column.of("ts", ColumnType.TIMESTAMP));
  private static final long GAP = 5_000;

  /** One input batch with the watermarks the driver would give it. */
  private record Step(List<Object[]> rows, long watermarkBefore, long watermarkAfter) {}

  private static Object[] row(String name, long price, long second) {
    return new Object[] {name, price, second * 1_000};
  }

  /**
   * Sessions that open, grow across batches, merge after the cut (a row bridging two of them), see
   * a late row, and close.
   */
  private static final List<Step> STEPS =
      List.of(
          new Step(
              List.of(row("a", 1, 1), row("b", 2, 2), row("a", 4, 9)), MicroBatch.NO_WATERMARK, 0),
          // a@5 bridges a's [1, 6) and [9, 14)
          new Step(List.of(row("a", 8, 5), row("b", 16, 20)), 0, 5_000),
          // a@3 is late; a@12 extends the merged session; c@30 opens one
          new Step(List.of(row("a", 32, 3), row("a", 64, 12), row("c", 128, 30)), 5_000, 16_000),
          new Step(List.of(), 16_000, 100_000));

  /** Output: session start, name, session end, COUNT(*), SUM(price). */
  private static SessionAggregateOperator operator(OutputMode mode) {
    return new SessionAggregateOperator(
        new ScanOperator(0),
        new int[] {2, 0, 2},
        0,
        2,
        2,
        GAP,
        List.of(
            new CountAccumulator(-1, -1),
            new LongSumAccumulator(1, -1, false),
            new CountDistinctAccumulator(1, -1)),
        List.of(
            ColumnType.TIMESTAMP,
            ColumnType.VARCHAR,
            ColumnType.TIMESTAMP,
            ColumnType.BIGINT,
            ColumnType.BIGINT,
            ColumnType.BIGINT),
        mode);
  }

  /** Each batch's output rows as {@code kind values}, sorted (order within a batch is free). */
  private static List<List<String>> run(SessionAggregateOperator operator, int from, int to) {
    List<List<String>> outputs = new ArrayList<>();
    for (int i = from; i < to; i++) {
      Step step = STEPS.get(i);
      Batch out =
          operator.next(
              new MicroBatch(
                  i,
                  List.of(JavaRows.toBatch(INPUT, step.rows())),
                  step.watermarkBefore(),
                  step.watermarkAfter(),
                  false,
                  0));
      List<String> rows = new ArrayList<>();
      for (int r = 0; r < out.rowCount(); r++) {
        rows.add(out.rowKind(r).shortString() + " " + Arrays.toString(out.row(r)));
      }
      rows.sort(null);
      outputs.add(rows);
    }
    return outputs;
  }

  @ParameterizedTest(name = "{0} mode, restored after batch {1}")
  @CsvSource({
    "APPEND, 0",
    "APPEND, 1",
    "APPEND, 2",
    "UPDATE, 0",
    "UPDATE, 1",
    "UPDATE, 2",
    "COMPLETE, 0",
    "COMPLETE, 1",
    "COMPLETE, 2"
  })
  void aRestoredOperatorContinuesAsIfItHadNeverStopped(OutputMode mode, int lastBeforeCut) {
    List<List<String>> uninterrupted = run(operator(mode), 0, STEPS.size());
    SessionAggregateOperator first = operator(mode);
    run(first, 0, lastBeforeCut + 1);
    byte[] state = states(first).snapshot();

    SessionAggregateOperator restored = operator(mode);
    states(restored).restore(state, "the test's operator");

    assertThat(restored.stateRows()).isEqualTo(first.stateRows());
    assertThat(run(restored, lastBeforeCut + 1, STEPS.size()))
        .isEqualTo(uninterrupted.subList(lastBeforeCut + 1, STEPS.size()));
  }

  private static OperatorStates states(SessionAggregateOperator operator) {
    return new OperatorStates(
        "plan",
        List.of(new StatefulOperator("StreamWindowAggregate#0", "d", "sessions", operator)));
  }

  @Test
  void appendModeEmitsEachSessionOnceWithItsMergedResult() {
    List<List<String>> outputs = run(operator(OutputMode.APPEND), 0, STEPS.size());

    assertThat(outputs.get(2)).containsExactly("+I [2000, b, 7000, 1, 2, 1]");
    assertThat(outputs.get(3))
        .containsExactly(
            "+I [1000, a, 17000, 4, 77, 4]",
            "+I [20000, b, 25000, 1, 16, 1]",
            "+I [30000, c, 35000, 1, 128, 1]");
  }
}
