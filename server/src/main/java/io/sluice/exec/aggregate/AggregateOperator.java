package io.sluice.exec.aggregate;

import static java.util.Objects.requireNonNull;

import io.sluice.error.SluiceErrors;
import io.sluice.exec.operator.MicroBatch;
import io.sluice.exec.operator.Operator;
import io.sluice.exec.operator.StateOwnership;
import io.sluice.plan.spec.OutputMode;
import io.sluice.plan.spec.WindowInfo;
import io.sluice.plan.spec.WindowSpec;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.changelog.RowKind;
import io.sluice.spi.type.ColumnType;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Incremental GROUP BY, optionally over event-time windows. Each batch folds its rows into the
 * groups' accumulators (never recomputing from all input), then emits by output mode: append emits
 * windows once the watermark passes their end; update emits the groups that changed; complete emits
 * every group; final (snapshot queries) emits everything at end of input. Windows ending at or
 * before the watermark are evicted (except in complete mode), so windowed state is bounded by open
 * windows times keys.
 *
 * <p>Over an updating input (an aggregate of an aggregate, a join or a top-N) the operator is
 * <em>retracting</em>: +I/+U rows are folded in and -U/-D rows taken back out of their groups, a
 * group keeps its row count and is deleted (-D) when the count reaches zero, and an update sends
 * the old row (-U) first when the consumer needs it ({@code updateBefore}). An update that leaves a
 * group's row as it was is not sent.
 */
public final class AggregateOperator implements Operator {
  private final Operator input;
  private final int[] keyColumns;
  private final Accumulator[] accumulators;
  private final List<ColumnType> outputTypes;
  private final WindowInfo window;
  private final OutputMode mode;
  private final GroupTable groups;
  private final boolean retracting;
  private final boolean updateBefore;

  /** The same table when every key column is long-valued, for the allocation-free path. */
  private final LongKeyGroupTable longGroups;

  /** A row's key values while its group is looked up; the group table keeps a copy of new keys. */
  private final Object[] keyScratch;

  /** Window end → groups of windows ending then; only for windowed aggregates. */
  private final TreeMap<Long, List<Integer>> groupsByWindowEnd = new TreeMap<>();

  private boolean[] changed = new boolean[16];
  private boolean[] emitted = new boolean[16];
  private final IntArrayList changedGroups = new IntArrayList();

  /** Rows each group holds; only kept when retracting. */
  private long[] rowCounts = new long[16];

  /** The row each changed, already emitted group had before this batch; for -U and -D rows. */
  private final Map<Integer, Object[]> beforeRows = new HashMap<>();

  private long lateRows;

  public AggregateOperator(
      Operator input,
      int[] keyColumns,
      List<Accumulator> accumulators,
      List<ColumnType> outputTypes,
      WindowInfo window,
      OutputMode mode) {
    this(input, keyColumns, accumulators, outputTypes, window, mode, false, false);
  }

  /**
   * @param retracting the input is updating; every accumulator can retract, and {@code window} is
   *     null
   * @param updateBefore send the old row (-U) before each update (+U)
   */
  public AggregateOperator(
      Operator input,
      int[] keyColumns,
      List<Accumulator> accumulators,
      List<ColumnType> outputTypes,
      WindowInfo window,
      OutputMode mode,
      boolean retracting,
      boolean updateBefore) {
    this.retracting = retracting;
    this.updateBefore = updateBefore;
    if (retracting && window != null) {
      throw new IllegalArgumentException("a windowed aggregate cannot retract");
    }
    this.input = requireNonNull(input, "input is null");
    this.keyColumns = keyColumns.clone();
    this.keyScratch = new Object[keyColumns.length];
    this.accumulators = accumulators.toArray(new Accumulator[0]);
    this.outputTypes = List.copyOf(outputTypes);
    this.window = window;
    this.mode = requireNonNull(mode, "mode is null");
    boolean longKeys = keyColumns.length > 0 && keyColumns.length <= Long.SIZE;
    for (int k = 0; k < keyColumns.length; k++) {
      longKeys &= outputTypes.get(k).vectorKind() == ColumnType.VectorKind.LONG;
    }
    this.longGroups = longKeys ? new LongKeyGroupTable(keyColumns.length) : null;
    this.groups = longKeys ? longGroups : new ObjectKeyGroupTable();
  }

