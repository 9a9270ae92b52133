package io.sluice.exec.view;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sluice.exec.operator.RowKey;
import io.sluice.exec.operator.StateSnapshots;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.changelog.RowKind;
import io.sluice.spi.type.Column;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A materialized view's result table held in the server. Each committed batch is applied whole
 * under one lock (upserts by the query's key, or appends when it has none), so a reader always sees
 * the table as of some committed batch, never half of one. Snapshots are cached per version with
 * Caffeine; recent batches' changes are kept so followers can read just what changed.
 */
public final class ResultTable {
  private static final int CHANGES_KEPT = 100;

  /** Rows a batch changed, with their kinds, by the version it produced. */
  private record Change(long version, List<Object[]> rows, List<RowKind> kinds) {}

  private final List<Column> columns;
  private final int[] key;
  private final Map<RowKey, Object[]> keyed = new LinkedHashMap<>();
  private final List<Object[]> appended = new ArrayList<>();
  private final Deque<Change> changes = new ArrayDeque<>();
  private final Cache<Long, List<Object[]>> snapshots =
      Caffeine.newBuilder().maximumSize(2).build();
  private long version = -1;

  public ResultTable(List<Column> columns, List<Integer> key) {
    this.columns = List.copyOf(columns);
    this.key = key.stream().mapToInt(Integer::intValue).toArray();
  }

  public List<Column> columns() {
    return columns;
  }

  /**
   * Applies a committed batch; the table moves to version {@code batchId}. The batch's changes are
   * kept for followers as a full changelog: with a key, an upsert of a key already held becomes -U
   * of the row held and +U of the new one, and a -D carries the row it deletes, so a follower
   * folding them (an aggregate, a top-N) finds every row it must take back.
   */
  public synchronized void apply(long batchId, Batch rows) {
    List<Object[]> changed = new ArrayList<>(rows.rowCount());
    List<RowKind> kinds = new ArrayList<>(rows.rowCount());
    for (int r = 0; r < rows.rowCount(); r++) {
      Object[] row = rows.row(r);
      RowKind kind = rows.rowKind(r);
      if (key.length == 0) {
        if (kind.isAdditive()) {
          appended.add(row);
        } else {
          removeLastEqual(row);
        }
        changed.add(row);
        kinds.add(kind);
        continue;
      }
      RowKey rowKey = RowKey.of(row, key);
      if (!kind.isAdditive()) {
        Object[] held = keyed.remove(rowKey);
        if (held != null) {
          changed.add(held);
          kinds.add(kind);
        }
        continue;
      }
      Object[] held = keyed.put(rowKey, row);
      if (held != null && Arrays.deepEquals(held, row)) {
        // complete mode repeats rows as they were: nothing changed for a follower
        continue;
      }
      if (held != null) {
        changed.add(held);
        kinds.add(RowKind.UPDATE_BEFORE);
      }
      changed.add(row);
      kinds.add(
          held != null || kind == RowKind.UPDATE_AFTER ? RowKind.UPDATE_AFTER : RowKind.INSERT);
    }
    version = batchId;
    changes.addLast(new Change(batchId, changed, kinds));
    if (changes.size() > CHANGES_KEPT) {
      changes.removeFirst();
    }
  }

  /**
   * A result without a key is a bag of rows: a retraction (-U, -D) takes out one row equal to it,
   * the newest, since updates usually retract what the last batches added.
   */
  private void removeLastEqual(Object[] row) {
    for (int i = appended.size() - 1; i >= 0; i--) {
      if (Arrays.deepEquals(appended.get(i), row)) {
        appended.remove(i);
        return;
      }
    }
  }

  public synchronized long version() {
    return version;
  }

  /** The whole table as of its current version. */
  public synchronized List<Object[]> snapshot() {
    return snapshots.get(
        version,
        v -> {
          List<Object[]> rows = new ArrayList<>(keyed.values());
          rows.addAll(appended);
          return List.copyOf(rows);
        });
  }

  /**
   * Rows changed after version {@code after} up to the current one, each with its kind (+I, -U, +U,
   * -D), or null when those changes are no longer kept (the reader then takes a snapshot).
   */
  public synchronized Batch changesAfter(long after) {
    if (!changes.isEmpty() && changes.peekFirst().version() > after + 1) {
      return null;
    }
    List<Object[]> rows = new ArrayList<>();
    List<RowKind> kinds = new ArrayList<>();
    for (Change change : changes) {
      if (change.version() > after) {
        rows.addAll(change.rows());
        kinds.addAll(change.kinds());
      }
    }
    Batch batch = toBatch(rows);
    if (kinds.stream().allMatch(kind -> kind == RowKind.INSERT)) {
      return batch;
    }
    byte[] kindBytes = new byte[kinds.size()];
    for (int r = 0; r < kindBytes.length; r++) {
      kindBytes[r] = kinds.get(r).toByte();
    }
    return new Batch(batch.columns(), batch.rowCount(), kindBytes);
  }

  /** Writes the table as of its current version, for a checkpoint. */
  public synchronized void writeTo(DataOutputStream out) throws IOException {
    out.writeLong(version);
    List<Object[]> rows = new ArrayList<>(keyed.values());
    rows.addAll(appended);
    out.writeInt(rows.size());
    for (Object[] row : rows) {
      for (int c = 0; c < columns.size(); c++) {
        StateSnapshots.writeValue(out, row[c]);
      }
    }
  }

  /** Replaces the table's content with one {@link #writeTo} wrote. */
  public synchronized void readFrom(DataInputStream in) throws IOException {
    long restoredVersion = in.readLong();
    int count = in.readInt();
    keyed.clear();
    appended.clear();
    changes.clear();
    snapshots.invalidateAll();
    for (int r = 0; r < count; r++) {
      Object[] row = new Object[columns.size()];
      for (int c = 0; c < row.length; c++) {
        row[c] = StateSnapshots.readValue(in);
      }
      if (key.length == 0) {
        appended.add(row);
      } else {
        keyed.put(RowKey.of(row, key), row);
      }
    }
    version = restoredVersion;
  }

  /** Rows as a batch of the table's columns. */
  public Batch toBatch(List<Object[]> rows) {
    ColumnVector[] vectors = new ColumnVector[columns.size()];
    for (int c = 0; c < vectors.length; c++) {
      vectors[c] = ColumnVector.allocate(columns.get(c).type(), rows.size());
    }
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < vectors.length; c++) {
        vectors[c].setObject(r, rows.get(r)[c]);
      }
    }
    return new Batch(vectors, rows.size());
  }
}
