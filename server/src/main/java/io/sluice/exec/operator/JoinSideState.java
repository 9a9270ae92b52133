package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.type.ColumnType;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rows one side of a stream–stream join holds for future matches, kept in the column vectors
 * they arrived in: no boxed row per held row, and a joined row is gathered column by column from
 * the two sides' vectors.
 *
 * <p>Each batch a side receives becomes a <em>chunk</em>; a row is addressed by a <em>ref</em>, its
 * chunk's sequence number and its row in the chunk packed into a long ({@link #ref}). A chunk is
 * first staged (its rows addressable, for output, but not matchable), then its rows are indexed one
 * by one, so a join decides which rows of a batch meet which. Rows of one key are linked oldest
 * first through the chunks' {@code next} arrays (a hash-join chain with head and tail), so probing
 * walks one chain and an arrival-ordered eviction pops chain heads.
 *
 * <p>Rows arrive roughly in time order (the watermark bounds how far back they go), so evicting
 * from the oldest chunk while the front row's time is too old drops nearly every row that can no
 * longer match. A row that arrived after a newer one waits behind it a little longer; that only
 * delays freeing it, since the join's condition is checked on every pair. When the eviction time is
 * a column that does not follow arrival (an auction's expiry), the rows are kept in a queue ordered
 * by it instead.
 *
 * <p>A row taken out of the middle of a chain (a retraction, or a deadline) is marked dead and
 * skipped until it reaches the chain's head; chunks are freed from the oldest on, once they hold no
 * live row, so a chain never links into a freed chunk.
 *
 * <p>With one long key and eviction in arrival order, indexing waits: the newest chunks' rows are
 * held <em>pending</em> (live, in no chain), and a probe of a few rows compares their keys with the
 * pending rows' keys column by column, until what such probes have compared would have paid for
 * indexing the pending rows ({@link #INDEX_COST}); then they are indexed, oldest first, as if they
 * had been all along. A join whose other side brings a row now and then (Nexmark q7: each window's
 * highest price against every bid of the window) then never builds an index of the big side, whose
 * rows are mostly evicted unmatched.
 */
final class JoinSideState {
  /** The ref of no row: a joined row's NULL side. */
  static final long NO_ROW = -1;

  /** What indexing a row costs, in key comparisons of a probe scanning pending rows. */
  private static final int INDEX_COST = 32;

  private final List<ColumnType> types;
  private final int[] keyColumns;
  private final int timeColumn;
  private final boolean longKey;
  private final Long2ObjectOpenHashMap<Chain> byLongKey = new Long2ObjectOpenHashMap<>();
  private final Map<RowKey, Chain> byKey = new HashMap<>();

  /** Chunks by sequence number: {@code chunks.get(seq - firstSeq)}; freed ones are null. */
  private final ArrayList<HeldChunk> chunks = new ArrayList<>();

  private int firstSeq;
  private int nextSeq;

  /** Chunks before this index have been scanned by the arrival-ordered eviction to their end. */
  private int scanChunk;

  private long live;

  /**
   * When rows do not arrive in the order of their time column (an auction's expiry): the held rows
   * by that time, which {@link #evictBefore} takes from instead of the arrival order; else null.
   */
  private final DeadlineHeap deadlines;

  /** Whether indexing may wait (one long key, eviction in arrival order): see the class comment. */
  private final boolean lazyIndex;

  /**
   * The oldest chunk whose live rows may be pending (chunks from it on hold only pending live rows,
   * those before it only indexed ones); -1 when no row is pending.
   */
  private int pendingSeq = -1;

  /** Key comparisons probes may still spend on pending rows before indexing them pays. */
  private long scanBudget;

  /**
   * @param types the side's column types
   * @param timeColumn the column {@link #evictBefore} reads; -1 for a join that never evicts
   * @param longKey the key is one column whose values are stored as longs on both sides
   * @param arrivalOrdered rows arrive roughly in the order of {@code timeColumn} (the side's own
   *     time), so eviction walks the arrival order; otherwise it keeps them ordered by it
   */
  JoinSideState(
      List<ColumnType> types,
      int[] keyColumns,
      int timeColumn,
      boolean longKey,
      boolean arrivalOrdered) {
    this.types = List.copyOf(requireNonNull(types, "types is null"));
    this.keyColumns = keyColumns.clone();
    this.timeColumn = timeColumn;
    this.longKey = longKey && keyColumns.length == 1;
    this.deadlines = arrivalOrdered || timeColumn < 0 ? null : new DeadlineHeap();
    this.lazyIndex = this.longKey && deadlines == null;
  }

  static long ref(int seq, int row) {
    return ((long) seq << 32) | (row & 0xFFFFFFFFL);
  }

  static int seqOf(long ref) {
    return (int) (ref >>> 32);
  }

  static int rowOf(long ref) {
    return (int) ref;
  }

  /**
   * Stages the rows {@code selection[0..count-1]} of {@code batch} (all its rows when {@code
   * selection} is null) as a new chunk: addressable, not yet matchable. Returns the chunk's
   * sequence number.
   */
  int stage(Batch batch, int[] selection, int count) {
    ColumnVector[] columns = new ColumnVector[types.size()];
    boolean deferred = false;
    for (int c = 0; c < columns.length; c++) {
      if (selection == null && batch.isDeferred(c) && batch.isSelfContained(c)) {
        // read from the batch only if asked: most held rows are never output
        deferred = true;
        continue;
      }
      // batches are never written after they are handed on, so a kept batch's vectors are shared
      columns[c] = selection == null ? batch.column(c) : batch.gather(c, selection, count);
    }
    int seq = nextSeq++;
    chunks.add(
        new HeldChunk(
            columns, selection == null ? batch.rowCount() : count, deferred ? batch : null));
    return seq;
  }

  /** Stages boxed rows (a restored checkpoint's) as a new chunk. */
  int stage(List<Object[]> rows) {
    ColumnVector[] columns = new ColumnVector[types.size()];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = ColumnVector.allocate(types.get(c), Math.max(1, rows.size()));
      for (int r = 0; r < rows.size(); r++) {
        columns[c].setObject(r, rows.get(r)[c]);
      }
    }
    int seq = nextSeq++;
    chunks.add(new HeldChunk(columns, rows.size(), null));
    return seq;
  }

  /** Rows of the chunk {@code seq}. */
  int rowCount(int seq) {
    return chunk(seq).rows;
  }

  /** Indexes every row of the staged chunk {@code seq}. */
  void indexAll(int seq) {
    indexAll(seq, Long.MIN_VALUE);
  }

  /**
   * Indexes the rows of the staged chunk {@code seq} that {@link #evictBefore}{@code (before)}
   * would keep; the others stay staged only (readable until {@link #release}, never matched).
   */
  void indexAll(int seq, long before) {
    HeldChunk chunk = chunk(seq);
    boolean all = before == Long.MIN_VALUE || timeColumn < 0;
    if (lazyIndex) {
      // held pending: live, in no chain until a probe needs the index (see the class comment)
      LongVector keys = (LongVector) chunk.column(keyColumns[0]);
      for (int row = 0; row < chunk.rows; row++) {
        if ((all || time(chunk, row) >= before) && !keys.isNull(row)) {
          chunk.dead[row] = false;
          chunk.live++;
          live++;
          scanBudget += INDEX_COST;
        }
      }
      if (pendingSeq < 0 && chunk.live > 0) {
        pendingSeq = seq;
      }
      return;
    }
    for (int row = 0; row < chunk.rows; row++) {
      if (all || time(chunk, row) >= before) {
        index(ref(seq, row));
      }
    }
  }

  /**
   * Makes a staged row matchable: appends it to its key's chain. A row with a NULL key never
   * matches, so it is not held.
   */
  void index(long ref) {
    // a chain links rows in arrival order: the pending rows, older than this one, go first
    indexPending();
    HeldChunk chunk = chunk(seqOf(ref));
    int row = rowOf(ref);
    if (!link(chunk, ref)) {
      return;
    }
    chunk.dead[row] = false;
    chunk.live++;
    live++;
    if (deadlines != null) {
      deadlines.add(time(chunk, row), ref);
    }
  }

  /** Appends a row to its key's chain; false, linking nothing, if its key is NULL. */
  private boolean link(HeldChunk chunk, long ref) {
    int row = rowOf(ref);
    Chain chain;
    if (longKey) {
      LongVector keys = (LongVector) chunk.column(keyColumns[0]);
      if (keys.isNull(row)) {
        return false;
      }
      long key = keys.get(row);
      chain = byLongKey.get(key);
      if (chain == null) {
        chain = new Chain();
        byLongKey.put(key, chain);
      }
    } else {
      RowKey key = key(chunk, row, keyColumns);
      if (key.hasNull()) {
        return false;
      }
      chain = byKey.computeIfAbsent(key, k -> new Chain());
    }
    if (chain.tail == NO_ROW) {
      chain.head = ref;
    } else {
      chunk(seqOf(chain.tail)).next[rowOf(chain.tail)] = ref;
    }
    chain.tail = ref;
    chunk.chains[row] = chain;
    return true;
  }

  /** Indexes the pending rows, oldest first. */
  private void indexPending() {
    if (pendingSeq < 0) {
      return;
    }
    int from = Math.max(pendingSeq, firstSeq);
    pendingSeq = -1;
    scanBudget = 0;
    for (int seq = from; seq < nextSeq; seq++) {
      HeldChunk chunk = chunk(seq);
      if (chunk == null || chunk.live == 0) {
        continue;
      }
      for (int row = 0; row < chunk.rows; row++) {
        if (!chunk.dead[row]) {
          link(chunk, ref(seq, row));
        }
      }
    }
  }

  /**
   * Whether probing {@code probeRows} rows should compare them with the pending rows rather than
   * index those first: while the comparisons fit what indexing them would cost. Indexes them if
   * not.
   */
  private boolean scanPending(int probeRows) {
    if (pendingSeq < 0) {
      return false;
    }
    long scanned = 0;
    for (int seq = Math.max(pendingSeq, firstSeq); seq < nextSeq; seq++) {
      HeldChunk chunk = chunk(seq);
      if (chunk != null && chunk.live > 0) {
        scanned += chunk.rows;
      }
    }
    long comparisons = scanned * probeRows;
    if (comparisons <= scanBudget) {
      scanBudget -= comparisons;
      return true;
    }
    indexPending();
    return false;
  }

  /** Appends a pair of the probe row with each pending row of {@code key}, oldest first. */
  private void addPendingPairs(long key, long probeRef, boolean heldIsLeft, JoinPairs pairs) {
    for (int seq = Math.max(pendingSeq, firstSeq); seq < nextSeq; seq++) {
      HeldChunk chunk = chunk(seq);
      if (chunk == null || chunk.live == 0) {
        continue;
      }
      LongVector keys = (LongVector) chunk.column(keyColumns[0]);
      long[] values = keys.values();
      boolean[] dead = chunk.dead;
      for (int row = 0; row < chunk.rows; row++) {
        if (values[row] == key && !dead[row]) {
          long held = ref(seq, row);
          if (heldIsLeft) {
            pairs.add(held, probeRef);
          } else {
            pairs.add(probeRef, held);
          }
        }
      }
    }
  }

  /** Whether a key column of the row {@code ref} is NULL. */
  boolean hasNullKey(long ref) {
    HeldChunk chunk = chunk(seqOf(ref));
    int row = rowOf(ref);
    for (int column : keyColumns) {
      if (chunk.column(column).isNull(row)) {
        return true;
      }
    }
    return false;
  }

  /**
   * For each row of {@code probe}'s chunk {@code seq} (the other side's), appends a pair with each
   * row held here under its key, oldest first; {@code heldIsLeft} says which side of the pair the
   * held row is.
   */
  void probe(JoinSideState probe, int seq, int[] probeKeys, boolean heldIsLeft, JoinPairs pairs) {
    if (live == 0) {
      return;
    }
    HeldChunk probeChunk = probe.chunk(seq);
    if (longKey) {
      LongVector keys = (LongVector) probeChunk.column(probeKeys[0]);
      boolean scan = scanPending(probeChunk.rows);
      for (int row = 0; row < probeChunk.rows; row++) {
        if (!keys.isNull(row)) {
          Chain chain = byLongKey.get(keys.get(row));
          if (chain != null) {
            addPairs(chain, ref(seq, row), heldIsLeft, pairs);
          }
          if (scan) {
            addPendingPairs(keys.get(row), ref(seq, row), heldIsLeft, pairs);
          }
        }
      }
      return;
    }
    for (int row = 0; row < probeChunk.rows; row++) {
      RowKey key = key(probeChunk, row, probeKeys);
      Chain chain = key.hasNull() ? null : byKey.get(key);
      if (chain != null) {
        addPairs(chain, ref(seq, row), heldIsLeft, pairs);
      }
    }
  }

  /** The live rows held under the key of {@code probe}'s row {@code ref}, oldest first. */
  LongArrayList matches(JoinSideState probe, long ref, int[] probeKeys) {
    indexPending();
    LongArrayList matches = new LongArrayList();
    Chain chain = chainOf(probe.chunk(seqOf(ref)), rowOf(ref), probeKeys);
    for (long held = chain == null ? NO_ROW : chain.head; held != NO_ROW; ) {
      HeldChunk chunk = chunk(seqOf(held));
      if (!chunk.dead[rowOf(held)]) {
        matches.add(held);
      }
      held = chunk.next[rowOf(held)];
    }
    return matches;
  }

  private void addPairs(Chain chain, long probeRef, boolean heldIsLeft, JoinPairs pairs) {
    for (long held = chain.head; held != NO_ROW; ) {
      HeldChunk chunk = chunk(seqOf(held));
      int row = rowOf(held);
      if (!chunk.dead[row]) {
        if (heldIsLeft) {
          pairs.add(held, probeRef);
        } else {
          pairs.add(probeRef, held);
        }
      }
      held = chunk.next[row];
    }
  }

  private Chain chainOf(HeldChunk chunk, int row, int[] columns) {
    if (longKey) {
      LongVector keys = (LongVector) chunk.column(columns[0]);
      return keys.isNull(row) ? null : byLongKey.get(keys.get(row));
    }
    RowKey key = key(chunk, row, columns);
    return key.hasNull() ? null : byKey.get(key);
  }

  /**
   * Takes out a held row equal in every column to the staged row {@code ref} (the one a -U or -D of
   * the input retracts) and returns its ref, or {@link #NO_ROW} when none is held.
   */
  long remove(long ref) {
    indexPending();
    HeldChunk retraction = chunk(seqOf(ref));
    int retracted = rowOf(ref);
    Chain chain = chainOf(retraction, retracted, keyColumns);
    for (long held = chain == null ? NO_ROW : chain.head; held != NO_ROW; ) {
      HeldChunk chunk = chunk(seqOf(held));
      int row = rowOf(held);
      if (!chunk.dead[row] && sameRow(chunk, row, retraction, retracted)) {
        kill(chunk, row);
        trim(chunk.chains[row], chunk, row);
        return held;
      }
      held = chunk.next[row];
    }
    return NO_ROW;
  }

  private boolean sameRow(HeldChunk a, int rowA, HeldChunk b, int rowB) {
    for (int c = 0; c < types.size(); c++) {
      if (!Objects.equals(a.column(c).getObject(rowA), b.column(c).getObject(rowB))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Drops rows whose time is before {@code before}, oldest arrivals first (or earliest deadlines
   * first), and appends their refs to {@code evicted} (an outer join pads those that never
   * matched). Their values stay readable until {@link #release}.
   */
  void evictBefore(long before, LongArrayList evicted) {
    if (deadlines != null) {
      while (!deadlines.isEmpty() && deadlines.peekTime() < before) {
        long ref = deadlines.poll();
        HeldChunk chunk = chunk(seqOf(ref));
        int row = rowOf(ref);
        if (!chunk.dead[row]) {
          evict(chunk, row, ref, evicted);
        }
      }
      return;
    }
    for (; scanChunk < chunks.size(); scanChunk++) {
      HeldChunk chunk = chunks.get(scanChunk);
      if (chunk == null) {
        continue;
      }
      for (; chunk.scanned < chunk.rows; chunk.scanned++) {
        int row = chunk.scanned;
        if (chunk.dead[row]) {
          continue;
        }
        if (time(chunk, row) >= before) {
          return;
        }
        evict(chunk, row, ref(firstSeq + scanChunk, row), evicted);
      }
    }
  }

  private void evict(HeldChunk chunk, int row, long ref, LongArrayList evicted) {
    kill(chunk, row);
    if (chunk.chains[row] != null) {
      trim(chunk.chains[row], chunk, row);
    }
    evicted.add(ref);
  }

  /** A row's eviction time, Long.MIN_VALUE when NULL: a NULL bound can meet no row. */
  private long time(HeldChunk chunk, int row) {
    ColumnVector times = chunk.column(timeColumn);
    return times.isNull(row) ? Long.MIN_VALUE : timeAt(times, row);
  }

  /** A non-NULL time value of {@code times}, stored as longs or boxed. */
  static long timeAt(ColumnVector times, int row) {
    return times instanceof LongVector longs
        ? longs.get(row)
        : ((Number) times.getObject(row)).longValue();
  }

  private void kill(HeldChunk chunk, int row) {
    chunk.dead[row] = true;
    chunk.live--;
    live--;
  }

  /** Pops dead rows off the head of the chain of a row just killed; drops the chain once empty. */
  private void trim(Chain chain, HeldChunk killedIn, int killedRow) {
    while (chain.head != NO_ROW) {
      HeldChunk chunk = chunk(seqOf(chain.head));
      int row = rowOf(chain.head);
      if (!chunk.dead[row]) {
        return;
      }
      chain.head = chunk.next[row];
    }
    chain.tail = NO_ROW;
    if (longKey) {
      byLongKey.remove(((LongVector) killedIn.column(keyColumns[0])).get(killedRow));
    } else {
      byKey.remove(key(killedIn, killedRow, keyColumns));
    }
  }

  /**
   * Frees the oldest chunks that hold no live row any more: call once the rows evicted or output
   * from them have been gathered.
   */
  void release() {
    int freed = 0;
    while (freed < chunks.size()) {
      HeldChunk chunk = chunks.get(freed);
      if (chunk != null && chunk.live > 0) {
        break;
      }
      chunks.set(freed, null);
      freed++;
    }
    // compact the list once most of it is freed, so lookups stay an index
    int dropped = 0;
    while (dropped < chunks.size() && chunks.get(dropped) == null) {
      dropped++;
    }
    if (dropped > 16 && dropped * 2 >= chunks.size()) {
      chunks.subList(0, dropped).clear();
      firstSeq += dropped;
      scanChunk = Math.max(0, scanChunk - dropped);
    }
  }

  /**
   * Where the rows {@code refs[0..count-1]} lie ({@link #NO_ROW}: no row), to read their columns
   * later, even once this side has evicted them.
   */
  ChunkRows locate(long[] refs, int count) {
    if (count == 0) {
      return ChunkRows.none(types);
    }
    // by sequence number: a hash map, since the held chunks span as many batches as the oldest
    // live row has waited
    Int2IntOpenHashMap locatedIndex = new Int2IntOpenHashMap();
    locatedIndex.defaultReturnValue(-1);
    List<HeldChunk> located = new ArrayList<>();
    int[] chunkOf = new int[count];
    int[] rowOf = new int[count];
    int currentSeq = -1;
    int current = -1;
    for (int i = 0; i < count; i++) {
      long ref = refs[i];
      if (ref == NO_ROW) {
        chunkOf[i] = -1;
        continue;
      }
      int seq = seqOf(ref);
      if (seq != currentSeq) {
        currentSeq = seq;
        current = locatedIndex.get(seq);
        if (current < 0) {
          current = located.size();
          locatedIndex.put(seq, current);
          located.add(chunk(seq));
        }
      }
      chunkOf[i] = current;
      rowOf[i] = rowOf(ref);
    }
    return new ChunkRows(types, located.toArray(new HeldChunk[0]), chunkOf, rowOf);
  }

  /** The boxed values of the row {@code ref}. */
  Object[] row(long ref) {
    HeldChunk chunk = chunk(seqOf(ref));
    Object[] values = new Object[types.size()];
    for (int c = 0; c < values.length; c++) {
      values[c] = chunk.value(c, rowOf(ref));
    }
    return values;
  }

  /** Every live row's ref, in arrival order. */
  LongArrayList heldRows() {
    LongArrayList refs = new LongArrayList((int) Math.min(Integer.MAX_VALUE, live));
    for (int index = 0; index < chunks.size(); index++) {
      HeldChunk chunk = chunks.get(index);
      if (chunk == null) {
        continue;
      }
      for (int row = 0; row < chunk.rows; row++) {
        if (!chunk.dead[row]) {
          refs.add(ref(firstSeq + index, row));
        }
      }
    }
    return refs;
  }

  long size() {
    return live;
  }

  private HeldChunk chunk(int seq) {
    return chunks.get(seq - firstSeq);
  }

  private static RowKey key(HeldChunk chunk, int row, int[] columns) {
    Object[] values = new Object[columns.length];
    for (int k = 0; k < columns.length; k++) {
      values[k] = chunk.column(columns[k]).getObject(row);
    }
    return RowKey.of(values);
  }

  /** The rows of one key, linked oldest first through {@link HeldChunk#next}. */
  static final class Chain {
    long head = NO_ROW;
    long tail = NO_ROW;
  }
}