  @Override
  public Batch next(MicroBatch microBatch) {
    Batch in = input.next(microBatch);
    if (in.rowKinds() != null && !retracting) {
      throw SluiceErrors.unsupportedConstruct("Aggregation over an updating (upsert) input");
    }
    // Rows over processing time are stamped with the batch's time: none is ever late.
    fold(in, window != null && window.procTime() ? Long.MIN_VALUE : microBatch.watermarkBefore());
    return emit(microBatch);
  }

  private void fold(Batch in, long watermark) {
    int rowCount = in.rowCount();
    if (rowCount == 0) {
      return;
    }
    if (retracting) {
      foldChanges(in);
      return;
    }
    int perRow = window != null && window.assignsWindows() ? window.spec().windowsPerRow() : 1;
    int[] rows = new int[rowCount * perRow];
    int[] ids = new int[rowCount * perRow];
    int pairs = 0;
    LongVector time =
        window != null && window.assignsWindows()
            ? (LongVector) in.column(window.timeColumn())
            : null;
    LongVector[] longKeys = longGroups == null ? null : longKeyVectors(in);
    ColumnVector[] keys = longKeys == null ? keyVectors(in) : null;
    long[] scratch = longKeys == null ? null : new long[keyColumns.length];
    int windowKey = time == null ? -1 : window.startKey();
    for (int row = 0; row < rowCount; row++) {
      long nulls = longKeys == null ? 0 : fillLongKey(longKeys, row, scratch);
      if (time == null) {
        ids[pairs] = longKeys == null ? group(keyValues(keys, row, -1, 0)) : group(scratch, nulls);
        rows[pairs++] = row;
        continue;
      }
      if (time.isNull(row)) {
        continue;
      }
      long ts = time.get(row);
      if (ts < watermark) {
        lateRows++;
        continue;
      }
      WindowSpec spec = window.spec();
      for (long start = spec.lastStart(ts);
          start > ts - spec.sizeMillis();
          start -= spec.slideMillis()) {
        if (longKeys == null) {
          ids[pairs] = group(keyValues(keys, row, windowKey, start));
        } else {
          scratch[windowKey] = start;
          long keyNulls = nulls & ~(1L << windowKey);
          if (window.endKey() >= 0) {
            scratch[window.endKey()] = start + spec.sizeMillis();
            keyNulls &= ~(1L << window.endKey());
          }
          ids[pairs] = group(scratch, keyNulls);
        }
        rows[pairs++] = row;
      }
    }
    int capacity = groups.capacity();
    for (Accumulator accumulator : accumulators) {
      accumulator.ensureGroups(capacity);
      accumulator.accumulate(in, rows, ids, pairs);
    }
  }

  /** Folds a changelog: +I/+U rows into their groups, -U/-D rows back out of them. */
  private void foldChanges(Batch in) {
    int rowCount = in.rowCount();
    int[] addRows = new int[rowCount];
    int[] addIds = new int[rowCount];
    int[] retractRows = new int[rowCount];
    int[] retractIds = new int[rowCount];
    int adds = 0;
    int retracts = 0;
    LongVector[] longKeys = longGroups == null ? null : longKeyVectors(in);
    ColumnVector[] keys = longKeys == null ? keyVectors(in) : null;
    long[] scratch = longKeys == null ? null : new long[keyColumns.length];
    for (int row = 0; row < rowCount; row++) {
      int id;
      if (longKeys == null) {
        id = group(keyValues(keys, row, -1, 0));
      } else {
        id = group(scratch, fillLongKey(longKeys, row, scratch));
      }
      if (in.rowKind(row).isAdditive()) {
        addRows[adds] = row;
        addIds[adds++] = id;
        rowCounts[id]++;
      } else {
        retractRows[retracts] = row;
        retractIds[retracts++] = id;
        rowCounts[id]--;
      }
    }
    int capacity = groups.capacity();
    for (Accumulator accumulator : accumulators) {
      accumulator.ensureGroups(capacity);
      accumulator.accumulate(in, addRows, addIds, adds);
      accumulator.retract(in, retractRows, retractIds, retracts);
    }
  }

