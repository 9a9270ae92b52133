package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

import io.sluice.exec.codegen.CompiledCalc;
import io.sluice.exec.codegen.QueryDataContext;
import io.sluice.plan.spec.JoinSpec;
import io.sluice.plan.spec.JoinSpec.IntervalBounds;
import io.sluice.plan.spec.JoinSpec.JoinKind;
import io.sluice.plan.spec.JoinSpec.JoinTime;
import io.sluice.plan.spec.JoinSpec.Strategy;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.changelog.RowKind;
import io.sluice.spi.connector.LookupSource;
import io.sluice.spi.type.ColumnType;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Equi-join of two inputs by the strategy of {@link JoinSpec}: a stream probing a table held in
 * memory (rebuilt whenever the table delivers a new version), two streams within a time bound
 * (state evicted by watermark), or, for snapshot queries, both inputs joined at end of input. A
 * condition beyond the equi-keys is evaluated by generated code on the candidate pairs.
 */
public final class JoinOperator implements Operator {
  private final Operator left;
  private final Operator right;
  private final JoinKind joinType;
  private final Strategy strategy;
  private final int[] leftKeys;
  private final int[] rightKeys;
  private final CompiledCalc remainder;

  /**
   * For the condition beyond the equi-keys: an empty vector standing in for each joined column it
   * does not read (only those it reads are gathered for it); null without a condition.
   */
  private final ColumnVector[] unreadColumns;

  private final QueryDataContext context;
  private final boolean buildLeft;
  private final IntervalBounds bounds;
  private final List<ColumnType> outputTypes;
  private final int leftWidth;
  private final int rightWidth;

  private Map<RowKey, List<Object[]>> table = new HashMap<>();
  private final JoinSideState leftState;
  private final JoinSideState rightState;
  private final JoinMatchCounts leftCounts = new JoinMatchCounts();
  private final JoinMatchCounts rightCounts = new JoinMatchCounts();
  private final List<Object[]> leftBuffer = new ArrayList<>();
  private final List<Object[]> rightBuffer = new ArrayList<>();
  private long stateRows;
  private long lateRows;
  private boolean done;

  /** A temporal join's left rows waiting for the watermark to pass their time. */
  private List<Object[]> pendingLeft = new ArrayList<>();

  /** A temporal join's right rows: by key, the versions by the time they start. */
  private final Map<RowKey, TreeMap<Long, Object[]>> versions = new HashMap<>();

  /** For a lookup join against a table read by key: where its rows come from; else null. */
  private LookupSource lookupSource;

  /** Where looked-up rows enter the table side's filter and projection; null when it has none. */
  private HandedRowsOperator lookedUp;

  /** The table side's filter and projection over {@link #lookedUp}; null when it has none. */
  private Operator lookedUpCalc;

  /**
   * @param remainder generated filter over the joined row, or null
   * @param leftWidth columns of the left input; the right input's follow them in the output
   */
  public JoinOperator(
      Operator left,
      Operator right,
      JoinSpec join,
      CompiledCalc remainder,
      QueryDataContext context,
      List<ColumnType> outputTypes,
      int leftWidth) {
    this.left = requireNonNull(left, "left is null");
    this.right = requireNonNull(right, "right is null");
    this.joinType = join.kind();
    this.strategy = join.strategy();
    this.leftKeys = join.leftKeys();
    this.rightKeys = join.rightKeys();
    this.remainder = remainder;
    this.context = requireNonNull(context, "context is null");
    this.buildLeft = join.buildLeft();
    this.bounds = join.bounds();
    this.outputTypes = List.copyOf(outputTypes);
    this.leftWidth = leftWidth;
    this.rightWidth = outputTypes.size() - leftWidth;
    this.unreadColumns = remainder == null ? null : unreadColumns(remainder, outputTypes);
    boolean longKey =
        leftKeys.length == 1
            && outputTypes.get(leftKeys[0]).vectorKind() == ColumnType.VectorKind.LONG
            && outputTypes.get(leftWidth + rightKeys[0]).vectorKind() == ColumnType.VectorKind.LONG;
    this.leftState =
        new JoinSideState(
            outputTypes.subList(0, leftWidth),
            leftKeys,
            bounds == null ? -1 : bounds.leftEvictionColumn(),
            longKey,
            bounds == null || bounds.leftUntil() == null);
    this.rightState =
        new JoinSideState(
            outputTypes.subList(leftWidth, outputTypes.size()),
            rightKeys,
            bounds == null ? -1 : bounds.rightEvictionColumn(),
            longKey,
            bounds == null || bounds.rightUntil() == null);
  }

  @Override
  public Batch next(MicroBatch microBatch) {
    Batch leftRows = left.next(microBatch);
    Batch rightRows = right.next(microBatch);
    switch (strategy) {
      case LOOKUP:
        return lookup(leftRows, rightRows, microBatch);
      case INTERVAL:
        return symmetric(leftRows, rightRows, microBatch);
      case REGULAR:
        if (leftRows.rowKinds() != null || rightRows.rowKinds() != null) {
          return retracting(leftRows, rightRows);
        }
        return symmetric(leftRows, rightRows, microBatch);
      case TEMPORAL:
        return temporal(leftRows, rightRows, microBatch);
      default:
        return snapshot(leftRows, rightRows, microBatch.endOfInput());
    }
  }

