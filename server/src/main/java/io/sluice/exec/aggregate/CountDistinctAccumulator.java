package io.sluice.exec.aggregate;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/** COUNT(DISTINCT column): the distinct non-NULL values seen per group. */
final class CountDistinctAccumulator extends Accumulator {
  private final int argument;
  private Set<Object>[] sets = newSets(16);

  CountDistinctAccumulator(int argument, int filterColumn) {
    super(filterColumn);
    this.argument = argument;
  }

  @SuppressWarnings("unchecked")
  private static Set<Object>[] newSets(int size) {
    return new Set[size];
  }

  @Override
  public void ensureGroups(int groupCount) {
    if (groupCount > sets.length) {
      sets = Arrays.copyOf(sets, Math.max(groupCount, sets.length * 2));
    }
  }

  @Override
  protected void accumulate(Batch input, int[] rows, int[] groups, int count, ColumnVector filter) {
    ColumnVector values = input.column(argument);
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      if (passes(filter, row) && !values.isNull(row)) {
        int group = groups[i];
        if (sets[group] == null) {
          sets[group] = new HashSet<>();
        }
        sets[group].add(values.getObject(row));
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
        sets[into] = new HashSet<>(sets[from]);
      } else {
        sets[into].addAll(sets[from]);
      }
    }
  }

  @Override
  public void writeState(java.io.DataOutputStream out, int group) throws java.io.IOException {
    java.util.Set<Object> set = sets[group];
    out.writeInt(set == null ? 0 : set.size());
    if (set != null) {
      for (Object value : set) {
        io.sluice.exec.operator.StateSnapshots.writeValue(out, value);
      }
    }
  }

  @Override
  public void readState(java.io.DataInputStream in, int group) throws java.io.IOException {
    int size = in.readInt();
    sets[group] = size == 0 ? null : new HashSet<>();
    for (int i = 0; i < size; i++) {
      sets[group].add(io.sluice.exec.operator.StateSnapshots.readValue(in));
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
    return sets[group] == null ? 8 : 48 + 48L * sets[group].size();
  }
}