  /** A group's row as it stands: its key values and each call's current result. */
  private Object[] currentRow(int id) {
    Object[] key = groups.keyOf(id);
    Object[] row = Arrays.copyOf(key, outputTypes.size());
    for (int a = 0; a < accumulators.length; a++) {
      ColumnVector value = ColumnVector.allocate(outputTypes.get(key.length + a), 1);
      accumulators[a].write(id, value, 0);
      row[key.length + a] = value.getObject(0);
    }
    return row;
  }

  private boolean isEmpty(int id) {
    return retracting && rowCounts[id] <= 0;
  }

  /**
   * Key values of a row, in {@link #keyScratch} (overwritten by the next call); {@code windowKey}
   * (if >= 0) takes {@code windowStart} instead, and the window's end key, if grouped by, the
   * window's end.
   */
  private Object[] keyValues(ColumnVector[] keys, int row, int windowKey, long windowStart) {
    Object[] values = keyScratch;
    for (int k = 0; k < keys.length; k++) {
      values[k] = k == windowKey ? (Object) windowStart : keys[k].getObject(row);
    }
    if (windowKey >= 0 && window.endKey() >= 0) {
      values[window.endKey()] = windowStart + window.spec().sizeMillis();
    }
    return values;
  }

  private ColumnVector[] keyVectors(Batch in) {
    ColumnVector[] vectors = new ColumnVector[keyColumns.length];
    for (int k = 0; k < keyColumns.length; k++) {
      vectors[k] = in.column(keyColumns[k]);
    }
    return vectors;
  }

  private LongVector[] longKeyVectors(Batch in) {
    LongVector[] vectors = new LongVector[keyColumns.length];
    for (int k = 0; k < keyColumns.length; k++) {
      vectors[k] = (LongVector) in.column(keyColumns[k]);
    }
    return vectors;
  }

  /** Copies a row's key values into {@code values}; returns the NULL mask. */
  private static long fillLongKey(LongVector[] vectors, int row, long[] values) {
    long nulls = 0;
    for (int k = 0; k < vectors.length; k++) {
      if (vectors[k].isNull(row)) {
        nulls |= 1L << k;
      } else {
        values[k] = vectors[k].get(row);
      }
    }
    return nulls;
  }

  private int group(long[] key, long nulls) {
    int id = longGroups.idOf(key, nulls);
    if (groups.isNew()) {
      created(id, window == null ? 0 : windowEnd(key));
    }
    return touched(id);
  }

  private int group(Object[] key) {
    int id = groups.idOf(key);
    if (groups.isNew()) {
      created(id, window == null ? 0 : windowEnd(key));
    }
    return touched(id);
  }

  private void created(int id, long windowEnd) {
    if (id >= changed.length) {
      int size = Math.max(id + 1, changed.length * 2);
      changed = Arrays.copyOf(changed, size);
      emitted = Arrays.copyOf(emitted, size);
      rowCounts = Arrays.copyOf(rowCounts, size);
    }
    changed[id] = false;
    emitted[id] = false;
    rowCounts[id] = 0;
    for (Accumulator accumulator : accumulators) {
      accumulator.ensureGroups(id + 1);
      accumulator.reset(id);
    }
    if (window != null) {
      groupsByWindowEnd.computeIfAbsent(windowEnd, end -> new ArrayList<>()).add(id);
    }
  }

  private int touched(int id) {
    if (!changed[id]) {
      changed[id] = true;
      changedGroups.add(id);
      if (emitted[id] && mode == OutputMode.UPDATE && (retracting || updateBefore)) {
        beforeRows.put(id, currentRow(id));
      }
    }
    return id;
  }

  private long windowEnd(long[] key) {
    if (window.endKey() >= 0) {
      return key[window.endKey()];
    }
    return key[window.startKey()] + window.spec().sizeMillis();
  }

  private long windowEnd(Object[] key) {
    if (window.endKey() >= 0) {
      return ((Number) key[window.endKey()]).longValue();
    }
    return ((Number) key[window.startKey()]).longValue() + window.spec().sizeMillis();
  }

