package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.DoubleVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.batch.ObjectVector;
import io.sluice.spi.type.ColumnType;
import java.util.List;

/**
 * Rows of one join side as they lie in its chunks: per row, the chunk and the row in it, or none
 * for a NULL side. A chunk's vectors are never written once built, so the rows can be read after
 * the side has evicted them, for all of them or some.
 */
final class ChunkRows {
  private final List<ColumnType> types;
  private final HeldChunk[] chunks;
  private final int[] chunkOf;
  private final int[] rowOf;

  /**
   * @param chunks the chunks the rows lie in
   * @param chunkOf per row, its chunk's index in {@code chunks}, or -1 for no row (all NULL)
   * @param rowOf per row, its row in its chunk
   */
  ChunkRows(List<ColumnType> types, HeldChunk[] chunks, int[] chunkOf, int[] rowOf) {
    this.types = requireNonNull(types, "types is null");
    this.chunks = requireNonNull(chunks, "chunks is null");
    this.chunkOf = requireNonNull(chunkOf, "chunkOf is null");
    this.rowOf = requireNonNull(rowOf, "rowOf is null");
  }

  /** No rows. */
  static ChunkRows none(List<ColumnType> types) {
    return new ChunkRows(types, new HeldChunk[0], new int[0], new int[0]);
  }

  /**
   * Column {@code column} of the rows {@code selection[0..count-1]} (rows {@code 0..count-1} when
   * {@code selection} is null), as a new vector. One loop per vector kind, and a row's source
   * vector looked up again only when it lies in another chunk than the row before. Where a chunk
   * still defers the column to its batch, only the rows asked for are read from it.
   */
  ColumnVector gather(int column, int[] selection, int count) {
    ColumnVector out = ColumnVector.allocate(types.get(column), Math.max(1, count));
    ColumnVector[] vectors = new ColumnVector[chunks.length];
    int[] rowIn = rowOf;
    boolean deferred = false;
    for (int k = 0; k < chunks.length; k++) {
      if (chunks[k].isDeferred(column)) {
        deferred = true;
      } else {
        vectors[k] = chunks[k].column(column);
      }
    }
    if (deferred) {
      rowIn = readDeferred(column, selection, count, vectors);
    }
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
          source = vectors[chunk];
          sourceValues = ((LongVector) source).values();
        }
        int row = rowIn[at];
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
          source = vectors[chunk];
          sourceValues = ((ObjectVector) source).values();
        }
        int row = rowIn[at];
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
          source = vectors[chunk];
          sourceValues = ((DoubleVector) source).values();
        }
        int row = rowIn[at];
        if (source.isNull(row)) {
          out.setNull(i);
        } else {
          values[i] = sourceValues[row];
        }
      }
    }
    return out;
  }

  /**
   * Reads the asked rows of each chunk that defers {@code column} into a vector of their own, put
   * in {@code vectors}; returns where each row lies then: its row in that vector for those chunks,
   * its row in the chunk for the others.
   */
  private int[] readDeferred(int column, int[] selection, int count, ColumnVector[] vectors) {
    int[] asked = new int[chunks.length];
    for (int i = 0; i < count; i++) {
      int chunk = chunkOf[selection == null ? i : selection[i]];
      if (chunk >= 0 && vectors[chunk] == null) {
        asked[chunk]++;
      }
    }
    int[][] rows = new int[chunks.length][];
    for (int k = 0; k < chunks.length; k++) {
      if (asked[k] > 0) {
        rows[k] = new int[asked[k]];
        asked[k] = 0;
      }
    }
    int[] rowIn = rowOf.clone();
    for (int i = 0; i < count; i++) {
      int at = selection == null ? i : selection[i];
      int chunk = chunkOf[at];
      if (chunk >= 0 && rows[chunk] != null) {
        rows[chunk][asked[chunk]] = rowOf[at];
        rowIn[at] = asked[chunk]++;
      }
    }
    for (int k = 0; k < chunks.length; k++) {
      if (rows[k] != null) {
        vectors[k] = chunks[k].gather(column, rows[k], rows[k].length);
      }
    }
    return rowIn;
  }
}
