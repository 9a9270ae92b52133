package io.sluice.exec.aggregate;

import static java.util.Objects.requireNonNull;

import io.sluice.exec.operator.StateSnapshots;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * COUNT(DISTINCT column) over a long-valued column whose distinct values are shared with the
 * aggregate's other COUNT(DISTINCT) calls over the same column ({@link SharedLongDistinctValues}).
 * Member 0 does the shared work when the operator calls each accumulator in turn; the others only
 * answer their counts. The checkpoint format is {@link LongCountDistinctAccumulator}'s (each call
 * its own values), so state restores whether or not the calls share.
 */
final class SharedLongCountDistinctAccumulator extends Accumulator {
  private final SharedLongDistinctValues shared;
  private final int member;

  SharedLongCountDistinctAccumulator(SharedLongDistinctValues shared, int member, int filter) {
    super(filter);
    this.shared = requireNonNull(shared, "shared is null");
    if (member < 0 || member >= shared.members()) {
      throw new IllegalArgumentException("Member " + member + " of " + shared.members());
    }
    this.member = member;
  }

  private boolean drives() {
    return member == 0;
  }

  @Override
  public void ensureGroups(int groupCount) {
    shared.ensureGroups(groupCount);
  }

  @Override
  protected void accumulate(Batch input, int[] rows, int[] groups, int count, ColumnVector filter) {
    if (drives()) {
      shared.accumulate(input, rows, groups, count);
    }
  }

  @Override
  public void merge(int from, int into) {
    if (drives()) {
      shared.merge(from, into);
    }
  }

  @Override
  public boolean canCombine() {
    return true;
  }

  @Override
  public void combine(int from, int into) {
    if (drives()) {
      shared.combine(from, into);
    }
  }

  @Override
  public void writeState(DataOutputStream out, int group) throws IOException {
    long[] values = shared.values(member, group);
    out.writeInt(values.length);
    for (long value : values) {
      StateSnapshots.writeValue(out, value);
    }
  }

  @Override
  public void readState(DataInputStream in, int group) throws IOException {
    int size = in.readInt();
    for (int i = 0; i < size; i++) {
      shared.add(member, group, ((Number) StateSnapshots.readValue(in)).longValue());
    }
  }

  @Override
  public void reset(int group) {
    if (drives()) {
      shared.reset(group);
    } else {
      shared.reset(member, group);
    }
  }

  @Override
  public void write(int group, ColumnVector out, int row) {
    ((LongVector) out).set(row, shared.count(member, group));
  }

  @Override
  public long bytesPerGroup(int group) {
    return drives() ? shared.bytes(group) : 8;
  }
}