  private Batch emit(MicroBatch microBatch) {
    long closedUpTo = closedUpTo(microBatch);
    // in update mode about one row per changed group: sized once rather than grown row by row
    int expected = changedGroups.size();
    IntArrayList out = new IntArrayList(expected);
    List<RowKind> kinds = new ArrayList<>(expected);
    List<Object[]> oldRows = new ArrayList<>(expected);
    List<Integer> emptied = new ArrayList<>();
    for (int i = 0; i < changedGroups.size(); i++) {
      int id = changedGroups.getInt(i);
      if (isEmpty(id)) {
        emptied.add(id);
      }
    }
    switch (mode) {
      case UPDATE:
        for (int i = 0; i < changedGroups.size(); i++) {
          int id = changedGroups.getInt(i);
          Object[] before = beforeRows.get(id);
          if (isEmpty(id)) {
            if (emitted[id]) {
              oldRow(out, kinds, oldRows, before, RowKind.DELETE);
            }
            continue;
          }
          if (emitted[id] && accumulators.length == 0) {
            continue; // a distinct key (GROUP BY without aggregates, UNION) never changes
          }
          if (emitted[id] && before != null) {
            if (Arrays.equals(before, currentRow(id))) {
              continue;
            }
            if (updateBefore) {
              oldRow(out, kinds, oldRows, before, RowKind.UPDATE_BEFORE);
            }
          }
          out.add(id);
          kinds.add(emitted[id] ? RowKind.UPDATE_AFTER : RowKind.INSERT);
          oldRows.add(null);
        }
        break;
      case COMPLETE:
        for (int id = 0; id < groups.capacity(); id++) {
          if (groups.contains(id) && !isEmpty(id)) {
            out.add(id);
            kinds.add(RowKind.INSERT);
          }
        }
        break;
      case FINAL:
        if (window != null) {
          // Closed windows are final already; the rest close at end of input.
          appendClosed(closedUpTo, out, kinds);
        } else if (microBatch.endOfInput()) {
          for (int id = 0; id < groups.capacity(); id++) {
            if (groups.contains(id) && !isEmpty(id)) {
              out.add(id);
              kinds.add(RowKind.INSERT);
            }
          }
        }
        break;
      default:
        appendClosed(closedUpTo, out, kinds);
    }
    for (int i = 0; i < changedGroups.size(); i++) {
      int id = changedGroups.getInt(i);
      changed[id] = false;
    }
    changedGroups.clear();
    beforeRows.clear();
    while (oldRows.size() < out.size()) {
      oldRows.add(null);
    }
    Batch result = materialize(out, kinds, oldRows);
    for (int i = 0; i < out.size(); i++) {
      int id = out.getInt(i);
      if (id >= 0) {
        emitted[id] = true;
      }
    }
    for (int id : emptied) {
      groups.remove(id);
      for (Accumulator accumulator : accumulators) {
        accumulator.reset(id);
      }
      emitted[id] = false;
      rowCounts[id] = 0;
    }
    if (window != null && mode != OutputMode.COMPLETE) {
      evict(closedUpTo);
    }
    return result;
  }

  private static void oldRow(
      IntArrayList out, List<RowKind> kinds, List<Object[]> oldRows, Object[] row, RowKind kind) {
    out.add(-1);
    kinds.add(kind);
    oldRows.add(requireNonNull(row, "old row of an emitted group is null"));
  }

