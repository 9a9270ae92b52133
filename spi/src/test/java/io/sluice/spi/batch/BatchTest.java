package io.sluice.spi.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Boxing rows for delivery and gathering rows keep every value and NULL where it was. */
class BatchTest {
  /** 600 rows (more than one boxing block) of runs of equal longs, doubles, strings, NULLs. */
  private static Batch batch() {
    int rows = 600;
    LongVector longs = new LongVector(rows);
    DoubleVector doubles = new DoubleVector(rows);
    ObjectVector objects = new ObjectVector(rows);
    for (int i = 0; i < rows; i++) {
      longs.set(i, i / 7 * 1_000_003L);
      doubles.set(i, i * 0.5);
      objects.set(i, i % 5 == 0 ? null : i % 3 == 0 ? BigDecimal.valueOf(i, 2) : "s" + i / 4);
      if (i % 11 == 0) {
        longs.setNull(i);
      }
      if (i % 13 == 0) {
        doubles.setNull(i);
      }
    }
    return new Batch(new ColumnVector[] {longs, doubles, objects}, rows);
  }

  @Test
  void rowsBoxedByBlockEqualRowsBoxedOneByOne() {
    Batch batch = batch();
    List<String> expected = new ArrayList<>();
    for (int row = 0; row < batch.rowCount(); row++) {
      expected.add(Arrays.toString(batch.row(row)));
    }
    assertThat(batch.rows()).extracting(Arrays::toString).isEqualTo(expected);
    List<Object[]> middle = new ArrayList<>();
    batch.appendRows(250, 300, middle);
    assertThat(middle).extracting(Arrays::toString).isEqualTo(expected.subList(250, 550));
    assertThat(batch.rows().get(11)[0]).isNull();
    assertThat(batch.rows().get(12)[0]).isEqualTo(1_000_003L);
  }

  @Test
  void gatheredRowsKeepTheirValuesAndNulls() {
    Batch batch = batch();
    int[] rows = {0, 5, 11, 13, 26, 599};
    for (int c = 0; c < batch.columnCount(); c++) {
      ColumnVector gathered = batch.column(c).gather(rows, rows.length);
      for (int i = 0; i < rows.length; i++) {
        assertThat(gathered.getObject(i)).isEqualTo(batch.column(c).getObject(rows[i]));
      }
    }
    ColumnVector withoutNulls = batch.column(0).gather(new int[] {1, 2}, 2);
    assertThat(withoutNulls.hasNulls()).isFalse();
  }

  /** A batch whose columns are all deferred to {@code source}'s, recording each read. */
  private static Batch deferredTo(Batch source, List<String> reads) {
    return new Batch(
        new ColumnVector[source.columnCount()],
        source.rowCount(),
        null,
        new DeferredColumns() {
          @Override
          public ColumnVector column(int column) {
            reads.add("column " + column);
            return source.column(column);
          }

          @Override
          public ColumnVector gather(int column, int[] rows, int count) {
            reads.add(count + " rows of " + column);
            return source.column(column).gather(rows, count);
          }
        });
  }

  /**
   * Deferred columns read like given ones: built once, on first read; some rows of one are read
   * without building it; a projection of a projection still defers; {@code columns()} builds the
   * rest, after which nothing is deferred.
   */
  @Test
  void deferredColumnsAreBuiltOnceWhenFirstRead() {
    Batch source = batch();
    List<String> reads = new ArrayList<>();
    Batch deferred = deferredTo(source, reads);
    assertThat(deferred.hasDeferredColumns()).isTrue();

    Batch projected = deferred.project(new int[] {2, 0}).project(new int[] {1, 0, 0});
    assertThat(projected.gather(1, new int[] {5, 10}, 2).getObject(0)).isNull();
    assertThat(projected.gather(1, new int[] {5, 9}, 2).getObject(1))
        .isEqualTo(BigDecimal.valueOf(9, 2));
    assertThat(reads).containsExactly("2 rows of 2", "2 rows of 2");

    assertThat(deferred.column(0)).isSameAs(source.column(0)).isSameAs(deferred.column(0));
    assertThat(projected.column(0)).isSameAs(source.column(0));
    assertThat(reads).containsExactly("2 rows of 2", "2 rows of 2", "column 0");

    assertThat(projected.rows())
        .extracting(Arrays::toString)
        .isEqualTo(
            source.project(new int[] {0, 2, 2}).rows().stream().map(Arrays::toString).toList());
    assertThat(deferred.columns()).containsExactly(source.columns());
    assertThat(deferred.hasDeferredColumns()).isFalse();
    assertThat(reads)
        .containsExactly("2 rows of 2", "2 rows of 2", "column 0", "column 2", "column 1");
  }
}