  /**
   * Makes this lookup join read the table by key from {@code source}, batch by batch, instead of
   * holding it whole: the table input then delivers nothing. The join closes the source.
   */
  public void openLookup(LookupSource source) {
    if (strategy != Strategy.LOOKUP) {
      throw new IllegalStateException("only a lookup join reads a table by key");
    }
    this.lookupSource = requireNonNull(source, "source is null");
  }

  /**
   * Makes this lookup join pass the rows it looked up through {@code calc}, the table side's filter
   * and projection, which reads them from {@code lookedUp}.
   */
  public void filterLookedUpRows(HandedRowsOperator lookedUp, Operator calc) {
    this.lookedUp = requireNonNull(lookedUp, "lookedUp is null");
    this.lookedUpCalc = requireNonNull(calc, "calc is null");
  }

  private Batch lookup(Batch leftRows, Batch rightRows, MicroBatch microBatch) {
    Batch build = buildLeft ? leftRows : rightRows;
    Batch probe = buildLeft ? rightRows : leftRows;
    if (lookupSource != null) {
      // the rows of this batch's keys, as the table holds them now: one request for all keys
      int[] probeKeys = buildLeft ? rightKeys : leftKeys;
      Set<RowKey> distinct = new HashSet<>();
      List<Object[]> keys = new ArrayList<>();
      for (Object[] row : probe.rows()) {
        RowKey key = RowKey.of(row, probeKeys);
        if (!key.hasNull() && distinct.add(key)) {
          Object[] values = new Object[probeKeys.length];
          for (int k = 0; k < probeKeys.length; k++) {
            values[k] = row[probeKeys[k]];
          }
          keys.add(values);
        }
      }
      List<Object[]> found = keys.isEmpty() ? List.of() : lookupSource.lookup(keys);
      if (lookedUpCalc != null && !found.isEmpty()) {
        lookedUp.hand(found);
        found = lookedUpCalc.next(microBatch).rows();
      }
      table = index(found, buildLeft ? leftKeys : rightKeys);
      stateRows = 0;
    } else if (build.rowCount() > 0) {
      // A table delivers its whole content whenever it changes: replace, never merge.
      table = index(build.rows(), buildLeft ? leftKeys : rightKeys);
      stateRows = build.rowCount();
    }
    boolean outer = buildLeft ? joinType == JoinKind.RIGHT : joinType == JoinKind.LEFT;
    List<Object[]> probeRows = probe.rows();
    return probe(probeRows, table, !buildLeft, outer);
  }

  /**
   * Joins {@code probeRows} against {@code state}; {@code probeIsLeft} says which side they are.
   * With {@code outer}, probe rows without a match come out padded with NULLs.
   */
  private Batch probe(
      List<Object[]> probeRows,
      Map<RowKey, List<Object[]>> state,
      boolean probeIsLeft,
      boolean outer) {
    List<Object[]> joined = new ArrayList<>();
    List<Integer> origins = new ArrayList<>();
    int[] keys = probeIsLeft ? leftKeys : rightKeys;
    for (int p = 0; p < probeRows.size(); p++) {
      Object[] row = probeRows.get(p);
      RowKey key = RowKey.of(row, keys);
      List<Object[]> matches = key.hasNull() ? null : state.get(key);
      if (matches != null) {
        for (Object[] match : matches) {
          joined.add(probeIsLeft ? concat(row, match) : concat(match, row));
          origins.add(p);
        }
      }
    }
    boolean[] passed = passes(joined);
    List<Object[]> result = new ArrayList<>();
    Set<Integer> matched = new HashSet<>();
    for (int i = 0; i < joined.size(); i++) {
      if (passed[i]) {
        result.add(joined.get(i));
        matched.add(origins.get(i));
      }
    }
    if (outer) {
      for (int p = 0; p < probeRows.size(); p++) {
        if (!matched.contains(p)) {
          result.add(
              probeIsLeft
                  ? concat(probeRows.get(p), new Object[rightWidth])
                  : concat(new Object[leftWidth], probeRows.get(p)));
        }
      }
    }
    return toBatch(result);
  }