  /** Windows ending at or before this close in the batch. */
  private long closedUpTo(MicroBatch microBatch) {
    if (microBatch.endOfInput() || microBatch.watermarkAfter() == Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    return window != null && window.procTime()
        ? microBatch.processingTime()
        : microBatch.watermarkAfter();
  }

  @Override
  public long nextProcessingTimer() {
    if (window == null || !window.procTime() || groupsByWindowEnd.isEmpty()) {
      return Long.MAX_VALUE;
    }
    return groupsByWindowEnd.firstKey();
  }

  private void appendClosed(long closedUpTo, IntArrayList out, List<RowKind> kinds) {
    for (List<Integer> closed : groupsByWindowEnd.headMap(closedUpTo, true).values()) {
      for (int id : closed) {
        out.add(id);
        kinds.add(RowKind.INSERT);
      }
    }
  }

  private void evict(long closedUpTo) {
    Map<Long, List<Integer>> closed = groupsByWindowEnd.headMap(closedUpTo, true);
    for (List<Integer> ids : closed.values()) {
      for (int id : ids) {
        groups.remove(id);
        for (Accumulator accumulator : accumulators) {
          accumulator.reset(id);
        }
      }
    }
    closed.clear();
  }

  /** The rows of {@code ids}; an id of -1 takes its row from {@code oldRows} instead. */
  private Batch materialize(IntArrayList ids, List<RowKind> kinds, List<Object[]> oldRows) {
    int count = ids.size();
    ColumnVector[] columns = new ColumnVector[outputTypes.size()];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = ColumnVector.allocate(outputTypes.get(c), count);
    }
    byte[] rowKinds = null;
    for (int i = 0; i < count; i++) {
      int id = ids.getInt(i);
      if (id < 0) {
        Object[] old = oldRows.get(i);
        for (int c = 0; c < old.length; c++) {
          columns[c].setObject(i, old[c]);
        }
      } else {
        Object[] key = groups.keyOf(id);
        for (int k = 0; k < key.length; k++) {
          columns[k].setObject(i, key[k]);
        }
        for (int a = 0; a < accumulators.length; a++) {
          accumulators[a].write(id, columns[key.length + a], i);
        }
      }
      if (kinds.get(i) != RowKind.INSERT) {
        if (rowKinds == null) {
          rowKinds = new byte[count];
        }
        rowKinds[i] = kinds.get(i).toByte();
      }
    }
    return new Batch(columns, count, rowKinds);
  }

  @Override
  public void snapshotState(java.io.DataOutputStream out) throws java.io.IOException {
    out.writeInt(groups.size());
    for (int id = 0; id < groups.capacity(); id++) {
      if (groups.contains(id)) {
        Object[] key = groups.keyOf(id);
        for (Object value : key) {
          io.sluice.exec.operator.StateSnapshots.writeValue(out, value);
        }
        out.writeBoolean(emitted[id]);
        if (retracting) {
          out.writeLong(rowCounts[id]);
        }
        for (Accumulator accumulator : accumulators) {
          accumulator.writeState(out, id);
        }
      }
    }
  }

  @Override
  public void restoreState(java.io.DataInputStream in, StateOwnership owned)
      throws java.io.IOException {
    int[] hashed = hashedKeyPositions();
    int count = in.readInt();
    for (int g = 0; g < count; g++) {
      Object[] key = new Object[keyColumns.length];
      for (int k = 0; k < key.length; k++) {
        key[k] = io.sluice.exec.operator.StateSnapshots.readValue(in);
      }
      if (!owned.ownsRow(key, hashed)) {
        skipGroup(in);
        continue;
      }
      int id = group(key);
      emitted[id] = in.readBoolean();
      if (retracting) {
        rowCounts[id] = in.readLong();
      }
      for (Accumulator accumulator : accumulators) {
        accumulator.readState(in, id);
      }
    }
    // Restored groups are the state before the replayed batch, not changes of it.
    for (int i = 0; i < changedGroups.size(); i++) {
      int id = changedGroups.getInt(i);
      changed[id] = false;
    }
    changedGroups.clear();
    beforeRows.clear();
  }

  /**
   * Positions of the key the input is hashed by (the planner's required distribution): every key
   * but the window bounds this operator assigns.
   */
  private int[] hashedKeyPositions() {
    return java.util.stream.IntStream.range(0, keyColumns.length)
        .filter(
            k ->
                window == null
                    || !window.assignsWindows()
                    || k != window.startKey() && k != window.endKey())
        .toArray();
  }

  private void skipGroup(java.io.DataInputStream in) throws java.io.IOException {
    in.readBoolean();
    if (retracting) {
      in.readLong();
    }
    for (Accumulator accumulator : accumulators) {
      accumulator.skipState(in, groups.capacity());
    }
  }

  @Override
  public long stateRows() {
    return groups.size() + input.stateRows();
  }

  @Override
  public long stateBytes() {
    long bytes = 0;
    for (int id = 0; id < groups.capacity(); id++) {
      if (groups.contains(id)) {
        bytes += groups.keyBytes(id);
        for (Accumulator accumulator : accumulators) {
          bytes += accumulator.bytesPerGroup(id);
        }
      }
    }
    return bytes + input.stateBytes();
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
