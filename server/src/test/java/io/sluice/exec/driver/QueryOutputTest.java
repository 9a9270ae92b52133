package io.sluice.exec.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.error.SluiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The hand-over of a query's batches to its reader: every row once, in order, then the end. */
class QueryOutputTest {

  @Test
  void aReaderTakesEveryRowInOrderThenTheEnd() throws Exception {
    QueryOutput output = new QueryOutput(4);
    assertThat(output.put(batch(1, 2, 3), () -> false)).isTrue();
    assertThat(output.put(batch(4, 5), () -> false)).isTrue();
    output.finish();

    assertThat(drain(output, 2)).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void aReaderWaitingForABatchIsWokenByTheEndAndGetsNoRow() throws Exception {
    QueryOutput output = new QueryOutput(4);
    CompletableFuture<QueryOutput.Chunk> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return output.poll(100, 60_000);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    output.finish();

    QueryOutput.Chunk chunk = waiting.get(30, TimeUnit.SECONDS);
    assertThat(chunk.rows()).isEmpty();
    assertThat(chunk.done()).isTrue();
    // asked again, still nothing and still the end
    assertThat(output.poll(100, 0).done()).isTrue();
  }

  @Test
  void aFailureComesAfterTheRowsBeforeIt() throws Exception {
    QueryOutput output = new QueryOutput(1);
    output.put(batch(7, 8), () -> false);
    output.fail(new IllegalStateException("disk gone"));

    QueryOutput.Chunk first = output.poll(100, 1_000);
    assertThat(rows(first)).containsExactly(7L, 8L);
    assertThat(first.done()).isFalse();
    assertThatThrownBy(() -> output.poll(100, 1_000))
        .isInstanceOf(SluiceException.class)
        .hasMessage("Query failed: disk gone");
  }

  @Test
  void aBatchWiderThanAPollComesInPieces() throws Exception {
    QueryOutput output = new QueryOutput(2);
    output.put(batch(1, 2, 3, 4, 5), () -> false);
    output.finish();

    QueryOutput.Chunk first = output.poll(2, 1_000);
    assertThat(rows(first)).containsExactly(1L, 2L);
    assertThat(first.done()).isFalse();
    assertThat(drain(output, 2)).containsExactly(3L, 4L, 5L);
  }

  /** Polls until the end, at most {@code maxRows} rows a poll, and returns the rows' values. */
  private static List<Long> drain(QueryOutput output, int maxRows) throws Exception {
    List<Long> values = new ArrayList<>();
    for (int polls = 0; polls < 100; polls++) {
      QueryOutput.Chunk chunk = output.poll(maxRows, 1_000);
      assertThat(chunk.rows().size()).isLessThanOrEqualTo(maxRows);
      values.addAll(rows(chunk));
      if (chunk.done()) {
        return values;
      }
    }
    throw new AssertionError("no end after 100 polls; rows so far " + values);
  }

  private static List<Long> rows(QueryOutput.Chunk chunk) {
    List<Long> values = new ArrayList<>();
    for (Object[] row : chunk.rows()) {
      assertThat(row).hasSize(1);
      values.add((Long) row[0]);
    }
    return values;
  }

  private static Batch batch(long... values) {
    LongVector vector = new LongVector(values.length);
    for (int i = 0; i < values.length; i++) {
      vector.set(i, values[i]);
    }
    return new Batch(new ColumnVector[] {vector}, values.length);
  }
}