  /**
   * Temporal join: right rows are versions of their key; left rows wait until the watermark passes
   * their time (all versions up to it are in by then), then meet their key's version valid at that
   * time. Late left rows are dropped and counted, as an interval join's are.
   */
  private Batch temporal(Batch leftRows, Batch rightRows, MicroBatch microBatch) {
    addVersions(rightRows.rows());
    pendingLeft.addAll(onTime(leftRows.rows(), bounds.left(), microBatch.watermarkBefore()));
    long watermark = microBatch.endOfInput() ? Long.MAX_VALUE : microBatch.watermarkAfter();
    if (watermark == MicroBatch.NO_WATERMARK) {
      stateRows = pendingLeft.size() + versionCount();
      return Batch.empty(outputTypes);
    }
    List<Object[]> ready = new ArrayList<>();
    List<Object[]> waiting = new ArrayList<>();
    for (Object[] row : pendingLeft) {
      if (((Number) row[bounds.leftTime()]).longValue() <= watermark) {
        ready.add(row);
      } else {
        waiting.add(row);
      }
    }
    pendingLeft = waiting;
    List<Object[]> joined = new ArrayList<>();
    List<Integer> origins = new ArrayList<>();
    for (int p = 0; p < ready.size(); p++) {
      Object[] row = ready.get(p);
      RowKey key = RowKey.of(row, leftKeys);
      TreeMap<Long, Object[]> history = key.hasNull() ? null : versions.get(key);
      Map.Entry<Long, Object[]> valid =
          history == null
              ? null
              : history.floorEntry(((Number) row[bounds.leftTime()]).longValue());
      if (valid != null) {
        joined.add(concat(row, valid.getValue()));
        origins.add(p);
      }
    }
    boolean[] passed = passes(joined);
    List<Object[]> result = new ArrayList<>();
    Set<Integer> matched = new HashSet<>();
    for (int i = 0; i < joined.size(); i++) {
      if (passed[i]) {
        result.add(joined.get(i));
        matched.add(origins.get(i));
      }
    }
    if (joinType == JoinKind.LEFT) {
      for (int p = 0; p < ready.size(); p++) {
        if (!matched.contains(p)) {
          result.add(concat(ready.get(p), new Object[rightWidth]));
        }
      }
    }
    // rows still to come are at or after the watermark: older versions are no one's any more
    versions
        .values()
        .removeIf(
            history -> {
              Long floor = history.floorKey(watermark);
              if (floor != null) {
                history.headMap(floor, false).clear();
              }
              return history.isEmpty();
            });
    stateRows = pendingLeft.size() + versionCount();
    return toBatch(result);
  }

  private void addVersions(List<Object[]> rows) {
    for (Object[] row : rows) {
      RowKey key = RowKey.of(row, rightKeys);
      Object start = row[bounds.rightTime()];
      if (!key.hasNull() && start != null) {
        versions.computeIfAbsent(key, k -> new TreeMap<>()).put(((Number) start).longValue(), row);
      }
    }
  }

  private long versionCount() {
    long count = 0;
    for (TreeMap<Long, Object[]> history : versions.values()) {
      count += history.size();
    }
    return count;
  }

  /**
   * Interval and regular joins: each new row meets the other side's rows held so far.
   *
   * <p>An outer join also emits each preserved row that has no match padded with NULLs. A regular
   * join does so at once and retracts that row (-D) when the row's first match comes, as Flink's
   * regular outer join does; each held row's match count (kept in the checkpoint) says when. An
   * interval join waits until the watermark has passed the row's interval, when no match can come
   * any more, so its output stays append-only.
   *
   * <p>Rows stay in their vectors throughout: the candidate pairs are refs into the two sides'
   * state, the columns the condition reads are gathered for it, and only the pairs that pass it
   * become the output, whose other columns are read from the state only when asked ({@link
   * JoinedColumns}).
   */
  private Batch symmetric(Batch leftRows, Batch rightRows, MicroBatch microBatch) {
    long watermark = microBatch.watermarkBefore();
    int leftSeq =
        stageOnTime(leftState, leftRows, bounds == null ? null : bounds.left(), watermark);
    int rightSeq =
        stageOnTime(rightState, rightRows, bounds == null ? null : bounds.right(), watermark);
    JoinPairs candidates = candidates(leftSeq, rightSeq);
    // A new right row already past its eviction time can meet no later left row: it is not
    // indexed at all (no chain entry to add and take out again), unless a right outer join must
    // pad it when it leaves. Its pairs with this batch's rows are found above all the same.
    long rightDoomedBefore =
        bounds == null || rightOuter() ? Long.MIN_VALUE : rightEvictionBefore(microBatch);
    rightState.indexAll(rightSeq, rightDoomedBefore);
    int[] selection = new int[candidates.size()];
    ColumnVector[] tested = new ColumnVector[leftWidth + rightWidth];
    int passing = passing(candidates, selection, tested);
    boolean outer = leftOuter() || rightOuter();
    Batch output;
    if (!outer) {
      // an inner join's evicted rows leave nothing behind: the passing pairs are the output
      int candidateCount = candidates.size();
      candidates.keep(selection, passing);
      output = gather(candidates, tested, candidateCount, selection);
      if (bounds != null) {
        evict(microBatch, null);
      }
    } else {
      output = outerOutput(candidates, selection, passing, leftSeq, rightSeq, microBatch);
    }
    leftState.release();
    rightState.release();
    stateRows = leftState.size() + rightState.size();
    return output;
  }

