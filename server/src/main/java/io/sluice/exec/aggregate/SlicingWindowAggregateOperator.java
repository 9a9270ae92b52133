package io.sluice.exec.aggregate;

import static java.util.Objects.requireNonNull;

import io.sluice.error.SluiceErrors;
import io.sluice.exec.operator.MicroBatch;
import io.sluice.exec.operator.Operator;
import io.sluice.exec.operator.StateOwnership;
import io.sluice.exec.operator.StateSnapshots;
import io.sluice.plan.spec.WindowInfo;
import io.sluice.plan.spec.WindowSpec;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import io.sluice.spi.type.ColumnType;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A TUMBLE or HOP window aggregate that keeps its state as slices, as Flink's slicing windows do.
 * Time is cut into slices of gcd(size, slide) (a tumbling window is one slice); a row updates the
 * one slice of its key it falls into, whatever the number of windows it belongs to, and when the
 * watermark closes a window its row per key is the combination ({@link Accumulator#combine}) of the
 * key's slices the window covers. A slice is dropped once the last window covering it fired.
 *
 * <p>Emits as the per-window path of {@link AggregateOperator} does in append and final modes: a
 * window once the watermark (or, over processing time, the wall clock) passes its end, every window
 * at end of input; rows older than the watermark are late and dropped.
 */
public final class SlicingWindowAggregateOperator implements Operator {
  /** First int of a checkpoint section; the per-window format starts with a group count >= 0. */
  private static final int FORMAT = -0x51_1CE1;

  private final Operator input;
  private final Accumulator[] accumulators;
  private final List<ColumnType> outputTypes;
  private final WindowInfo window;
  private final int keyCount;

  /** Group-key positions other than the window's, in output order. */
  private final int[] valueKeys;

  /** Their input columns. */
  private final int[] valueColumns;

  private final long size;
  private final long slide;
  private final long sliceSize;
  private final boolean oneSlicePerWindow;

  /** Slices keyed by the value keys, then the slice end. */
  private final GroupTable slices;

  /** The same table when every value key is long-valued (or there is none). */
  private final LongKeyGroupTable longSlices;

  /** The value keys of live slices, so that a window finds a key's slices by array index. */
  private final GroupTable keys;

  private final LongKeyGroupTable longKeys;
  private final long[] keyScratch;

  /** Per slice, its key's id in {@link #keys}. */
  private int[] keyOfSlice = new int[16];

  /** Per key, its live slices. */
  private int[] keySlices = new int[16];

  /** Per key, the last window that gave it a row, and that row. */
  private int[] keyWindow = new int[16];

  private int[] keyRow = new int[16];
  private int windowSerial;

  /** Slice end → ids of the slices ending then. */
  private final TreeMap<Long, List<Integer>> slicesByEnd = new TreeMap<>();

  /** Every window ending at or before this has fired. */
  private long firedUpTo = Long.MIN_VALUE / 4;

  private final SliceAssigner assigner;

  /** Whether the input is a local phase's partial slices, not rows. */
  private final boolean mergesPartials;

  /**
   * @param keyColumns input columns of the group keys in output order (those at the window's
   *     positions are ignored: the operator writes the window bounds there)
   * @param accumulators one per call, each {@link Accumulator#canCombine}
   * @param window a TUMBLE or HOP window the operator assigns from its time column
   */
  public SlicingWindowAggregateOperator(
      Operator input,
      int[] keyColumns,
      List<Accumulator> accumulators,
      List<ColumnType> outputTypes,
      WindowInfo window) {
    this(input, keyColumns, accumulators, outputTypes, window, false);
  }

  /**
   * The global phase over the partial slices of {@link LocalSlicingWindowAggregateOperator}s (the
   * aggregate has no keys but the window): each partial is combined into its slice. Its state, and
   * so its checkpoints, are those of the operator fed with rows.
   */
  public static SlicingWindowAggregateOperator mergingPartials(
      Operator partials,
      int[] keyColumns,
      List<Accumulator> accumulators,
      List<ColumnType> outputTypes,
      WindowInfo window) {
    SlicingWindowAggregateOperator operator =
        new SlicingWindowAggregateOperator(
            partials, keyColumns, accumulators, outputTypes, window, true);
    if (operator.valueKeys.length > 0) {
      throw new IllegalArgumentException("partial slices carry no keys but the window");
    }
    return operator;
  }

  private SlicingWindowAggregateOperator(
      Operator input,
      int[] keyColumns,
      List<Accumulator> accumulators,
      List<ColumnType> outputTypes,
      WindowInfo window,
      boolean mergesPartials) {
    this.input = requireNonNull(input, "input is null");
    this.mergesPartials = mergesPartials;
    this.assigner = new SliceAssigner(window);
    this.accumulators = accumulators.toArray(new Accumulator[0]);
    this.outputTypes = List.copyOf(outputTypes);
    this.window = requireNonNull(window, "window is null");
    if (!canSlice(window, accumulators)) {
      throw new IllegalArgumentException("not a sliceable window aggregate: " + window);
    }
    this.keyCount = keyColumns.length;
    int[] positions = new int[keyColumns.length];
    int count = 0;
    for (int k = 0; k < keyColumns.length; k++) {
      if (k != window.startKey() && k != window.endKey()) {
        positions[count++] = k;
      }
    }
    this.valueKeys = Arrays.copyOf(positions, count);
    this.valueColumns = new int[count];
    boolean longKeys = count < Long.SIZE;
    for (int v = 0; v < count; v++) {
      valueColumns[v] = keyColumns[valueKeys[v]];
      longKeys &= outputTypes.get(valueKeys[v]).vectorKind() == ColumnType.VectorKind.LONG;
    }
    WindowSpec spec = window.spec();
    this.size = spec.sizeMillis();
    this.slide = spec.slideMillis();
    this.sliceSize = spec.sliceMillis();
    this.oneSlicePerWindow = sliceSize == size;
    this.longSlices = longKeys ? new LongKeyGroupTable(count + 1) : null;
    this.slices = longKeys ? longSlices : new ObjectKeyGroupTable();
    // Without value keys every slice has the one key: a constant 0.
    this.longKeys = longKeys ? new LongKeyGroupTable(Math.max(count, 1)) : null;
    this.keys = longKeys ? this.longKeys : new ObjectKeyGroupTable();
    this.keyScratch = new long[Math.max(count, 1)];
  }

  /**
   * Whether a window aggregate can run sliced: TUMBLE or HOP windows assigned by the aggregate
   * itself, every call combinable.
   */
  public static boolean canSlice(WindowInfo window, List<Accumulator> accumulators) {
    WindowSpec.Kind kind = window.spec().kind();
    return (kind == WindowSpec.Kind.TUMBLE || kind == WindowSpec.Kind.HOP)
        && window.assignsWindows()
        && accumulators.stream().allMatch(Accumulator::canCombine);
  }

  @Override
  public Batch next(MicroBatch microBatch) {
    Batch in = input.next(microBatch);
    if (in.rowKinds() != null) {
      throw SluiceErrors.unsupportedConstruct("Aggregation over an updating (upsert) input");
    }
    if (mergesPartials) {
      foldPartials(in);
    } else {
      // Rows over processing time are stamped with the batch's time: none is ever late.
      fold(in, window.procTime() ? Long.MIN_VALUE : microBatch.watermarkBefore());
    }
    return emit(closedUpTo(microBatch));
  }

  /**
   * Combines each partial slice into the slice it is of. The local phase dropped late rows by the
   * same watermark, so no partial is of a window that fired.
   */
  private void foldPartials(Batch in) {
    LongVector ends = (LongVector) in.column(0);
    ColumnVector states = in.column(1);
    long[] key = new long[1];
    for (int row = 0; row < in.rowCount(); row++) {
      long sliceEnd = ends.get(row);
      key[0] = sliceEnd;
      int id = longSlices.idOf(key, 0);
      if (slices.isNew()) {
        created(id, sliceEnd);
      }
      int scratch = slices.capacity();
      try (DataInputStream state =
          new DataInputStream(new ByteArrayInputStream((byte[]) states.getObject(row)))) {
        // each step for every call before the next: calls may share state (COUNT(DISTINCT)s
        // differing in FILTER), which the first call combines and resets for all, as in fire()
        for (Accumulator accumulator : accumulators) {
          accumulator.ensureGroups(scratch + 1);
          accumulator.reset(scratch);
        }
        for (Accumulator accumulator : accumulators) {
          accumulator.readState(state, scratch);
        }
        for (Accumulator accumulator : accumulators) {
          accumulator.combine(scratch, id);
        }
        for (Accumulator accumulator : accumulators) {
          accumulator.reset(scratch);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Reading from memory failed", e);
      }
    }
  }

  private void fold(Batch in, long watermark) {
    int rowCount = in.rowCount();
    if (rowCount == 0) {
      return;
    }
    int[] rows = new int[rowCount];
    long[] sliceEnds = new long[rowCount];
    int pairs = assigner.assign(in, watermark, rows, sliceEnds);
    int[] ids = new int[pairs];
    int width = valueColumns.length;
    LongVector[] longKeys = null;
    long[] scratch = null;
    if (longSlices != null) {
      longKeys = new LongVector[width];
      for (int v = 0; v < width; v++) {
        longKeys[v] = (LongVector) in.column(valueColumns[v]);
      }
      scratch = new long[width + 1];
    }
    for (int i = 0; i < pairs; i++) {
      int row = rows[i];
      long sliceEnd = sliceEnds[i];
      int id;
      if (longKeys != null) {
        long nulls = 0;
        for (int v = 0; v < width; v++) {
          LongVector vector = longKeys[v];
          if (vector.isNull(row)) {
            nulls |= 1L << v;
          } else {
            scratch[v] = vector.get(row);
          }
        }
        scratch[width] = sliceEnd;
        id = longSlices.idOf(scratch, nulls);
      } else {
        Object[] key = new Object[width + 1];
        for (int v = 0; v < width; v++) {
          key[v] = in.column(valueColumns[v]).getObject(row);
        }
        key[width] = sliceEnd;
        id = slices.idOf(key);
      }
      if (slices.isNew()) {
        created(id, sliceEnd);
      }
      ids[i] = id;
    }
    int capacity = slices.capacity();
    for (Accumulator accumulator : accumulators) {
      accumulator.ensureGroups(capacity);
      accumulator.accumulate(in, rows, ids, pairs);
    }
  }

  private void created(int id, long sliceEnd) {
    if (!oneSlicePerWindow) {
      keyCreated(id);
    }
    for (Accumulator accumulator : accumulators) {
      accumulator.ensureGroups(id + 1);
      accumulator.reset(id);
    }
    slicesByEnd.computeIfAbsent(sliceEnd, end -> new ArrayList<>()).add(id);
  }

  /** Counts a new slice for its key, so a window finds the key's row by the key's id. */
  private void keyCreated(int id) {
    int key;
    if (longKeys != null) {
      for (int v = 0; v < valueKeys.length; v++) {
        keyScratch[v] = longSlices.value(id, v);
      }
      key = longKeys.idOf(keyScratch, longSlices.nullMask(id));
    } else {
      key = keys.idOf(Arrays.copyOf(slices.keyOf(id), valueKeys.length));
    }
    if (id >= keyOfSlice.length) {
      keyOfSlice = Arrays.copyOf(keyOfSlice, Math.max(id + 1, keyOfSlice.length * 2));
    }
    keyOfSlice[id] = key;
    if (key >= keySlices.length) {
      int grown = Math.max(key + 1, keySlices.length * 2);
      keySlices = Arrays.copyOf(keySlices, grown);
      keyWindow = Arrays.copyOf(keyWindow, grown);
      keyRow = Arrays.copyOf(keyRow, grown);
    }
    if (keys.isNew()) {
      keySlices[key] = 0;
      keyWindow[key] = windowSerial;
    }
    keySlices[key]++;
  }

  /** Windows ending at or before this close in the batch. */
  private long closedUpTo(MicroBatch microBatch) {
    if (microBatch.endOfInput() || microBatch.watermarkAfter() == Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    return window.procTime() ? microBatch.processingTime() : microBatch.watermarkAfter();
  }

  /** The end of the first window ending at or after {@code time}. */
  private long windowEndAtOrAfter(long time) {
    return time + Math.floorMod(size - time, slide);
  }

  /** The windows fired in one call of {@link #emit}: one row per window and key. */
  private final class Fired {
    int count;
    long[] windowEnds = new long[16];

    /** A slice of the row's key in the window, for its key values. */
    int[] keySlices = new int[16];

    /** The group holding the row's results: a slice, or a scratch group past the slices. */
    int[] results = new int[16];

    /** Scratch groups are handed out from here up; they are reset once the rows are written. */
    final int scratchBase = slices.capacity();

    int scratchNext = scratchBase;

    void add(long windowEnd, int keySlice, int result) {
      if (count == windowEnds.length) {
        int grown = count * 2;
        windowEnds = Arrays.copyOf(windowEnds, grown);
        keySlices = Arrays.copyOf(keySlices, grown);
        results = Arrays.copyOf(results, grown);
      }
      windowEnds[count] = windowEnd;
      keySlices[count] = keySlice;
      results[count++] = result;
    }

    int scratch() {
      int id = scratchNext++;
      for (Accumulator accumulator : accumulators) {
        accumulator.ensureGroups(scratchNext);
        accumulator.reset(id);
      }
      return id;
    }
  }

  private Batch emit(long closedUpTo) {
    Fired fired = new Fired();
    long cursor = firedUpTo;
    while (!slicesByEnd.isEmpty()) {
      Long first = slicesByEnd.ceilingKey(cursor - size + 1);
      if (first == null) {
        break;
      }
      long end = windowEndAtOrAfter(Math.max(first, cursor + 1));
      if (end > closedUpTo) {
        break;
      }
      fire(end, slicesByEnd.subMap(end - size, false, end, true), fired);
      cursor = end;
    }
    if (closedUpTo == Long.MAX_VALUE) {
      cursor = Long.MAX_VALUE / 2; // end of input: nothing is left to fire, nothing comes
    } else if (closedUpTo > Long.MIN_VALUE / 2) {
      // Every window ending by the watermark has fired now (those without rows too): a restart
      // must not fire them again, whatever slices survive for later windows.
      cursor = Math.max(cursor, windowEndAtOrAfter(closedUpTo - slide + 1));
    }
    firedUpTo = cursor;
    Batch result = materialize(fired);
    for (int id = fired.scratchBase; id < fired.scratchNext; id++) {
      for (Accumulator accumulator : accumulators) {
        accumulator.reset(id);
      }
    }
    evict(windowEndAtOrAfter(cursor + 1) - size);
    return result;
  }

  /** Adds window {@code end}'s rows, one per key with a slice in it, to {@code fired}. */
  private void fire(long end, NavigableMap<Long, List<Integer>> covered, Fired fired) {
    if (oneSlicePerWindow) {
      for (List<Integer> ids : covered.values()) {
        for (int id : ids) {
          fired.add(end, id, id);
        }
      }
      return;
    }
    int serial = ++windowSerial;
    for (List<Integer> ids : covered.values()) {
      for (int id : ids) {
        int key = keyOfSlice[id];
        if (keyWindow[key] != serial) {
          keyWindow[key] = serial;
          keyRow[key] = fired.count;
          fired.add(end, id, id);
          continue;
        }
        int row = keyRow[key];
        int result = fired.results[row];
        if (result < fired.scratchBase) {
          // A second slice of the key: its row needs a group of its own.
          int scratch = fired.scratch();
          for (Accumulator accumulator : accumulators) {
            accumulator.combine(result, scratch);
          }
          fired.results[row] = scratch;
          result = scratch;
        }
        for (Accumulator accumulator : accumulators) {
          accumulator.combine(id, result);
        }
      }
    }
  }

  private Batch materialize(Fired fired) {
    int count = fired.count;
    ColumnVector[] columns = new ColumnVector[outputTypes.size()];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = ColumnVector.allocate(outputTypes.get(c), count);
    }
    for (int i = 0; i < count; i++) {
      int keySlice = fired.keySlices[i];
      if (longSlices != null) {
        long nulls = longSlices.nullMask(keySlice);
        for (int v = 0; v < valueKeys.length; v++) {
          if ((nulls & (1L << v)) != 0) {
            columns[valueKeys[v]].setNull(i);
          } else {
            ((LongVector) columns[valueKeys[v]]).set(i, longSlices.value(keySlice, v));
          }
        }
      } else {
        Object[] key = slices.keyOf(keySlice);
        for (int v = 0; v < valueKeys.length; v++) {
          columns[valueKeys[v]].setObject(i, key[v]);
        }
      }
      long end = fired.windowEnds[i];
      ((LongVector) columns[window.startKey()]).set(i, end - size);
      if (window.endKey() >= 0) {
        // Grouped by window_end alone, the start position is the end's.
        ((LongVector) columns[window.endKey()]).set(i, end);
      }
      int result = fired.results[i];
      for (int a = 0; a < accumulators.length; a++) {
        accumulators[a].write(result, columns[keyCount + a], i);
      }
    }
    return new Batch(columns, count, null);
  }

  /** Drops the slices ending at or before {@code upTo}: every window covering them fired. */
  private void evict(long upTo) {
    Map<Long, List<Integer>> done = slicesByEnd.headMap(upTo, true);
    for (List<Integer> ids : done.values()) {
      for (int id : ids) {
        slices.remove(id);
        if (!oneSlicePerWindow && --keySlices[keyOfSlice[id]] == 0) {
          keys.remove(keyOfSlice[id]);
        }
        for (Accumulator accumulator : accumulators) {
          accumulator.reset(id);
        }
      }
    }
    done.clear();
  }

  @Override
  public long nextProcessingTimer() {
    if (!window.procTime() || slicesByEnd.isEmpty()) {
      return Long.MAX_VALUE;
    }
    return windowEndAtOrAfter(Math.max(slicesByEnd.firstKey(), firedUpTo + 1));
  }

  /**
   * The section: the format mark, the end up to which windows fired, the slice count, then per
   * slice its value keys, its end and each call's state, so each slice can be read on its own.
   */
  @Override
  public void snapshotState(DataOutputStream out) throws IOException {
    out.writeInt(FORMAT);
    out.writeLong(firedUpTo);
    out.writeInt(slices.size());
    for (int id = 0; id < slices.capacity(); id++) {
      if (slices.contains(id)) {
        Object[] key = slices.keyOf(id);
        for (Object value : key) {
          StateSnapshots.writeValue(out, value);
        }
        for (Accumulator accumulator : accumulators) {
          accumulator.writeState(out, id);
        }
      }
    }
  }

  @Override
  public void restoreState(DataInputStream in, StateOwnership owned) throws IOException {
    int format = in.readInt();
    if (format != FORMAT) {
      throw new SluiceException(
          ErrorCode.QUERY_FAILED,
          "The checkpointed state of this "
              + window.spec()
              + " window aggregate was written by the per-window operator of an earlier server,"
              + " which this server's sliced windows cannot read; drop and create the query again"
              + " to start it afresh");
    }
    // Sections of several subtasks may be read into one (rescaling): the latest end counts.
    firedUpTo = Math.max(firedUpTo, in.readLong());
    int count = in.readInt();
    for (int s = 0; s < count; s++) {
      Object[] key = new Object[valueKeys.length + 1];
      for (int k = 0; k < key.length; k++) {
        key[k] = StateSnapshots.readValue(in);
      }
      // the input is hashed by the keys other than the window: the slice's key values, in order
      if (!owned.owns(Arrays.copyOf(key, valueKeys.length))) {
        for (Accumulator accumulator : accumulators) {
          accumulator.skipState(in, slices.capacity());
        }
        continue;
      }
      int id = slices.idOf(key);
      if (slices.isNew()) {
        created(id, ((Number) key[valueKeys.length]).longValue());
      }
      for (Accumulator accumulator : accumulators) {
        accumulator.readState(in, id);
      }
    }
  }

  @Override
  public long stateRows() {
    return slices.size() + input.stateRows();
  }

  @Override
  public long stateBytes() {
    long bytes = 0;
    for (int id = 0; id < slices.capacity(); id++) {
      if (slices.contains(id)) {
        bytes += slices.keyBytes(id);
        for (Accumulator accumulator : accumulators) {
          bytes += accumulator.bytesPerGroup(id);
        }
      }
    }
    return bytes + input.stateBytes();
  }

  @Override
  public long lateRows() {
    return assigner.lateRows() + input.lateRows();
  }

  @Override
  public void close() {
    input.close();
  }
}
