package io.sluice.exec.aggregate;

import static java.util.Objects.requireNonNull;

import io.sluice.exec.operator.MicroBatch;
import io.sluice.exec.operator.Operator;
import io.sluice.exec.operator.RowKey;
import io.sluice.exec.operator.StateOwnership;
import io.sluice.exec.operator.StateSnapshots;
import io.sluice.plan.spec.OutputMode;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.changelog.RowKind;
import io.sluice.spi.type.ColumnType;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * GROUP BY over event-time session windows: per partition key, rows closer than the gap to each
 * other form one session, and a row that bridges two sessions merges them. A session {@code [start,
 * last row + gap)} is complete once the watermark passes its end; it is emitted then (append, and
 * snapshot queries at the latest at end of input) and evicted.
 *
 * <p>Checkpoints hold every open session (and, in complete mode, the closed ones it repeats) with
 * its partition values, bounds, what was last emitted for it and its accumulators; group ids are
 * not part of it, a restore allocates fresh ones.
 */
public final class SessionAggregateOperator implements Operator {
  /** One open session of a partition key. */
  private static final class Session {
    long start;
    long last;
    final int group;

    /** The session this one was merged into, if it was. */
    Session mergedInto;

    /** Bounds of the row last emitted for it (update mode), or emitted = false. */
    boolean emitted;

    long emittedStart;
    long emittedEnd;
    boolean changed;

    Session(long start, long last, int group) {
      this.start = start;
      this.last = last;
      this.group = group;
    }
  }

  private final Operator input;
  private final int[] keyColumns;
  private final int startKey;
  private final int endKey;
  private final int timeColumn;
  private final long gap;
  private final Accumulator[] accumulators;
  private final List<ColumnType> outputTypes;
  private final OutputMode mode;
  private final Map<RowKey, List<Session>> sessions = new HashMap<>();

  /** Sessions merged away after their row was emitted: update mode deletes that row. */
  private final List<Object[]> retracted = new ArrayList<>();

  /** Complete mode keeps closed sessions to repeat them every batch. */
  private final List<Session> closedKept = new ArrayList<>();

  private final Map<Integer, Object[]> partitionOfGroup = new HashMap<>();
  private int[] free = new int[16];
  private int freeCount;
  private int nextGroup;
  private long openSessions;
  private long lateRows;

  /**
   * @param keyColumns input column of each group key; ignored at {@code startKey} and {@code
   *     endKey}, which take the session's bounds
   * @param endKey position of the session end among the keys, or -1
   */
  public SessionAggregateOperator(
      Operator input,
      int[] keyColumns,
      int startKey,
      int endKey,
      int timeColumn,
      long gap,
      List<Accumulator> accumulators,
      List<ColumnType> outputTypes,
      OutputMode mode) {
    this.mode = requireNonNull(mode, "mode is null");
    this.input = requireNonNull(input, "input is null");
    this.keyColumns = keyColumns.clone();
    this.startKey = startKey;
    this.endKey = endKey;
    this.timeColumn = timeColumn;
    this.gap = gap;
    this.accumulators = accumulators.toArray(new Accumulator[0]);
    this.outputTypes = List.copyOf(outputTypes);
  }

  @Override
  public Batch next(MicroBatch microBatch) {
    Batch in = input.next(microBatch);
    fold(in, microBatch.watermarkBefore());
    long closedUpTo = microBatch.endOfInput() ? Long.MAX_VALUE : microBatch.watermarkAfter();
    if (mode == OutputMode.UPDATE || mode == OutputMode.COMPLETE) {
      return emitChanges(closedUpTo);
    }
    return emitClosed(closedUpTo);
  }

  private void fold(Batch in, long watermark) {
    int rowCount = in.rowCount();
    if (rowCount == 0) {
      return;
    }
    LongVector time = (LongVector) in.column(timeColumn);
    int[] rows = new int[rowCount];
    int[] groups = new int[rowCount];
    Session[] assigned = new Session[rowCount];
    int pairs = 0;
    for (int row = 0; row < rowCount; row++) {
      if (time.isNull(row)) {
        continue;
      }
      long ts = time.get(row);
      if (ts < watermark) {
        lateRows++;
        continue;
      }
      assigned[pairs] = place(partition(in, row), ts);
      rows[pairs++] = row;
    }
    for (int i = 0; i < pairs; i++) {
      // A row's session may have merged into another later in the batch: follow it.
      Session session = assigned[i];
      while (session.mergedInto != null) {
        session = session.mergedInto;
      }
      groups[i] = session.group;
    }
    for (Accumulator accumulator : accumulators) {
      accumulator.ensureGroups(nextGroup);
      accumulator.accumulate(in, rows, groups, pairs);
    }
  }

  private Object[] partition(Batch in, int row) {
    Object[] values = new Object[keyColumns.length];
    for (int k = 0; k < keyColumns.length; k++) {
      if (k != startKey && k != endKey) {
        values[k] = in.column(keyColumns[k]).getObject(row);
      }
    }
    return values;
  }

