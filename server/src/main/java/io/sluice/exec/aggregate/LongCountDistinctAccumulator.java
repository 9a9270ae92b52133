package io.sluice.exec.aggregate;

import io.sluice.exec.operator.StateSnapshots;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import it.unimi.dsi.fastutil.longs.LongIterator;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * COUNT(DISTINCT column) over a long-valued column (integers, timestamps, dates, booleans): the
 * distinct values per group in an unboxed open-addressing set, so a row costs no allocation. Its
 * checkpoint format is {@link CountDistinctAccumulator}'s (the values as boxed longs), so state
 * written by either restores into the other.
 */
final class LongCountDistinctAccumulator extends Accumulator {
  private final int argument;
  private LongOpenHashSet[] sets = new LongOpenHashSet[16];

  LongCountDistinctAccumulator(int argument, int filterColumn) {
    super(filterColumn);
    this.argument = argument;
  }

  @Override
  public void ensureGroups(int groupCount) {
    if (groupCount > sets.length) {
      sets = Arrays.copyOf(sets, Math.max(groupCount, sets.length * 2));
    }
  }

  @Override
  protected void accumulate(Batch input, int[] rows, int[] groups, int count, ColumnVector filter) {
    LongVector values = (LongVector) input.column(argument);
    long[] data = values.values();
    boolean nulls = values.hasNulls();
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      if (passes(filter, row) && !(nulls && values.isNull(row))) {
        int group = groups[i];
        LongOpenHashSet set = sets[group];
        if (set == null) {
          set = new LongOpenHashSet(4);
          sets[group] = set;
        }
        set.add(data[row]);
      }
    }
  }

  @Override
  public void merge(int from, int into) {
    if (sets[from] != null) {
      if (sets[into] == null) {
        sets[into] = sets[from];
      } else {
        sets[into].addAll(sets[from]);
      }
    }
    sets[from] = null;
  }

  @Override
  public boolean canCombine() {
    return true;
  }

  @Override
  public void combine(int from, int into) {
    if (sets[from] != null) {
      if (sets[into] == null) {
        sets[into] = new LongOpenHashSet(sets[from]);
      } else {
        sets[into].addAll(sets[from]);
      }
    }
  }

  @Override
  public void writeState(DataOutputStream out, int group) throws IOException {
    LongOpenHashSet set = sets[group];
    out.writeInt(set == null ? 0 : set.size());
    if (set != null) {
      for (LongIterator values = set.iterator(); values.hasNext(); ) {
        StateSnapshots.writeValue(out, values.nextLong());
      }
    }
  }

  @Override
  public void readState(DataInputStream in, int group) throws IOException {
    int size = in.readInt();
    sets[group] = size == 0 ? null : new LongOpenHashSet(size);
    for (int i = 0; i < size; i++) {
      sets[group].add(((Number) StateSnapshots.readValue(in)).longValue());
    }
  }

  @Override
  public void reset(int group) {
    sets[group] = null;
  }

  @Override
  public void write(int group, ColumnVector out, int row) {
    ((LongVector) out).set(row, sets[group] == null ? 0 : sets[group].size());
  }

  @Override
  public long bytesPerGroup(int group) {
    // An open-addressing table of longs at its default load factor: about 12 bytes a value.
    return sets[group] == null ? 8 : 48 + 12L * sets[group].size();
  }
}
