package io.sluice.exec.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connector.JavaRows;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Rows between the subtasks of a query: what a subtask hands to another arrives as it was. */
class ExchangeOperatorTest {
  private static final List<Column> COLUMNS =
      List.of(Column.of("k", ColumnType.BIGINT), Column.of("payload", ColumnType.VARCHAR));

  private static MicroBatch microBatch(Batch rows) {
    return new MicroBatch(
        1, List.of(rows), MicroBatch.NO_WATERMARK, MicroBatch.NO_WATERMARK, false, 0);
  }

  private static List<String> rows(Batch batch) {
    List<String> rows = new ArrayList<>();
    for (int r = 0; r < batch.rowCount(); r++) {
      rows.add(Arrays.toString(batch.row(r)));
    }
    return rows;
  }

  /**
   * A batch handed whole to another subtask (every row to one subtask, or all to subtask 0) is read
   * there by another thread: its deferred columns (a generator's padding, a join's output) are
   * built by the sender first, so nothing writes the batch once the receiver has it.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = ExchangeOperator.Mode.class,
      names = {"SINGLE", "HASH"})
  void aBatchHandedWholeToAnotherSubtaskArrivesBuilt(ExchangeOperator.Mode mode) throws Exception {
    // one key: a hash exchange sends every row to the same subtask, whichever it is
    Batch rows = JavaRows.toBatch(COLUMNS, List.of(new Object[] {7L, "a"}, new Object[] {7L, "b"}));
    DeferredInput deferred = new DeferredInput(rows);
    ExchangeChannel channel = new ExchangeChannel(2);
    int[] keys = {0};
    Operator zero = new ExchangeOperator(new ScanOperator(0), channel, 0, mode, keys);
    Operator one = new ExchangeOperator(new ScanOperator(0), channel, 1, mode, keys);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Batch> atZero = pool.submit(() -> zero.next(microBatch(Batch.empty(types()))));
      Batch atOne = one.next(microBatch(deferred.batch()));
      Batch received = atZero.get(10, TimeUnit.SECONDS);

      Batch withRows = received.rowCount() > 0 ? received : atOne;
      if (withRows == received) {
        // handed to the other thread: built here, before
        assertThat(withRows.hasDeferredColumns()).isFalse();
        assertThat(deferred.builtWhole).containsExactlyInAnyOrder(0, 1);
      }
      assertThat(rows(withRows)).containsExactly("[7, a]", "[7, b]");
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<ColumnType> types() {
    return COLUMNS.stream().map(Column::type).toList();
  }

  /** Rows selected per subtask from deferred input (a join's output) arrive once each. */
  @Test
  void aHashExchangeDeliversEveryRowOnceAndSpreadsKeysOverTheSubtasks() throws Exception {
    List<Object[]> input = new ArrayList<>();
    for (long k = 0; k < 40; k++) {
      input.add(new Object[] {k, "row " + k});
    }
    Batch rows = JavaRows.toBatch(COLUMNS, input);
    ExchangeChannel channel = new ExchangeChannel(2);
    int[] keys = {0};
    Operator zero =
        new ExchangeOperator(new ScanOperator(0), channel, 0, ExchangeOperator.Mode.HASH, keys);
    Operator one =
        new ExchangeOperator(new ScanOperator(0), channel, 1, ExchangeOperator.Mode.HASH, keys);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Batch> atZero =
          pool.submit(() -> zero.next(microBatch(new DeferredInput(rows).batch())));
      Batch atOne = one.next(microBatch(Batch.empty(types())));
      Batch received = atZero.get(10, TimeUnit.SECONDS);
      List<String> all = new ArrayList<>(rows(received));
      all.addAll(rows(atOne));
      assertThat(all).hasSize(40).doesNotHaveDuplicates();
      assertThat(received.rowCount()).isPositive();
      assertThat(atOne.rowCount()).isPositive();
    } finally {
      pool.shutdownNow();
    }
  }
}
