package io.sluice.spi.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spi.type.ColumnType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Filling a batch column by column mixes with row-by-row filling and can be rolled back. */
class BatchBuilderTest {
  private static final List<ColumnType> TYPES =
      List.of(ColumnType.BIGINT, ColumnType.DOUBLE, ColumnType.VARCHAR);

  @Test
  void rowsWrittenColumnByColumnFollowRowsWrittenOneByOne() {
    BatchBuilder out = new BatchBuilder(TYPES, 1);
    out.setLong(0, 1);
    out.setObject(2, "one");
    out.endRow();
    out.reserve(3);
    for (int row = 1; row < 4; row++) {
      ((LongVector) out.vector(0)).set(row, row * 10L);
      ((DoubleVector) out.vector(1)).set(row, row / 2.0);
      out.vector(2).setNull(row);
    }
    out.appendRows(3);
    out.setLong(0, 5);
    out.endRow();

    assertThat(out.build().rows())
        .containsExactly(
            new Object[] {1L, null, "one"},
            new Object[] {10L, 0.5, null},
            new Object[] {20L, 1.0, null},
            new Object[] {30L, 1.5, null},
            new Object[] {5L, null, null});
  }

  @Test
  void aBuilderUsedAgainAfterABuildFillsABatchOfItsOwn() {
    BatchBuilder out = new BatchBuilder(TYPES, 1);
    out.setLong(0, 1);
    out.endRow();
    Batch first = out.build();
    assertThat(out.rowCount()).isZero();
    assertThat(out.build().rowCount()).isZero();
    // row by row, then column by column, after a build
    out.setLong(0, 2);
    out.setObject(2, "two");
    out.endRow();
    Batch second = out.build();
    out.reserve(2);
    ((LongVector) out.vector(0)).set(0, 3);
    out.vector(1).setNull(0);
    out.vector(2).setNull(0);
    ((LongVector) out.vector(0)).set(1, 4);
    out.vector(1).setNull(1);
    out.vector(2).setNull(1);
    out.appendRows(2);
    out.truncate(1);
    Batch third = out.build();

    assertThat(first.rows()).containsExactly(new Object[] {1L, null, null});
    assertThat(second.rows()).containsExactly(new Object[] {2L, null, "two"});
    assertThat(third.rows()).containsExactly(new Object[] {3L, null, null});
  }

  @Test
  void anEmptyBuildBetweenBatchesKeepsTheNextBatchSizedLikeTheLast() {
    BatchBuilder out = new BatchBuilder(TYPES, 1);
    for (int row = 0; row < 100; row++) {
      out.setLong(0, row);
      out.endRow();
    }
    out.build();
    // an idle poll: nothing written, an empty batch that holds no room for rows to come
    Batch idle = out.build();
    assertThat(idle.rowCount()).isZero();
    assertThat(((LongVector) idle.columns()[0]).capacity()).isEqualTo(1);

    assertThat(out.vector(0).capacity()).isEqualTo(100);
  }

  @Test
  void aBatchOfFewRowsInRoomMadeForManyIsBuiltWithVectorsOfItsSize() {
    BatchBuilder out = new BatchBuilder(TYPES, 10_000);
    for (int row = 0; row < 5; row++) {
      out.setLong(0, row);
      if (row % 2 == 0) {
        out.setObject(2, "r" + row);
      }
      out.endRow();
    }
    Batch batch = out.build();

    assertThat(batch.rows())
        .containsExactly(
            new Object[] {0L, null, "r0"},
            new Object[] {1L, null, null},
            new Object[] {2L, null, "r2"},
            new Object[] {3L, null, null},
            new Object[] {4L, null, "r4"});
    assertThat(batch.column(0).capacity()).isEqualTo(5);
  }

  @Test
  void truncateDropsAppendedAndHalfWrittenRowsSoTheyCanBeWrittenAgain() {
    BatchBuilder out = new BatchBuilder(TYPES, 4);
    out.setLong(0, 1);
    out.setObject(2, "kept");
    out.endRow();
    out.reserve(2);
    out.vector(0).setNull(1);
    out.vector(1).setNull(1);
    out.vector(2).setObject(1, "dropped");
    out.vector(0).setNull(2);
    out.appendRows(2);
    // a third row written column-wise but never appended, as a decoder failing midway leaves it
    out.reserve(1);
    out.vector(2).setObject(3, "half");
    out.vector(1).setNull(3);

    out.truncate(1);
    out.setLong(0, 2);
    out.setDouble(1, 2.5);
    out.setObject(2, "again");
    out.endRow();
    out.setLong(0, 3);
    out.endRow();
    out.setDouble(1, 4.5);
    out.endRow();

    assertThat(out.build().rows())
        .containsExactly(
            new Object[] {1L, null, "kept"},
            new Object[] {2L, 2.5, "again"},
            new Object[] {3L, null, null},
            new Object[] {null, 4.5, null});
  }

  /** A column written twice in one row (a JSON field named twice) keeps the last value. */
  @Test
  void aColumnWrittenTwiceInARowKeepsTheLastValue() {
    BatchBuilder out = new BatchBuilder(TYPES, 2);
    out.setLong(0, 1);
    out.setNull(0);
    out.setNull(1);
    out.setDouble(1, 2.5);
    out.setObject(2, "first");
    out.setNull(2);
    out.endRow();
    out.setNull(0);
    out.setLong(0, 7);
    out.setDouble(1, 1.0);
    out.setNull(1);
    out.setNull(2);
    out.setObject(2, "last");
    out.endRow();

    Batch batch = out.build();
    assertThat(batch.rows())
        .containsExactly(new Object[] {null, 2.5, null}, new Object[] {7L, null, "last"});
    // the object a NULL replaced is gone, not only flagged: readers of the raw array see NULL too
    assertThat(((ObjectVector) batch.column(2)).values()[0]).isNull();
  }
}
