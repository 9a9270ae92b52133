package io.sluice.connector.jdbc;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.changelog.ChangelogMode;
import io.sluice.spi.changelog.RowKind;
import io.sluice.spi.connector.SinkInput;
import io.sluice.spi.connector.StreamSink;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a persistent query's result into a database table ({@code 'connector' = 'jdbc'}), exactly
 * once, by the query's changelog: appended rows are inserted; updates are upserted by the query's
 * key ({@code INSERT … ON CONFLICT … DO UPDATE} on PostgreSQL, {@code INSERT … ON DUPLICATE KEY
 * UPDATE} on MariaDB and MySQL) and deletes delete by it; a complete table replaces the table's
 * content. The target table must exist; it is checked before any row is written (see {@link
 * SchemaFit}).
 *
 * <p>Exactly once: each batch is one database transaction that first locks the sink's row of a
 * progress table ({@code sluice_sink_progress} unless {@code sink.progress-table} names another;
 * one row per sink, created when missing), reads the last batch committed there, writes the rows
 * and records the batch's id. A batch whose id the table already holds (a replay after a crash
 * between the database's commit and the checkpoint's) is skipped; a crash before the commit leaves
 * nothing, as the database rolls the open transaction back. {@link #write} opens the transaction
 * and writes the rows, {@link #commit} records the batch and commits.
 *
 * <p>Rows go in JDBC batches of {@code sink.buffer-flush.max-rows} statements over a pooled
 * connection. Within a batch, the changes of one key are reduced to the last (a key updated three
 * times is written once). A lost connection, a database restarting or a deadlock makes the whole
 * transaction run again, from the rows kept in memory, after 0.5 s, 1 s, 2 s … up to {@code
 * sink.max-retries} times within {@code connection.max-retry-timeout}; a commit whose outcome the
 * lost connection hid is then found in the progress table rather than written twice.
 */
public final class JdbcSink implements StreamSink {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcSink.class);
  private static final int POOL_SIZE = 2;
  private static final int LONGEST_VALUE_SHOWN = 40;

  /** How the rows of a batch change the table. */
  private enum Mode {
    /** Every row is a new row: inserted. */
    APPEND,
    /** Rows replace or delete the row of their key. */
    UPSERT,
    /** Each batch is the whole table. */
    COMPLETE
  }

  /** The statements of the sink, made once the target table's names are known. */
  private record Statements(
      String table,
      List<TargetColumn> targets,
      String insert,
      String upsert,
      String delete,
      String deleteNullSafe,
      String deleteAll,
      String progressTable) {}

  private final JdbcOptions options;
  private final String sinkName;
  private final List<Column> columns;
  private final Mode mode;
  private final int[] key;
  private final JdbcConnections connections;
  private Statements statements;

  /** The transaction of the batch being written, or null. */
  private Connection open;

  /** The batch the open transaction is for; whether the progress table says it is done already. */
  private long openBatch = -1;

  private boolean openAlreadyCommitted;
  private long stagedBatch = -1;
  private Batch staged;

  /** The last batch the progress table holds for this sink, once read; -1 before any. */
  private long lastCommitted = Long.MIN_VALUE;

  /**
   * Checks the options and what the query emits, without connecting.
   *
   * @param columns the query's columns, which the table's columns of the same names receive
   * @throws IllegalArgumentException for updates without a key to update by
   */
  public JdbcSink(JdbcOptions options, List<Column> columns, SinkInput input) {
    this.options = requireNonNull(options, "options is null");
    this.columns = List.copyOf(columns);
    this.sinkName = requireNonNull(input, "input is null").name();
    ChangelogMode changelog = input.changelogMode();
    if (changelog.completeEachBatch()) {
      this.mode = Mode.COMPLETE;
    } else if (changelog.isUpdating()) {
      this.mode = Mode.UPSERT;
      if (input.upsertKey().isEmpty()) {
        throw new IllegalArgumentException(
            "Sink '"
                + sinkName
                + "' receives updates "
                + changelog.label()
                + " but its query's rows have no key to update them by in table '"
                + options.tableName()
                + "' (a GROUP BY gives its groups' key; a join or a union of updating queries"
                + " gives none); aggregate by the columns that identify a row, or use output mode"
                + " complete");
      }
    } else {
      this.mode = Mode.APPEND;
    }
    this.key =
        mode == Mode.UPSERT
            ? input.upsertKey().stream().mapToInt(Integer::intValue).toArray()
            : new int[0];
    this.connections = new JdbcConnections(options, "sluice-jdbc-sink-" + sinkName, POOL_SIZE);
  }

  @Override
  public synchronized void write(long batchId, Batch rows) {
    requireNonNull(rows, "rows is null");
    rollbackOpen();
    if (lastCommitted != Long.MIN_VALUE && batchId <= lastCommitted) {
      LOG.info("Sink '{}' committed batch {} before; not writing it again", sinkName, batchId);
      stagedBatch = -1;
      staged = null;
      return;
    }
    if (rows.rowCount() == 0 && mode != Mode.COMPLETE) {
      stagedBatch = -1;
      staged = null;
      return;
    }
    staged = rows;
    stagedBatch = batchId;
    try {
      begin(batchId, rows);
    } catch (RuntimeException e) {
      rollbackOpen();
      throw e;
    } catch (SQLException e) {
      rollbackOpen();
      if (!Retries.isTransient(e)) {
        throw failed("write batch " + batchId, e);
      }
      // the commit runs the whole transaction again, with retries
      LOG.warn(
          "Sink '{}' could not write batch {} ({}); retrying it at commit",
          sinkName,
          batchId,
          JdbcUrls.mask(String.valueOf(e.getMessage())));
    }
  }

  @Override
  public synchronized void commit(long batchId) {
    if (stagedBatch != batchId) {
      return;
    }
    try {
      Retries.run(
          "commit batch " + batchId + " of sink '" + sinkName + "'",
          options.sinkMaxRetries(),
          options.retryTimeout(),
          LOG,
          () -> {
            try {
              if (open == null || openBatch != batchId) {
                begin(batchId, staged);
              }
              finish(batchId);
              return null;
            } catch (SQLException | RuntimeException e) {
              rollbackOpen();
              throw e;
            }
          });
    } catch (SQLException e) {
      throw failed("commit batch " + batchId, e);
    }
    staged = null;
    stagedBatch = -1;
  }

  /**
   * Records batch -1 as this sink's last committed one, so that batches a dropped sink of the same
   * name committed are not taken for this query's. Checks the target table first: a table that does
   * not fit fails CREATE SINK with the reason.
   */
  @Override
  public synchronized void startFresh() {
    rollbackOpen();
    try {
      Retries.run(
          "start sink '" + sinkName + "'",
          options.sinkMaxRetries(),
          options.retryTimeout(),
          LOG,
          () -> {
            Statements ready = statements();
            try (Connection connection = connections.get();
                PreparedStatement reset =
                    connection.prepareStatement(
                        options.dialect().updateProgress(ready.progressTable()))) {
              reset.setLong(1, -1);
              reset.setString(2, options.tableName());
              reset.setString(3, sinkName);
              reset.executeUpdate();
            }
            return null;
          });
      lastCommitted = -1;
    } catch (SQLException e) {
      throw failed("start", e);
    }
  }

  @Override
  public synchronized long lastCommittedBatch() {
    try {
      Statements ready = statements();
      try (Connection connection = connections.get();
          PreparedStatement read =
              connection.prepareStatement(options.dialect().readProgress(ready.progressTable()))) {
        read.setString(1, sinkName);
        try (ResultSet result = read.executeQuery()) {
          lastCommitted = result.next() ? result.getLong(1) : -1;
        }
      }
      return lastCommitted;
    } catch (SQLException e) {
      throw failed("read its last committed batch", e);
    }
  }

  @Override
  public synchronized void close() {
    rollbackOpen();
    connections.close();
  }

  /**
   * Opens batch {@code batchId}'s transaction: locks the sink's progress row and, unless the batch
   * is committed already, writes its rows.
   */
  private void begin(long batchId, Batch rows) throws SQLException {
    Statements ready = statements();
    Connection connection = connections.get();
    open = connection;
    openBatch = batchId;
    connection.setAutoCommit(false);
    long done;
    try (PreparedStatement lock =
        connection.prepareStatement(options.dialect().lockProgress(ready.progressTable()))) {
      lock.setString(1, sinkName);
      try (ResultSet result = lock.executeQuery()) {
        done = result.next() ? result.getLong(1) : -1;
      }
    }
    lastCommitted = done;
    openAlreadyCommitted = done >= batchId;
    if (openAlreadyCommitted) {
      LOG.info(
          "Sink '{}' finds batch {} committed in table {} already; skipping it",
          sinkName,
          batchId,
          ready.progressTable());
      return;
    }
    switch (mode) {
      case APPEND -> insert(connection, ready, rows, allRows(rows));
      case COMPLETE -> {
        try (Statement clear = connection.createStatement()) {
          clear.executeUpdate(ready.deleteAll());
        }
        insert(connection, ready, rows, allRows(rows));
      }
      case UPSERT -> upsert(connection, ready, rows);
    }
  }

  /** Records batch {@code batchId} in the progress table and commits the open transaction. */
  private void finish(long batchId) throws SQLException {
    Statements ready = statements();
    if (!openAlreadyCommitted) {
      try (PreparedStatement record =
          open.prepareStatement(options.dialect().updateProgress(ready.progressTable()))) {
        record.setLong(1, batchId);
        record.setString(2, options.tableName());
        record.setString(3, sinkName);
        if (record.executeUpdate() != 1) {
          throw new SQLException(
              "the progress row of sink '"
                  + sinkName
                  + "' in "
                  + ready.progressTable()
                  + " is gone; it was deleted while the sink ran",
              "55000");
        }
      }
    }
    open.commit();
    lastCommitted = Math.max(lastCommitted, batchId);
    Connection done = open;
    open = null;
    openBatch = -1;
    try {
      done.setAutoCommit(true);
    } finally {
      done.close();
    }
  }

  private static int[] allRows(Batch rows) {
    int[] all = new int[rows.rowCount()];
    Arrays.setAll(all, i -> i);
    return all;
  }

  private void insert(Connection connection, Statements ready, Batch rows, int[] selected)
      throws SQLException {
    if (selected.length == 0) {
      return;
    }
    try (PreparedStatement insert = connection.prepareStatement(ready.insert())) {
      int pending = 0;
      for (int row : selected) {
        bindAll(insert, ready, rows, row);
        insert.addBatch();
        if (++pending == options.flushMaxRows()) {
          execute(insert);
          pending = 0;
        }
      }
      if (pending > 0) {
        execute(insert);
      }
    }
  }

  /**
   * Applies the batch's changes by key, each key's last change only: +I, +U upsert its row; -D
   * deletes it. A -U is ignored: the +U of its key that follows replaces the row anyway (deleting
   * first would be a wasted statement, and a -U whose +U lands in a later batch would show a
   * missing row in between). A key holding NULL, which unique constraints do not match, is deleted
   * null-safely and inserted instead of upserted.
   */
  private void upsert(Connection connection, Statements ready, Batch rows) throws SQLException {
    Map<List<Object>, Integer> last = new LinkedHashMap<>();
    for (int row = 0; row < rows.rowCount(); row++) {
      if (rows.rowKind(row) == RowKind.UPDATE_BEFORE) {
        continue;
      }
      List<Object> values = keyOf(rows, row);
      // re-inserting moves the key to its latest change, so the map holds each key's last row
      last.remove(values);
      last.put(values, row);
    }
    List<Integer> upserted = new ArrayList<>();
    List<Integer> deleted = new ArrayList<>();
    List<Integer> nullKeyed = new ArrayList<>();
    List<Integer> nullKeyedInserted = new ArrayList<>();
    for (Map.Entry<List<Object>, Integer> change : last.entrySet()) {
      int row = change.getValue();
      RowKind kind = rows.rowKind(row);
      boolean deletion = kind == RowKind.DELETE;
      if (change.getKey().contains(null)) {
        nullKeyed.add(row);
        if (!deletion) {
          nullKeyedInserted.add(row);
        }
      } else if (deletion) {
        deleted.add(row);
      } else {
        upserted.add(row);
      }
    }
    deleteByKey(connection, ready.delete(), ready, rows, deleted);
    deleteByKey(connection, ready.deleteNullSafe(), ready, rows, nullKeyed);
    insert(
        connection, ready, rows, nullKeyedInserted.stream().mapToInt(Integer::intValue).toArray());
    if (upserted.isEmpty()) {
      return;
    }
    try (PreparedStatement upsert = connection.prepareStatement(ready.upsert())) {
      int pending = 0;
      for (int row : upserted) {
        bindAll(upsert, ready, rows, row);
        upsert.addBatch();
        if (++pending == options.flushMaxRows()) {
          execute(upsert);
          pending = 0;
        }
      }
      if (pending > 0) {
        execute(upsert);
      }
    }
  }

  private void deleteByKey(
      Connection connection, String sql, Statements ready, Batch rows, List<Integer> selected)
      throws SQLException {
    if (selected.isEmpty()) {
      return;
    }
    try (PreparedStatement delete = connection.prepareStatement(sql)) {
      int pending = 0;
      for (int row : selected) {
        for (int k = 0; k < key.length; k++) {
          int column = key[k];
          JdbcValues.bind(
              delete,
              k + 1,
              columns.get(column).type(),
              rows.column(column).getObject(row),
              ready.targets().get(column));
        }
        delete.addBatch();
        if (++pending == options.flushMaxRows()) {
          execute(delete);
          pending = 0;
        }
      }
      if (pending > 0) {
        execute(delete);
      }
    }
  }

  private List<Object> keyOf(Batch rows, int row) {
    List<Object> values = new ArrayList<>(key.length);
    for (int column : key) {
      values.add(rows.column(column).getObject(row));
    }
    return values;
  }

  /** Binds every column of {@code row}, after checking that the table takes its values. */
  private void bindAll(PreparedStatement statement, Statements ready, Batch rows, int row)
      throws SQLException {
    for (int c = 0; c < columns.size(); c++) {
      Column column = columns.get(c);
      TargetColumn target = ready.targets().get(c);
      Object value = rows.column(c).getObject(row);
      check(ready, column, target, value);
      JdbcValues.bind(statement, c + 1, column.type(), value, target);
    }
  }

  /** Refuses, naming the column, a value the table would refuse with a vaguer message. */
  private void check(Statements ready, Column column, TargetColumn target, Object value) {
    if (value == null && !target.nullable()) {
      throw new SluiceException(
          ErrorCode.QUERY_FAILED,
          "Sink '"
              + sinkName
              + "' writes NULL into column '"
              + target.name()
              + "' of table '"
              + ready.table()
              + "' ("
              + SchemaFit.where(options)
              + "), which is NOT NULL");
    }
    if (value instanceof String text
        && column.type() == ColumnType.VARCHAR
        && target.size() > 0
        && target.size() < Integer.MAX_VALUE
        && text.codePointCount(0, text.length()) > target.size()
        && !target.typeName().equalsIgnoreCase("text")) {
      String shown =
          text.length() > LONGEST_VALUE_SHOWN ? text.substring(0, LONGEST_VALUE_SHOWN) + "…" : text;
      throw new SluiceException(
          ErrorCode.QUERY_FAILED,
          "Sink '"
              + sinkName
              + "' writes '"
              + shown
              + "' ("
              + text.codePointCount(0, text.length())
              + " characters) into column '"
              + target.name()
              + "' of table '"
              + ready.table()
              + "' ("
              + SchemaFit.where(options)
              + "), which holds at most "
              + target.size());
    }
  }

  private static void execute(PreparedStatement statement) throws SQLException {
    try {
      statement.executeBatch();
    } catch (BatchUpdateException e) {
      // PostgreSQL's driver puts the database's own message in the next exception
      SQLException cause = e.getNextException();
      throw cause != null ? cause : e;
    }
  }

  /**
   * The statements, made on first use: reads the target table, checks it fits, and creates the
   * progress table and the sink's row in it when missing.
   */
  private Statements statements() throws SQLException {
    if (statements != null) {
      return statements;
    }
    JdbcDialect dialect = options.dialect();
    List<Integer> keyList = Arrays.stream(key).boxed().toList();
    try (Connection connection = connections.get()) {
      TargetTable table =
          TargetTable.read(connection, dialect, options.tableName())
              .orElseThrow(() -> SchemaFit.missingTable(options, sinkName, columns, keyList));
      List<TargetColumn> targets = SchemaFit.forSink(table, columns, keyList, sinkName, options);
      List<String> names = targets.stream().map(TargetColumn::name).toList();
      List<String> keyNames = keyList.stream().map(names::get).toList();
      String progress = dialect.quoteTable(List.of(options.progressTable().split("\\.")));
      try (Statement ddl = connection.createStatement()) {
        ddl.execute(dialect.createProgressTable(progress));
      } catch (SQLException e) {
        if (!Retries.isTransient(e)) {
          throw new SluiceException(
              ErrorCode.QUERY_FAILED,
              "Sink '"
                  + sinkName
                  + "' cannot create its progress table "
                  + options.progressTable()
                  + " in "
                  + SchemaFit.where(options)
                  + " ("
                  + JdbcUrls.mask(e.getMessage())
                  + "); create it, or name one it may use with '"
                  + JdbcOptions.SINK_PROGRESS_TABLE
                  + "': "
                  + dialect.createProgressTable(progress),
              e);
        }
        throw e;
      }
      try (PreparedStatement row =
          connection.prepareStatement(dialect.insertProgressIfAbsent(progress))) {
        row.setString(1, sinkName);
        row.setString(2, options.tableName());
        row.executeUpdate();
      }
      statements =
          new Statements(
              table.displayName(),
              targets,
              dialect.insert(table.quotedName(), names),
              keyNames.isEmpty() ? null : dialect.upsert(table.quotedName(), names, keyNames),
              keyNames.isEmpty() ? null : dialect.delete(table.quotedName(), keyNames),
              keyNames.isEmpty() ? null : dialect.deleteNullSafe(table.quotedName(), keyNames),
              dialect.deleteAll(table.quotedName()),
              progress);
      return statements;
    }
  }

  private void rollbackOpen() {
    if (open == null) {
      return;
    }
    Connection connection = open;
    open = null;
    openBatch = -1;
    try {
      connection.rollback();
      connection.setAutoCommit(true);
    } catch (SQLException e) {
      LOG.debug("Rolling back sink '{}' failed: {}", sinkName, e.toString());
    } finally {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.debug("Closing a connection of sink '{}' failed: {}", sinkName, e.toString());
      }
    }
  }

  /** The error for a failed database call, naming the sink, the table and the database. */
  private SluiceException failed(String action, SQLException cause) {
    return new SluiceException(
        ErrorCode.QUERY_FAILED,
        "JDBC sink '"
            + sinkName
            + "' could not "
            + action
            + " (table '"
            + options.tableName()
            + "', "
            + SchemaFit.where(options)
            + "): "
            + JdbcUrls.mask(String.valueOf(cause.getMessage())),
        cause);
  }
}
