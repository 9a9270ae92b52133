package io.sluice.exec.driver;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.batch.ObjectVector;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.util.ArrayList;
import java.util.List;

/**
 * Opt-in columns that let a client of a push query tell batches and upserts apart (session option
 * {@code changelog.columns = 'true'}): {@code _batch_id}, the micro-batch a row was emitted by, and
 * {@code _op}, its changelog kind (+I, +U, -U, -D). In update mode a +U row replaces the earlier
 * row with the same group key; in complete mode each batch repeats the whole result table under a
 * new {@code _batch_id}.
 */
public final class ChangelogColumns {
  public static final ChangelogColumns NONE = new ChangelogColumns(false);
  public static final ChangelogColumns ENABLED = new ChangelogColumns(true);

  private final boolean enabled;

  private ChangelogColumns(boolean enabled) {
    this.enabled = enabled;
  }

  /** Result columns as the client sees them. */
  public List<Column> columns(List<Column> columns) {
    if (!enabled) {
      return columns;
    }
    List<Column> result = new ArrayList<>();
    result.add(new Column("_batch_id", ColumnType.BIGINT, -1, -1, false));
    result.add(new Column("_op", ColumnType.VARCHAR, 2, -1, false));
    result.addAll(columns);
    return result;
  }

  /** A batch with the changelog columns in front (the batch itself when disabled). */
  public Batch apply(Batch batch, long batchId) {
    if (!enabled) {
      return batch;
    }
    int rows = batch.rowCount();
    ColumnVector[] columns = new ColumnVector[batch.columnCount() + 2];
    LongVector ids = new LongVector(rows);
    ObjectVector ops = new ObjectVector(rows);
    for (int row = 0; row < rows; row++) {
      ids.set(row, batchId);
      ops.set(row, batch.rowKind(row).shortString());
    }
    columns[0] = ids;
    columns[1] = ops;
    System.arraycopy(batch.columns(), 0, columns, 2, batch.columnCount());
    return new Batch(columns, rows);
  }
}