  /**
   * The pairs of keys that meet this batch: each new right row with the left rows held before it
   * (left in arrival order), then each new left row with the right rows held before it and with the
   * new right rows (right in arrival order). The new left rows are indexed here; the new right rows
   * are not (the caller indexes those a later row may meet).
   *
   * <p>The new left rows are indexed first and found by probing with the new right rows, so the
   * new-with-new pairs come from one probe of the right rows against the left index, and the right
   * rows never need an index entry for them; those pairs are then put in their place by left row.
   */
  private JoinPairs candidates(int leftSeq, int rightSeq) {
    leftState.indexAll(leftSeq);
    // sized for a match per new right row: the common case of a key join (a bid, its auction)
    JoinPairs byRight = new JoinPairs(rightState.rowCount(rightSeq));
    leftState.probe(rightState, rightSeq, rightKeys, true, byRight);
    JoinPairs oldRight = new JoinPairs();
    rightState.probe(leftState, leftSeq, leftKeys, false, oldRight);

    JoinPairs candidates = new JoinPairs(byRight.size() + oldRight.size());
    int leftRows = leftState.rowCount(leftSeq);
    // new-with-new pairs bucketed by their left row, keeping the right rows' order in a bucket
    int[] starts = new int[leftRows + 1];
    int newPairs = 0;
    for (int i = 0; i < byRight.size(); i++) {
      long left = byRight.left(i);
      if (JoinSideState.seqOf(left) == leftSeq) {
        starts[JoinSideState.rowOf(left) + 1]++;
        newPairs++;
      } else {
        candidates.add(left, byRight.right(i));
      }
    }
    if (newPairs == 0 && oldRight.size() == 0) {
      return candidates;
    }
    for (int row = 0; row < leftRows; row++) {
      starts[row + 1] += starts[row];
    }
    long[] newRights = new long[newPairs];
    int[] filled = Arrays.copyOf(starts, leftRows);
    for (int i = 0; i < byRight.size(); i++) {
      long left = byRight.left(i);
      if (JoinSideState.seqOf(left) == leftSeq) {
        newRights[filled[JoinSideState.rowOf(left)]++] = byRight.right(i);
      }
    }
    // oldRight is grouped by left row, ascending: merge it with the buckets
    int next = 0;
    for (int row = 0; row < leftRows; row++) {
      long left = JoinSideState.ref(leftSeq, row);
      for (; next < oldRight.size() && oldRight.left(next) == left; next++) {
        candidates.add(left, oldRight.right(next));
      }
      for (int i = starts[row]; i < starts[row + 1]; i++) {
        candidates.add(left, newRights[i]);
      }
    }
    return candidates;
  }

  /**
   * An outer join's output: the passing pairs, each preserved row's NULL-padded row (retracted by a
   * regular join when its first match comes), and the padded rows of rows evicted unmatched.
   */
  private Batch outerOutput(
      JoinPairs candidates,
      int[] selection,
      int passing,
      int leftSeq,
      int rightSeq,
      MicroBatch microBatch) {
    JoinPairs result = new JoinPairs();
    boolean retracting = strategy == Strategy.REGULAR;
    for (int s = 0; s < passing; s++) {
      int i = selection[s];
      long left = candidates.left(i);
      long right = candidates.right(i);
      if (leftOuter()
          && leftCounts.increment(left) == 0
          && retracting
          && JoinSideState.seqOf(left) != leftSeq) {
        result.add(left, JoinSideState.NO_ROW, RowKind.DELETE);
      }
      if (rightOuter()
          && rightCounts.increment(right) == 0
          && retracting
          && JoinSideState.seqOf(right) != rightSeq) {
        result.add(JoinSideState.NO_ROW, right, RowKind.DELETE);
      }
      result.add(left, right, RowKind.INSERT);
    }
    // Unmatched new rows: a regular join pads them now; an interval join when they leave state,
    // or now if they can never match (a NULL key is never held).
    if (leftOuter()) {
      for (int row = 0; row < leftState.rowCount(leftSeq); row++) {
        long ref = JoinSideState.ref(leftSeq, row);
        if (leftCounts.get(ref) == 0 && (retracting || leftState.hasNullKey(ref))) {
          result.add(ref, JoinSideState.NO_ROW, RowKind.INSERT);
        }
      }
    }
    if (rightOuter()) {
      for (int row = 0; row < rightState.rowCount(rightSeq); row++) {
        long ref = JoinSideState.ref(rightSeq, row);
        if (rightCounts.get(ref) == 0 && (retracting || rightState.hasNullKey(ref))) {
          result.add(JoinSideState.NO_ROW, ref, RowKind.INSERT);
        }
      }
    }
    if (bounds != null) {
      evict(microBatch, result);
    }
    return gather(result);
  }

  /**
   * Drops the rows no future row can meet; an outer join's {@code result} gets the padded row of
   * each evicted preserved row that never matched (null for an inner join).
   */
  private void evict(MicroBatch microBatch, JoinPairs result) {
    long closed = closedBefore(microBatch);
    if (closed == MicroBatch.NO_WATERMARK) {
      return;
    }
    // Future right rows have r >= watermark - lag; a left row l needs some r <= l - lower.
    long futureRight = saturatedAdd(closed, -bounds.right().lagMillis());
    LongArrayList evicted = new LongArrayList();
    leftState.evictBefore(bounds.leftEvictionBefore(futureRight), evicted);
    for (int i = 0; i < evicted.size(); i++) {
      long ref = evicted.getLong(i);
      if (leftOuter() && leftCounts.get(ref) == 0) {
        result.add(ref, JoinSideState.NO_ROW, RowKind.INSERT);
      }
      leftCounts.remove(ref);
    }
    evicted.clear();
    rightState.evictBefore(rightEvictionBefore(microBatch), evicted);
    for (int i = 0; i < evicted.size(); i++) {
      long ref = evicted.getLong(i);
      if (rightOuter() && rightCounts.get(ref) == 0) {
        result.add(JoinSideState.NO_ROW, ref, RowKind.INSERT);
      }
      rightCounts.remove(ref);
    }
  }

