package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.DoubleVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.batch.ObjectVector;
import io.sluice.spi.type.ColumnType;
import java.util.List;

/**
 * Rows of one join side as they lie in its chunks: per row, the chunk's vectors and the row in
 * them, or none for a NULL side. The vectors are never written once held, so the rows can be read
 * after the side has evicted them, for all of them or some.
 */
final class ChunkRows {
  private final List<ColumnType> types;
  private final ColumnVector[][] chunks;
  private final int[] chunkOf;
  private final int[] rowOf;

  /**
   * @param chunks the vectors of each chunk the rows lie in
   * @param chunkOf per row, its chunk's index in {@code chunks}, or -1 for no row (all NULL)
   * @param rowOf per row, its row in its chunk
   */
  ChunkRows(List<ColumnType> types, ColumnVector[][] chunks, int[] chunkOf, int[] rowOf) {
    this.types = requireNonNull(types, "types is null");
    this.chunks = requireNonNull(chunks, "chunks is null");
    this.chunkOf = requireNonNull(chunkOf, "chunkOf is null");
    this.rowOf = requireNonNull(rowOf, "rowOf is null");
  }

  /** No rows. */
  static ChunkRows none(List<ColumnType> types) {
    return new ChunkRows(types, new ColumnVector[0][], new int[0], new int[0]);
  }

  /**
   * Column {@code column} of the rows {@code selection[0..count-1]} (rows {@code 0..count-1} when
   * {@code selection} is null), as a new vector. One loop per vector kind, and a row's source
   * vector looked up again only when it lies in another chunk than the row before.
   */
  ColumnVector gather(int column, int[] selection, int count) {
    ColumnVector out = ColumnVector.allocate(types.get(column), Math.max(1, count));
    int current = -1;
    ColumnVector source = null;
    if (out instanceof LongVector longs) {
      long[] values = longs.values();
      long[] sourceValues = null;
      for (int i = 0; i < count; i++) {
        int at = selection == null ? i : selection[i];
        int chunk = chunkOf[at];
        if (chunk < 0) {
          out.setNull(i);
          continue;
        }
        if (chunk != current) {
          current = chunk;
          source = chunks[chunk][column];
          sourceValues = ((LongVector) source).values();
        }
        int row = rowOf[at];
        if (source.isNull(row)) {
          out.setNull(i);
        } else {
          values[i] = sourceValues[row];
        }
      }
    } else if (out instanceof ObjectVector objects) {
      Object[] values = objects.values();
      Object[] sourceValues = null;
      for (int i = 0; i < count; i++) {
        int at = selection == null ? i : selection[i];
        int chunk = chunkOf[at];
        if (chunk < 0) {
          out.setNull(i);
          continue;
        }
        if (chunk != current) {
          current = chunk;
          source = chunks[chunk][column];
          sourceValues = ((ObjectVector) source).values();
        }
        int row = rowOf[at];
        // a row flagged NULL may still hold an earlier value (a builder's setNull leaves it); a
        // value is a null reference only where its flag is set (what every vector writer does)
        if (source.isNull(row)) {
          out.setNull(i);
        } else {
          values[i] = sourceValues[row];
        }
      }
    } else {
      double[] values = ((DoubleVector) out).values();
      double[] sourceValues = null;
      for (int i = 0; i < count; i++) {
        int at = selection == null ? i : selection[i];
        int chunk = chunkOf[at];
        if (chunk < 0) {
          out.setNull(i);
          continue;
        }
        if (chunk != current) {
          current = chunk;
          source = chunks[chunk][column];
          sourceValues = ((DoubleVector) source).values();
        }
        int row = rowOf[at];
        if (source.isNull(row)) {
          out.setNull(i);
        } else {
          values[i] = sourceValues[row];
        }
      }
    }
    return out;
  }
}