  /** The session {@code ts} belongs to, creating, extending or merging sessions as needed. */
  private Session place(Object[] partition, long ts) {
    List<Session> open = sessions.computeIfAbsent(RowKey.of(partition), k -> new ArrayList<>());
    Session target = null;
    Iterator<Session> iterator = open.iterator();
    while (iterator.hasNext()) {
      Session session = iterator.next();
      if (ts >= session.start - gap && ts < session.last + gap) {
        if (target == null) {
          target = session;
        } else {
          // The row bridges two sessions: they become one.
          for (Accumulator accumulator : accumulators) {
            accumulator.ensureGroups(nextGroup);
            accumulator.merge(session.group, target.group);
          }
          target.start = Math.min(target.start, session.start);
          target.last = Math.max(target.last, session.last);
          session.mergedInto = target;
          if (session.emitted) {
            retracted.add(
                keyRow(
                    partitionOfGroup.get(session.group), session.emittedStart, session.emittedEnd));
          }
          release(session.group);
          iterator.remove();
        }
      }
    }
    if (target == null) {
      target = new Session(ts, ts, allocate(partition));
      open.add(target);
      openSessions++;
    }
    target.start = Math.min(target.start, ts);
    target.last = Math.max(target.last, ts);
    target.changed = true;
    return target;
  }

  private int allocate(Object[] partition) {
    int group = freeCount > 0 ? free[--freeCount] : nextGroup++;
    for (Accumulator accumulator : accumulators) {
      accumulator.ensureGroups(nextGroup);
      accumulator.reset(group);
    }
    partitionOfGroup.put(group, partition);
    return group;
  }

  private void release(int group) {
    partitionOfGroup.remove(group);
    if (freeCount == free.length) {
      free = Arrays.copyOf(free, free.length * 2);
    }
    free[freeCount++] = group;
    openSessions--;
  }

  /** Key columns of a session's row: partition values with the bounds in their places. */
  private Object[] keyRow(Object[] partition, long start, long end) {
    Object[] row = new Object[outputTypes.size()];
    for (int k = 0; k < keyColumns.length; k++) {
      row[k] = k == startKey ? (Object) start : k == endKey ? (Object) end : partition[k];
    }
    return row;
  }