  /**
   * The watermark (or, for windows over processing time, the wall clock) after this batch, from
   * which the rows still to come are bounded; NO_WATERMARK when there is none yet.
   */
  private long closedBefore(MicroBatch microBatch) {
    // windows over processing time close on the wall clock
    return bounds.left().procTime() ? microBatch.processingTime() : microBatch.watermarkAfter();
  }

  /**
   * Right rows whose eviction time is below this meet no left row still to come (Long.MIN_VALUE
   * before the first watermark).
   */
  private long rightEvictionBefore(MicroBatch microBatch) {
    long closed = closedBefore(microBatch);
    if (closed == MicroBatch.NO_WATERMARK) {
      return Long.MIN_VALUE;
    }
    // Future left rows have l >= watermark - lag; a right row r needs some l <= r - lower.
    return bounds.rightEvictionBefore(saturatedAdd(closed, -bounds.left().lagMillis()));
  }

  /**
   * Stages the rows of {@code rows} that are on time (a NULL time never matches; an event time
   * before the watermark is late, dropped and counted) as a new chunk of {@code state}.
   */
  private int stageOnTime(JoinSideState state, Batch rows, JoinTime joinTime, long watermark) {
    if (joinTime == null) {
      return state.stage(rows, null, rows.rowCount());
    }
    ColumnVector times = rows.column(joinTime.column());
    // the kept rows' numbers, made only once a row is dropped: most batches keep every row
    int[] kept = null;
    int count = 0;
    for (int row = 0; row < rows.rowCount(); row++) {
      boolean late =
          !times.isNull(row)
              && joinTime.eventTime()
              && JoinSideState.timeAt(times, row) < watermark;
      if (late) {
        lateRows++;
      }
      if (late || times.isNull(row)) {
        if (kept == null) {
          // every row before this one was kept
          kept = new int[rows.rowCount()];
          for (int before = 0; before < row; before++) {
            kept[before] = before;
          }
        }
        continue;
      }
      if (kept != null) {
        kept[count] = row;
      }
      count++;
    }
    return state.stage(rows, kept, count);
  }

  /** The joined rows of {@code pairs}, read from the two sides' state when asked. */
  private Batch gather(JoinPairs pairs) {
    return gather(pairs, new ColumnVector[leftWidth + rightWidth], pairs.size(), null);
  }

  /**
   * The joined rows of {@code pairs}, the passing ones among {@code candidateCount} candidates
   * ({@code selection}); a column the condition read over the candidates ({@code tested}, else
   * null) is taken from there, as it is when every candidate passed. The other columns are deferred
   * ({@link JoinedColumns}): read from the two sides' state only when asked, and only for the rows
   * asked.
   */
  private Batch gather(
      JoinPairs pairs, ColumnVector[] tested, int candidateCount, int[] selection) {
    int count = pairs.size();
    ColumnVector[] columns = new ColumnVector[leftWidth + rightWidth];
    for (int c = 0; c < columns.length; c++) {
      if (tested[c] != null) {
        columns[c] = count == candidateCount ? tested[c] : tested[c].gather(selection, count);
      }
    }
    JoinedColumns deferred =
        new JoinedColumns(
            leftState.locate(pairs.lefts(), count),
            rightState.locate(pairs.rights(), count),
            leftWidth,
            count);
    byte[] kinds = pairs.kinds();
    return new Batch(columns, count, kinds, deferred);
  }

  /**
   * Which pairs pass the condition beyond the equi-keys, as a selection into {@code selection};
   * returns how many. Only the columns the condition reads are gathered for it.
   */
  private int passing(JoinPairs pairs, int[] selection) {
    return passing(pairs, selection, new ColumnVector[leftWidth + rightWidth]);
  }

  /** {@link #passing(JoinPairs, int[])}, leaving the columns it gathered in {@code gathered}. */
  private int passing(JoinPairs pairs, int[] selection, ColumnVector[] gathered) {
    int count = pairs.size();
    if (remainder == null || count == 0) {
      for (int i = 0; i < count; i++) {
        selection[i] = i;
      }
      return count;
    }
    ColumnVector[] columns = unreadColumns.clone();
    ChunkRows lefts = null;
    ChunkRows rights = null;
    for (int c : remainder.inputsRead()) {
      if (c < leftWidth) {
        lefts = lefts == null ? leftState.locate(pairs.lefts(), count) : lefts;
        columns[c] = lefts.gather(c, null, count);
      } else {
        rights = rights == null ? rightState.locate(pairs.rights(), count) : rights;
        columns[c] = rights.gather(c - leftWidth, null, count);
      }
    }
    for (int c : remainder.inputsRead()) {
      gathered[c] = columns[c];
    }
    Batch joined = new Batch(columns, count);
    return remainder.kernelFor(joined).apply(context, joined, new ColumnVector[0], selection);
  }

