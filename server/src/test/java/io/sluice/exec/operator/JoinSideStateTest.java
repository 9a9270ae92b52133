package io.sluice.exec.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.type.ColumnType;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A join side's held rows, kept in their batches' vectors: matched by key oldest first, evicted by
 * time, taken out from the middle of a key's rows, and freed chunk by chunk without a key's
 * remaining rows losing their place.
 */
class JoinSideStateTest {
  private static final List<ColumnType> TYPES = List.of(ColumnType.BIGINT, ColumnType.VARCHAR);
  private static final int[] KEY = {0};

  /** Rows (key, name); where a test evicts, the key doubles as the time column. */
  private static Batch batch(Object[]... rows) {
    BatchBuilder builder = new BatchBuilder(TYPES, rows.length);
    for (Object[] row : rows) {
      if (row[0] == null) {
        builder.setNull(0);
      } else {
        builder.setLong(0, (Long) row[0]);
      }
      builder.setObject(1, row[1]);
      builder.endRow();
    }
    return builder.build();
  }

  private static List<String> names(JoinSideState state, JoinPairs pairs) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      names.add((String) state.row(pairs.left(i))[1]);
    }
    return names;
  }

  private static JoinPairs probe(JoinSideState held, JoinSideState other, long key) {
    int seq = other.stage(batch(new Object[] {key, "probe"}), null, 1);
    JoinPairs pairs = new JoinPairs();
    held.probe(other, seq, KEY, true, pairs);
    return pairs;
  }

  @Test
  void rowsOfAKeyMatchOldestFirstAcrossBatches() {
    JoinSideState held = new JoinSideState(TYPES, KEY, -1, true, true);
    JoinSideState other = new JoinSideState(TYPES, KEY, -1, true, true);
    held.indexAll(held.stage(batch(new Object[] {1L, "a"}, new Object[] {2L, "b"}), null, 2));
    held.indexAll(held.stage(batch(new Object[] {1L, "c"}, new Object[] {null, "d"}), null, 2));

    assertThat(names(held, probe(held, other, 1L))).containsExactly("a", "c");
    assertThat(names(held, probe(held, other, 2L))).containsExactly("b");
    assertThat(probe(held, other, 3L).size()).isZero();
    // a NULL key is never held
    assertThat(held.size()).isEqualTo(3);
  }

  @Test
  void evictionByTimeFreesOldChunksAndKeepsTheRestMatching() {
    // the key is also the time: rows with key < before go
    JoinSideState held = new JoinSideState(TYPES, KEY, 0, true, true);
    JoinSideState other = new JoinSideState(TYPES, KEY, -1, true, true);
    for (long key = 1; key <= 40; key++) {
      held.indexAll(held.stage(batch(new Object[] {key, "row" + key}), null, 1));
    }
    LongArrayList evicted = new LongArrayList();
    held.evictBefore(30, evicted);
    assertThat(evicted.size()).isEqualTo(29);
    held.release();

    assertThat(held.size()).isEqualTo(11);
    assertThat(probe(held, other, 10L).size()).isZero();
    assertThat(names(held, probe(held, other, 35L))).containsExactly("row35");
    // rows staged after the freeing still line up with their refs
    held.indexAll(held.stage(batch(new Object[] {35L, "again"}), null, 1));
    assertThat(names(held, probe(held, other, 35L))).containsExactly("row35", "again");
  }

  @Test
  void aRetractedRowLeavesFromTheMiddleOfItsKey() {
    JoinSideState held = new JoinSideState(TYPES, KEY, -1, true, true);
    JoinSideState other = new JoinSideState(TYPES, KEY, -1, true, true);
    held.indexAll(
        held.stage(
            batch(new Object[] {1L, "a"}, new Object[] {1L, "b"}, new Object[] {1L, "c"}),
            null,
            3));
    int retractions = held.stage(batch(new Object[] {1L, "b"}, new Object[] {1L, "x"}), null, 2);

    assertThat(held.remove(JoinSideState.ref(retractions, 0))).isNotEqualTo(JoinSideState.NO_ROW);
    assertThat(held.remove(JoinSideState.ref(retractions, 1))).isEqualTo(JoinSideState.NO_ROW);
    assertThat(names(held, probe(held, other, 1L))).containsExactly("a", "c");
    assertThat(held.size()).isEqualTo(2);
  }

  @Test
  void rowsEvictedByADeadlineGoInDeadlineOrder() {
    // not arrival-ordered: eviction follows the time column (the key here), not arrival
    JoinSideState held = new JoinSideState(TYPES, KEY, 0, true, false);
    held.indexAll(
        held.stage(
            batch(
                new Object[] {50L, "late"}, new Object[] {5L, "early"}, new Object[] {20L, "mid"}),
            null,
            3));
    LongArrayList evicted = new LongArrayList();
    held.evictBefore(30, evicted);

    assertThat(evicted.longStream().mapToObj(ref -> (String) held.row(ref)[1]))
        .containsExactly("early", "mid");
    assertThat(held.size()).isEqualTo(1);
  }

  /**
   * A value a builder set and then flagged NULL (a JSON record naming a field twice, the last time
   * as null) is gathered as NULL into a joined row, as the boxed rows had it.
   */
  @Test
  void aValueFlaggedNullIsGatheredAsNull() {
    JoinSideState held = new JoinSideState(TYPES, KEY, -1, true, true);
    BatchBuilder builder = new BatchBuilder(TYPES, 2);
    builder.setLong(0, 1);
    builder.setObject(1, "an earlier value");
    builder.setNull(1);
    builder.endRow();
    builder.setLong(0, 2);
    builder.setObject(1, "b");
    builder.endRow();
    int seq = held.stage(builder.build(), null, 2);
    ColumnVector names =
        held.locate(new long[] {JoinSideState.ref(seq, 0), JoinSideState.ref(seq, 1)}, 2)
            .gather(1, null, 2);
    assertThat(names.getObject(0)).isNull();
    assertThat(names.getObject(1)).isEqualTo("b");
  }

  /**
   * Rows located before they are evicted and their chunks released read the same afterwards, for
   * all of them or a selection, a NULL side reads NULL; and locating costs by the rows, not by how
   * many chunks the side has held since its oldest live row (one that never leaves here).
   */
  @Test
  void locatedRowsReadTheSameAfterTheirChunksAreReleased() {
    JoinSideState held = new JoinSideState(TYPES, KEY, 0, true, true);
    held.indexAll(held.stage(batch(new Object[] {1_000L, "stays"}), null, 1));
    List<Long> refs = new ArrayList<>();
    for (long key = 1; key <= 40; key++) {
      int seq =
          held.stage(batch(new Object[] {key, "row" + key}, new Object[] {key, null}), null, 2);
      held.indexAll(seq);
      refs.add(JoinSideState.ref(seq, (int) (key % 2)));
    }
    refs.add(JoinSideState.NO_ROW);
    long[] located = refs.stream().mapToLong(Long::longValue).toArray();
    ChunkRows rows = held.locate(located, located.length);
    held.evictBefore(30, new LongArrayList());
    held.release();

    ColumnVector names = rows.gather(1, null, located.length);
    ColumnVector keys = rows.gather(0, null, located.length);
    for (int i = 0; i < 40; i++) {
      long key = i + 1;
      assertThat(keys.getObject(i)).isEqualTo(key);
      assertThat(names.getObject(i)).isEqualTo(key % 2 == 0 ? "row" + key : null);
    }
    assertThat(keys.isNull(40)).isTrue();
    assertThat(names.isNull(40)).isTrue();
    ColumnVector some = rows.gather(1, new int[] {40, 3, 1}, 3);
    assertThat(some.getObject(0)).isNull();
    assertThat(some.getObject(1)).isEqualTo("row4");
    assertThat(some.getObject(2)).isEqualTo("row2");
    assertThat(held.locate(new long[0], 0).gather(1, null, 0).hasNulls()).isFalse();
  }

  /**
   * A batch whose name column it defers to its own data (a generator's padding) is held without
   * building it: keys are read to index, and only the rows a join outputs, or a checkpoint reads,
   * are read from the column; a chunk of some of a batch's rows, and a batch that defers to
   * another's state (a join's output), are built as they are held.
   */
  @Test
  void aColumnDeferredToTheBatchsOwnDataIsReadOnlyForTheRowsOutput() {
    Batch rows =
        batch(
            new Object[] {1L, "a"},
            new Object[] {2L, "b"},
            new Object[] {3L, "c"},
            new Object[] {4L, "d"});
    DeferredInput own = new DeferredInput(rows, true);
    List<String> reads = own.reads;
    JoinSideState held = new JoinSideState(TYPES, KEY, -1, true, true);
    int all = held.stage(own.batchDeferring(1), null, 4);
    assertThat(reads).isEmpty();
    // a chunk of the rows 3 and 1 only (a late row dropped before holding, say): read as held
    int kept = held.stage(own.batchDeferring(1), new int[] {3, 1, 0, 0}, 2);
    assertThat(reads).containsExactly("rows [3, 1] of 1");
    // a join's output would keep the other join's state: built as held
    DeferredInput joinOutput = new DeferredInput(rows, false);
    int joined = held.stage(joinOutput.batchDeferring(1), null, 4);
    assertThat(joinOutput.reads).containsExactly("column 1");
    held.indexAll(all);
    held.indexAll(kept);
    held.indexAll(joined);
    reads.clear();

    long[] refs = {
      JoinSideState.ref(kept, 0),
      JoinSideState.ref(all, 2),
      JoinSideState.NO_ROW,
      JoinSideState.ref(joined, 1),
      JoinSideState.ref(all, 0)
    };
    ChunkRows located = held.locate(refs, refs.length);
    ColumnVector some = located.gather(1, new int[] {3, 2, 1, 4}, 4);
    assertThat(reads).containsExactly("rows [2, 0] of 1");
    assertThat(some.getObject(0)).isEqualTo("b");
    assertThat(some.isNull(1)).isTrue();
    assertThat(some.getObject(2)).isEqualTo("c");
    assertThat(some.getObject(3)).isEqualTo("a");
    ColumnVector every = located.gather(1, null, refs.length);
    assertThat(reads).containsExactly("rows [2, 0] of 1", "rows [2, 0] of 1");
    assertThat(every.getObject(0)).isEqualTo("d");
    assertThat(every.getObject(1)).isEqualTo("c");
    assertThat(every.isNull(2)).isTrue();
    assertThat(every.getObject(3)).isEqualTo("b");
    assertThat(every.getObject(4)).isEqualTo("a");

    // a checkpoint's rows read one value each, building nothing
    reads.clear();
    assertThat(held.row(JoinSideState.ref(all, 3))).containsExactly(4L, "d");
    assertThat(held.row(JoinSideState.ref(kept, 0))).containsExactly(4L, "d");
    assertThat(reads).containsExactly("rows [3] of 1");
  }

  /**
   * Rows held pending (one long key, eviction in arrival order) match, leave and are indexed as
   * indexed rows do: the same operations on such a side and on one keyed by a boxed key (always
   * indexed at once) give the same pairs in the same order, the same evictions and the same size,
   * through probes of one row (which scan the pending rows), of many (which index them first),
   * single rows indexed, lookups of one row's matches, evictions and releases.
   */
  @Test
  void rowsHeldPendingMatchAndLeaveAsIndexedRowsDo() {
    List<ColumnType> types = List.of(ColumnType.BIGINT, ColumnType.BIGINT, ColumnType.VARCHAR);
    int[] keys = {0};
    // (key, time, name); time is the eviction column
    JoinSideState pending = new JoinSideState(types, keys, 1, true, true);
    JoinSideState indexed = new JoinSideState(types, keys, 1, false, true);
    JoinSideState probes = new JoinSideState(types, keys, -1, true, true);
    Random random = new Random(17);
    long time = 0;
    int named = 0;
    int scanned = 0;
    for (int step = 0; step < 3_000; step++) {
      int operation = random.nextInt(100);
      if (operation < 45) {
        int count = 1 + random.nextInt(random.nextBoolean() ? 4 : 300);
        BatchBuilder builder = new BatchBuilder(types, count);
        for (int r = 0; r < count; r++) {
          if (random.nextInt(30) == 0) {
            builder.setNull(0);
          } else {
            builder.setLong(0, random.nextInt(40));
          }
          time += random.nextInt(3);
          builder.setLong(1, time - random.nextInt(5));
          builder.setObject(2, "r" + named++);
          builder.endRow();
        }
        Batch batch = builder.build();
        long before = random.nextBoolean() ? Long.MIN_VALUE : time - 50;
        pending.indexAll(pending.stage(batch, null, count), before);
        indexed.indexAll(indexed.stage(batch, null, count), before);
      } else if (operation < 85) {
        int count = random.nextInt(4) == 0 ? 200 : 1 + random.nextInt(3);
        BatchBuilder builder = new BatchBuilder(types, count);
        for (int r = 0; r < count; r++) {
          builder.setLong(0, random.nextInt(40));
          builder.setLong(1, time);
          builder.setObject(2, "p" + r);
          builder.endRow();
        }
        int seq = probes.stage(builder.build(), null, count);
        JoinPairs fromPending = new JoinPairs();
        JoinPairs fromIndexed = new JoinPairs();
        boolean heldIsLeft = random.nextBoolean();
        pending.probe(probes, seq, keys, heldIsLeft, fromPending);
        indexed.probe(probes, seq, keys, heldIsLeft, fromIndexed);
        assertThat(pairNames(pending, probes, fromPending, heldIsLeft))
            .as("step %d", step)
            .isEqualTo(pairNames(indexed, probes, fromIndexed, heldIsLeft));
        if (count < 4) {
          scanned++;
        }
      } else if (operation < 95) {
        long before = time - random.nextInt(100);
        LongArrayList evictedPending = new LongArrayList();
        LongArrayList evictedIndexed = new LongArrayList();
        pending.evictBefore(before, evictedPending);
        indexed.evictBefore(before, evictedIndexed);
        assertThat(heldNames(pending, evictedPending))
            .as("step %d", step)
            .isEqualTo(heldNames(indexed, evictedIndexed));
        pending.release();
        indexed.release();
      } else if (operation < 98) {
        int seq = probes.stage(batch3(types, random.nextInt(40), time), null, 1);
        assertThat(heldNames(pending, pending.matches(probes, JoinSideState.ref(seq, 0), keys)))
            .as("step %d", step)
            .isEqualTo(
                heldNames(indexed, indexed.matches(probes, JoinSideState.ref(seq, 0), keys)));
      } else {
        Batch one = batch3(types, random.nextInt(40), time);
        int seqPending = pending.stage(one, null, 1);
        int seqIndexed = indexed.stage(one, null, 1);
        pending.index(JoinSideState.ref(seqPending, 0));
        indexed.index(JoinSideState.ref(seqIndexed, 0));
      }
      assertThat(pending.size()).as("step %d", step).isEqualTo(indexed.size());
    }
    assertThat(scanned).isGreaterThan(500);
    assertThat(pending.size()).isGreaterThan(100);
  }

  private static Batch batch3(List<ColumnType> types, long key, long time) {
    BatchBuilder builder = new BatchBuilder(types, 1);
    builder.setLong(0, key);
    builder.setLong(1, time);
    builder.setObject(2, "one" + key + "@" + time);
    builder.endRow();
    return builder.build();
  }

  /** Each pair as "probe name - held name", in order. */
  private static List<String> pairNames(
      JoinSideState held, JoinSideState probes, JoinPairs pairs, boolean heldIsLeft) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      long heldRef = heldIsLeft ? pairs.left(i) : pairs.right(i);
      long probeRef = heldIsLeft ? pairs.right(i) : pairs.left(i);
      names.add(probes.row(probeRef)[2] + "-" + held.row(heldRef)[2]);
    }
    return names;
  }

  /** The names (third column) of held rows. */
  private static List<String> heldNames(JoinSideState state, LongArrayList refs) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      names.add((String) state.row(refs.getLong(i))[2]);
    }
    return names;
  }
}