  /**
   * Update and complete modes. A session whose bounds moved since it was emitted is a new row of
   * the result table (its key includes the bounds): the old row is deleted, the new one inserted.
   * Closed sessions are evicted in update mode and kept in complete mode.
   */
  private Batch emitChanges(long closedUpTo) {
    List<Object[]> rows = new ArrayList<>();
    List<RowKind> kinds = new ArrayList<>();
    for (Object[] row : retracted) {
      rows.add(row);
      kinds.add(RowKind.DELETE);
    }
    retracted.clear();
    List<Session> closing = new ArrayList<>();
    Iterator<List<Session>> partitions = sessions.values().iterator();
    while (partitions.hasNext()) {
      List<Session> open = partitions.next();
      Iterator<Session> iterator = open.iterator();
      while (iterator.hasNext()) {
        Session session = iterator.next();
        if (session.changed || mode == OutputMode.COMPLETE) {
          emitSession(session, rows, kinds);
        }
        if (session.last + gap <= closedUpTo) {
          closing.add(session);
          iterator.remove();
        }
      }
      if (open.isEmpty()) {
        partitions.remove();
      }
    }
    if (mode == OutputMode.COMPLETE) {
      for (Session session : closedKept) {
        emitSession(session, rows, kinds);
      }
      closedKept.addAll(closing);
    } else {
      for (Session session : closing) {
        release(session.group);
      }
    }
    ColumnVector[] columns = new ColumnVector[outputTypes.size()];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = ColumnVector.allocate(outputTypes.get(c), rows.size());
    }
    byte[] rowKinds = new byte[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      Object[] row = rows.get(r);
      for (int c = 0; c < columns.length; c++) {
        if (c < keyColumns.length || row[c] != null) {
          columns[c].setObject(r, row[c]);
        } else {
          columns[c].setNull(r);
        }
      }
      rowKinds[r] = kinds.get(r).toByte();
    }
    return new Batch(columns, rows.size(), mode == OutputMode.COMPLETE ? null : rowKinds);
  }

  private void emitSession(Session session, List<Object[]> rows, List<RowKind> kinds) {
    long end = session.last + gap;
    Object[] partition = partitionOfGroup.get(session.group);
    boolean keyMoved =
        startKey >= 0 && session.emittedStart != session.start
            || endKey >= 0 && session.emittedEnd != end;
    if (mode == OutputMode.UPDATE && session.emitted && keyMoved) {
      rows.add(keyRow(partition, session.emittedStart, session.emittedEnd));
      kinds.add(RowKind.DELETE);
    }
    Object[] row = keyRow(partition, session.start, end);
    ColumnVector[] values = new ColumnVector[accumulators.length];
    for (int a = 0; a < accumulators.length; a++) {
      values[a] = ColumnVector.allocate(outputTypes.get(keyColumns.length + a), 1);
      accumulators[a].write(session.group, values[a], 0);
      row[keyColumns.length + a] = values[a].getObject(0);
    }
    boolean sameRow = session.emitted && !keyMoved;
    rows.add(row);
    kinds.add(sameRow ? RowKind.UPDATE_AFTER : RowKind.INSERT);
    session.emitted = true;
    session.emittedStart = session.start;
    session.emittedEnd = end;
    session.changed = false;
  }

  private Batch emitClosed(long closedUpTo) {
    List<Session> closed = new ArrayList<>();
    Iterator<List<Session>> partitions = sessions.values().iterator();
    while (partitions.hasNext()) {
      List<Session> open = partitions.next();
      Iterator<Session> iterator = open.iterator();
      while (iterator.hasNext()) {
        Session session = iterator.next();
        if (session.last + gap <= closedUpTo) {
          closed.add(session);
          iterator.remove();
        }
      }
      if (open.isEmpty()) {
        partitions.remove();
      }
    }
    ColumnVector[] columns = new ColumnVector[outputTypes.size()];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = ColumnVector.allocate(outputTypes.get(c), closed.size());
    }
    for (int r = 0; r < closed.size(); r++) {
      Session session = closed.get(r);
      Object[] partition = partitionOfGroup.get(session.group);
      for (int k = 0; k < keyColumns.length; k++) {
        Object value =
            k == startKey
                ? (Object) session.start
                : k == endKey ? (Object) (session.last + gap) : partition[k];
        columns[k].setObject(r, value);
      }
      for (int a = 0; a < accumulators.length; a++) {
        accumulators[a].write(session.group, columns[keyColumns.length + a], r);
      }
      release(session.group);
    }
    return new io.sluice.spi.batch.Batch(columns, closed.size());
  }

  @Override
  public void snapshotState(DataOutputStream out) throws IOException {
    // Retractions are only pending within a batch (emitChanges empties them), never between.
    int count = closedKept.size();
    for (List<Session> open : sessions.values()) {
      count += open.size();
    }
    out.writeInt(count);
    for (List<Session> open : sessions.values()) {
      for (Session session : open) {
        writeSession(out, session, false);
      }
    }
    for (Session session : closedKept) {
      writeSession(out, session, true);
    }
  }

  private void writeSession(DataOutputStream out, Session session, boolean closed)
      throws IOException {
    out.writeBoolean(closed);
    Object[] partition = partitionOfGroup.get(session.group);
    for (int k = 0; k < keyColumns.length; k++) {
      if (k != startKey && k != endKey) {
        StateSnapshots.writeValue(out, partition[k]);
      }
    }
    out.writeLong(session.start);
    out.writeLong(session.last);
    out.writeBoolean(session.emitted);
    out.writeLong(session.emittedStart);
    out.writeLong(session.emittedEnd);
    for (Accumulator accumulator : accumulators) {
      accumulator.writeState(out, session.group);
    }
  }

  @Override
  public void restoreState(DataInputStream in, StateOwnership owned) throws IOException {
    int[] hashed =
        IntStream.range(0, keyColumns.length).filter(k -> k != startKey && k != endKey).toArray();
    int count = in.readInt();
    for (int s = 0; s < count; s++) {
      boolean closed = in.readBoolean();
      Object[] partition = new Object[keyColumns.length];
      for (int k = 0; k < keyColumns.length; k++) {
        if (k != startKey && k != endKey) {
          partition[k] = StateSnapshots.readValue(in);
        }
      }
      long start = in.readLong();
      long last = in.readLong();
      if (!owned.ownsRow(partition, hashed)) {
        in.readBoolean();
        in.readLong();
        in.readLong();
        for (Accumulator accumulator : accumulators) {
          accumulator.skipState(in, nextGroup);
        }
        continue;
      }
      Session session = new Session(start, last, allocate(partition));
      openSessions++;
      session.emitted = in.readBoolean();
      session.emittedStart = in.readLong();
      session.emittedEnd = in.readLong();
      for (Accumulator accumulator : accumulators) {
        accumulator.readState(in, session.group);
      }
      // Sessions are listed per partition in their order, so each list comes back as it was.
      if (closed) {
        closedKept.add(session);
      } else {
        sessions.computeIfAbsent(RowKey.of(partition), key -> new ArrayList<>()).add(session);
      }
    }
  }

  @Override
  public long stateRows() {
    return openSessions + input.stateRows();
  }

  @Override
  public long stateBytes() {
    long perGroup = 64 + 16L * accumulators.length;
    return openSessions * perGroup + input.stateBytes();
  }

  @Override
  public long lateRows() {
    return lateRows + input.lateRows();
  }

  @Override
  public void close() {
    input.close();
  }
}