  private static ColumnVector[] unreadColumns(CompiledCalc remainder, List<ColumnType> types) {
    ColumnVector[] columns = new ColumnVector[types.size()];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = ColumnVector.allocate(types.get(c), 1);
    }
    for (int c : remainder.inputsRead()) {
      columns[c] = null;
    }
    return columns;
  }

  /**
   * A regular join of updating inputs, row by row as Flink's streaming join: a row coming in (+I,
   * +U) meets the other side's rows held (+I of each joined row) and is held; a row retracted (-U,
   * -D) is taken out of its side's state and its joined rows are retracted (-D). An outer join
   * keeps each preserved row's match count: a row that gets its first match retracts its
   * NULL-padded row (-D), one that loses its last match gets it back (+I), and a retracted row
   * without matches retracts its padded row. Right rows come first, then left rows, as over
   * inserts.
   */
  private Batch retracting(Batch leftRows, Batch rightRows) {
    JoinPairs result = new JoinPairs();
    int rightSeq = rightState.stage(rightRows, null, rightRows.rowCount());
    for (int r = 0; r < rightRows.rowCount(); r++) {
      applyChange(JoinSideState.ref(rightSeq, r), rightRows.rowKind(r), false, result);
    }
    int leftSeq = leftState.stage(leftRows, null, leftRows.rowCount());
    for (int r = 0; r < leftRows.rowCount(); r++) {
      applyChange(JoinSideState.ref(leftSeq, r), leftRows.rowKind(r), true, result);
    }
    Batch output = gather(result);
    leftState.release();
    rightState.release();
    stateRows = leftState.size() + rightState.size();
    return output;
  }

  private void applyChange(long ref, RowKind kind, boolean isLeft, JoinPairs result) {
    JoinSideState own = isLeft ? leftState : rightState;
    JoinSideState other = isLeft ? rightState : leftState;
    int[] ownKeys = isLeft ? leftKeys : rightKeys;
    boolean ownOuter = isLeft ? leftOuter() : rightOuter();
    boolean otherOuter = isLeft ? rightOuter() : leftOuter();
    JoinMatchCounts ownCounts = isLeft ? leftCounts : rightCounts;
    JoinMatchCounts otherCounts = isLeft ? rightCounts : leftCounts;
    boolean additive = kind.isAdditive();
    if (own.hasNullKey(ref)) {
      // never held and never matched: only its padded row comes and goes
      if (ownOuter) {
        addPadded(result, ref, isLeft, additive ? RowKind.INSERT : RowKind.DELETE);
      }
      return;
    }
    long held = ref;
    if (!additive) {
      held = own.remove(ref);
      if (held == JoinSideState.NO_ROW) {
        // a retraction of a row never received (or already gone): nothing to take back
        return;
      }
    }
    LongArrayList matches = other.matches(own, ref, ownKeys);
    JoinPairs joined = new JoinPairs();
    for (int i = 0; i < matches.size(); i++) {
      long match = matches.getLong(i);
      if (isLeft) {
        joined.add(ref, match);
      } else {
        joined.add(match, ref);
      }
    }
    int[] selection = new int[joined.size()];
    int passing = passing(joined, selection);
    for (int s = 0; s < passing; s++) {
      int i = selection[s];
      long match = matches.getLong(i);
      if (additive) {
        if (otherOuter && otherCounts.increment(match) == 0) {
          addPadded(result, match, !isLeft, RowKind.DELETE);
        }
        result.add(joined.left(i), joined.right(i), RowKind.INSERT);
      } else {
        result.add(joined.left(i), joined.right(i), RowKind.DELETE);
        if (otherOuter) {
          int left = otherCounts.get(match) - 1;
          otherCounts.set(match, Math.max(0, left));
          if (left == 0) {
            addPadded(result, match, !isLeft, RowKind.INSERT);
          }
        }
      }
    }
    if (additive) {
      own.index(ref);
      if (ownOuter) {
        ownCounts.set(ref, passing);
        if (passing == 0) {
          addPadded(result, ref, isLeft, RowKind.INSERT);
        }
      }
    } else if (ownOuter) {
      if (ownCounts.get(held) == 0) {
        addPadded(result, ref, isLeft, RowKind.DELETE);
      }
      ownCounts.remove(held);
    }
  }

  /** A preserved side's row with NULLs for the other side's columns. */
  private static void addPadded(JoinPairs result, long ref, boolean isLeft, RowKind kind) {
    if (isLeft) {
      result.add(ref, JoinSideState.NO_ROW, kind);
    } else {
      result.add(JoinSideState.NO_ROW, ref, kind);
    }
  }

  private boolean leftOuter() {
    return joinType == JoinKind.LEFT || joinType == JoinKind.FULL;
  }

  private boolean rightOuter() {
    return joinType == JoinKind.RIGHT || joinType == JoinKind.FULL;
  }

  private List<Object[]> onTime(List<Object[]> rows, JoinTime joinTime, long watermark) {
    List<Object[]> kept = new ArrayList<>(rows.size());
    for (Object[] row : rows) {
      Object time = row[joinTime.column()];
      if (time == null) {
        continue;
      }
      if (joinTime.eventTime() && ((Number) time).longValue() < watermark) {
        lateRows++;
      } else {
        kept.add(row);
      }
    }
    return kept;
  }

  private Batch snapshot(Batch leftRows, Batch rightRows, boolean endOfInput) {
    leftBuffer.addAll(leftRows.rows());
    rightBuffer.addAll(rightRows.rows());
    stateRows = (long) leftBuffer.size() + rightBuffer.size();
    if (!endOfInput || done) {
      return Batch.empty(outputTypes);
    }
    done = true;
    Map<RowKey, List<Integer>> rightIndex = new HashMap<>();
    for (int r = 0; r < rightBuffer.size(); r++) {
      RowKey key = RowKey.of(rightBuffer.get(r), rightKeys);
      if (!key.hasNull()) {
        rightIndex.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
      }
    }
    List<Object[]> joined = new ArrayList<>();
    List<int[]> pairs = new ArrayList<>();
    for (int l = 0; l < leftBuffer.size(); l++) {
      RowKey key = RowKey.of(leftBuffer.get(l), leftKeys);
      List<Integer> matches = key.hasNull() ? null : rightIndex.get(key);
      if (matches != null) {
        for (int r : matches) {
          joined.add(concat(leftBuffer.get(l), rightBuffer.get(r)));
          pairs.add(new int[] {l, r});
        }
      }
    }
    boolean[] passed = passes(joined);
    boolean[] leftMatched = new boolean[leftBuffer.size()];
    boolean[] rightMatched = new boolean[rightBuffer.size()];
    List<Object[]> result = new ArrayList<>();
    for (int i = 0; i < joined.size(); i++) {
      if (passed[i]) {
        result.add(joined.get(i));
        leftMatched[pairs.get(i)[0]] = true;
        rightMatched[pairs.get(i)[1]] = true;
      }
    }
    if (joinType == JoinKind.LEFT || joinType == JoinKind.FULL) {
      for (int l = 0; l < leftBuffer.size(); l++) {
        if (!leftMatched[l]) {
          result.add(concat(leftBuffer.get(l), new Object[rightWidth]));
        }
      }
    }
    if (joinType == JoinKind.RIGHT || joinType == JoinKind.FULL) {
      for (int r = 0; r < rightBuffer.size(); r++) {
        if (!rightMatched[r]) {
          result.add(concat(new Object[leftWidth], rightBuffer.get(r)));
        }
      }
    }
    leftBuffer.clear();
    rightBuffer.clear();
    stateRows = 0;
    return toBatch(result);
  }

  /** Which joined rows pass the condition beyond the equi-keys (all when there is none). */
  private boolean[] passes(List<Object[]> joined) {
    boolean[] passed = new boolean[joined.size()];
    if (remainder == null) {
      java.util.Arrays.fill(passed, true);
      return passed;
    }
    if (joined.isEmpty()) {
      return passed;
    }
    int[] selection = new int[joined.size()];
    Batch batch = toBatch(joined);
    int count = remainder.kernelFor(batch).apply(context, batch, new ColumnVector[0], selection);
    for (int i = 0; i < count; i++) {
      passed[selection[i]] = true;
    }
    return passed;
  }

  private Map<RowKey, List<Object[]>> index(List<Object[]> rows, int[] keys) {
    Map<RowKey, List<Object[]>> index = new HashMap<>();
    add(index, rows, keys);
    return index;
  }

  private void add(Map<RowKey, List<Object[]>> index, List<Object[]> rows, int[] keys) {
    for (Object[] row : rows) {
      RowKey key = RowKey.of(row, keys);
      if (!key.hasNull()) {
        index.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
      }
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
  }

  private Object[] concat(Object[] leftRow, Object[] rightRow) {
    Object[] row = new Object[leftWidth + rightWidth];
    System.arraycopy(leftRow, 0, row, 0, leftWidth);
    System.arraycopy(rightRow, 0, row, leftWidth, rightWidth);
    return row;
  }

  private Batch toBatch(List<Object[]> rows) {
    ColumnVector[] columns = new ColumnVector[outputTypes.size()];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = ColumnVector.allocate(outputTypes.get(c), rows.size());
    }
    for (int r = 0; r < rows.size(); r++) {
      Object[] row = rows.get(r);
      for (int c = 0; c < columns.length; c++) {
        columns[c].setObject(r, row[c]);
      }
    }
    return new Batch(columns, rows.size());
  }

  @Override
  public boolean isFinished() {
    return strategy == Strategy.SNAPSHOT ? done : left.isFinished() && right.isFinished();
  }

  @Override
  public long stateRows() {
    return stateRows + left.stateRows() + right.stateRows();
  }

  @Override
  public long stateBytes() {
    return stateRows * 32L * Math.max(1, leftWidth + rightWidth)
        + left.stateBytes()
        + right.stateBytes();
  }

  @Override
  public long lateRows() {
    return lateRows + left.lateRows() + right.lateRows();
  }

  /**
   * An interval join saves the rows it holds for future matches; the lookup table is not saved:
   * tables are re-read from scratch when a query resumes.
   */
  @Override
  public void snapshotState(DataOutputStream out) throws IOException {
    if (strategy == Strategy.INTERVAL || strategy == Strategy.REGULAR) {
      LongArrayList leftHeld = leftState.heldRows();
      LongArrayList rightHeld = rightState.heldRows();
      writeHeld(out, leftState, leftHeld);
      writeHeld(out, rightState, rightHeld);
      if (leftOuter()) {
        writeCounts(out, leftHeld, leftCounts);
      }
      if (rightOuter()) {
        writeCounts(out, rightHeld, rightCounts);
      }
    } else if (strategy == Strategy.TEMPORAL) {
      writeRows(out, pendingLeft, leftWidth);
      List<Object[]> all = new ArrayList<>();
      versions.values().forEach(history -> all.addAll(history.values()));
      writeRows(out, all, rightWidth);
    }
  }

  @Override
  public void restoreState(DataInputStream in, StateOwnership owned) throws IOException {
    if (strategy == Strategy.INTERVAL || strategy == Strategy.REGULAR) {
      List<Object[]> leftHeld = readRows(in, leftWidth);
      List<Object[]> rightHeld = readRows(in, rightWidth);
      // the counts follow their rows, so they are read for every row before rows are dropped
      int[] leftMatches = leftOuter() ? readCounts(in, leftHeld.size()) : null;
      int[] rightMatches = rightOuter() ? readCounts(in, rightHeld.size()) : null;
      restoreSide(leftHeld, leftMatches, leftKeys, leftCounts, leftState, owned);
      restoreSide(rightHeld, rightMatches, rightKeys, rightCounts, rightState, owned);
      stateRows = leftState.size() + rightState.size();
    } else if (strategy == Strategy.TEMPORAL) {
      for (Object[] row : readRows(in, leftWidth)) {
        if (owned.ownsRow(row, leftKeys)) {
          pendingLeft.add(row);
        }
      }
      addVersions(
          readRows(in, rightWidth).stream().filter(row -> owned.ownsRow(row, rightKeys)).toList());
      stateRows = pendingLeft.size() + versionCount();
    }
  }

  private static void restoreSide(
      List<Object[]> held,
      int[] matches,
      int[] keys,
      JoinMatchCounts counts,
      JoinSideState state,
      StateOwnership owned) {
    List<Object[]> kept = new ArrayList<>(held.size());
    IntArrayList keptMatches = new IntArrayList();
    for (int r = 0; r < held.size(); r++) {
      Object[] row = held.get(r);
      if (owned.ownsRow(row, keys)) {
        kept.add(row);
        if (matches != null) {
          keptMatches.add(matches[r]);
        }
      }
    }
    int seq = state.stage(kept);
    for (int r = 0; r < kept.size(); r++) {
      long ref = JoinSideState.ref(seq, r);
      state.index(ref);
      if (matches != null) {
        counts.set(ref, keptMatches.getInt(r));
      }
    }
    state.release();
  }

  /** The rows a side holds, as {@link #readRows} reads them. */
  private static void writeHeld(DataOutputStream out, JoinSideState state, LongArrayList held)
      throws IOException {
    out.writeLong(held.size());
    for (int i = 0; i < held.size(); i++) {
      for (Object value : state.row(held.getLong(i))) {
        StateSnapshots.writeValue(out, value);
      }
    }
  }

  private static void writeRows(DataOutputStream out, List<Object[]> rows, int width)
      throws IOException {
    out.writeLong(rows.size());
    for (Object[] row : rows) {
      for (int c = 0; c < width; c++) {
        StateSnapshots.writeValue(out, row[c]);
      }
    }
  }

  /** An outer join's match count of each held row, in the order {@link #writeHeld} wrote them. */
  private static void writeCounts(DataOutputStream out, LongArrayList held, JoinMatchCounts counts)
      throws IOException {
    for (int i = 0; i < held.size(); i++) {
      out.writeInt(counts.get(held.getLong(i)));
    }
  }

  private static int[] readCounts(DataInputStream in, int rows) throws IOException {
    int[] counts = new int[rows];
    for (int r = 0; r < rows; r++) {
      counts[r] = in.readInt();
    }
    return counts;
  }

  private static List<Object[]> readRows(DataInputStream in, int width) throws IOException {
    long count = in.readLong();
    List<Object[]> rows = new ArrayList<>();
    for (long r = 0; r < count; r++) {
      Object[] row = new Object[width];
      for (int c = 0; c < width; c++) {
        row[c] = StateSnapshots.readValue(in);
      }
      rows.add(row);
    }
    return rows;
  }

  @Override
  public void close() {
    try {
      if (lookupSource != null) {
        lookupSource.close();
      }
    } finally {
      left.close();
      right.close();
    }
  }
}
