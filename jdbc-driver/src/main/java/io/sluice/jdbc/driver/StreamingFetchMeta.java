package io.sluice.jdbc.driver;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.MissingResultsException;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.remote.TypedValue;

/**
 * Avatica's client-side meta with a result iterator fit for push queries. Avatica's own iterator
 * fetches the next frame before handing out the last row of the current one, so that row would wait
 * for the next micro-batch; this one fetches only when the client asks for a row it does not have.
 * It also notices {@code Statement.cancel()} while waiting and closes the statement on the server,
 * which stops the query.
 */
final class StreamingFetchMeta implements Meta {
  private static final int DEFAULT_FETCH_SIZE = 1_000;

  private final Meta delegate;
  private final AvaticaConnection connection;
  private final MetadataQueries metadata;

  StreamingFetchMeta(Meta delegate, AvaticaConnection connection) {
    this.delegate = requireNonNull(delegate, "delegate is null");
    this.connection = requireNonNull(connection, "connection is null");
    this.metadata = new MetadataQueries(connection, delegate);
  }

  @Override
  public Iterable<Object> createIterable(
      StatementHandle stmt,
      QueryState state,
      Signature signature,
      List<TypedValue> parameterValues,
      Frame firstFrame) {
    if (firstFrame != null && firstFrame.done) {
      return firstFrame.rows;
    }
    return () -> new StreamingIterator(stmt, firstFrame);
  }

  /** Iterates a statement's rows, fetching the next frame only when a row is asked for. */
  private final class StreamingIterator implements Iterator<Object> {
    private final StatementHandle handle;
    private Iterator<Object> rows;
    private boolean done;
    private long offset;

    StreamingIterator(StatementHandle handle, Frame firstFrame) {
      this.handle = handle;
      this.rows = firstFrame == null ? Collections.emptyIterator() : firstFrame.rows.iterator();
      this.done = firstFrame != null && firstFrame.done;
    }

    @Override
    public boolean hasNext() {
      while (!rows.hasNext()) {
        if (done) {
          return false;
        }
        if (cancelled()) {
          done = true;
          delegate.closeStatement(handle);
          return false;
        }
        Frame frame;
        try {
          frame = delegate.fetch(handle, offset, fetchSize());
        } catch (RuntimeException e) {
          throw ServerError.of(e);
        } catch (NoSuchStatementException | MissingResultsException e) {
          throw new IllegalStateException("The server no longer knows this statement: " + e, e);
        }
        rows = frame.rows.iterator();
        done = frame.done;
      }
      return true;
    }

    @Override
    public Object next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      offset++;
      return rows.next();
    }

    private boolean cancelled() {
      try {
        AtomicBoolean flag = connection.getCancelFlag(handle);
        return flag.get();
      } catch (NoSuchStatementException e) {
        return true;
      }
    }

    private int fetchSize() {
      AvaticaStatement statement = connection.statementMap.get(handle.id);
      try {
        int size = statement == null ? 0 : statement.getFetchSize();
        return size > 0 ? size : DEFAULT_FETCH_SIZE;
      } catch (SQLException e) {
        return DEFAULT_FETCH_SIZE;
      }
    }
  }

  @Override
  public Map<DatabaseProperty, Object> getDatabaseProperties(ConnectionHandle ch) {
    return delegate.getDatabaseProperties(ch);
  }

  @Override
  public MetaResultSet getTables(
      ConnectionHandle ch,
      String catalog,
      Pat schemaPattern,
      Pat tableNamePattern,
      List<String> typeList) {
    return delegate.getTables(ch, catalog, schemaPattern, tableNamePattern, typeList);
  }

  @Override
  public MetaResultSet getColumns(
      ConnectionHandle ch,
      String catalog,
      Pat schemaPattern,
      Pat tableNamePattern,
      Pat columnNamePattern) {
    return delegate.getColumns(ch, catalog, schemaPattern, tableNamePattern, columnNamePattern);
  }

  @Override
  public MetaResultSet getSchemas(ConnectionHandle ch, String catalog, Pat schemaPattern) {
    return delegate.getSchemas(ch, catalog, schemaPattern);
  }

  @Override
  public MetaResultSet getCatalogs(ConnectionHandle ch) {
    return delegate.getCatalogs(ch);
  }

  @Override
  public MetaResultSet getTableTypes(ConnectionHandle ch) {
    return delegate.getTableTypes(ch);
  }

  @Override
  public MetaResultSet getProcedures(
      ConnectionHandle ch, String catalog, Pat schemaPattern, Pat procedureNamePattern) {
    return delegate.getProcedures(ch, catalog, schemaPattern, procedureNamePattern);
  }

  @Override
  public MetaResultSet getProcedureColumns(
      ConnectionHandle ch,
      String catalog,
      Pat schemaPattern,
      Pat procedureNamePattern,
      Pat columnNamePattern) {
    return delegate.getProcedureColumns(
        ch, catalog, schemaPattern, procedureNamePattern, columnNamePattern);
  }

  @Override
  public MetaResultSet getColumnPrivileges(
      ConnectionHandle ch, String catalog, String schema, String table, Pat columnNamePattern) {
    return delegate.getColumnPrivileges(ch, catalog, schema, table, columnNamePattern);
  }

  @Override
  public MetaResultSet getTablePrivileges(
      ConnectionHandle ch, String catalog, Pat schemaPattern, Pat tableNamePattern) {
    return delegate.getTablePrivileges(ch, catalog, schemaPattern, tableNamePattern);
  }

  @Override
  public MetaResultSet getBestRowIdentifier(
      ConnectionHandle ch,
      String catalog,
      String schema,
      String table,
      int scope,
      boolean nullable) {
    return delegate.getBestRowIdentifier(ch, catalog, schema, table, scope, nullable);
  }

  @Override
  public MetaResultSet getVersionColumns(
      ConnectionHandle ch, String catalog, String schema, String table) {
    return delegate.getVersionColumns(ch, catalog, schema, table);
  }

  @Override
  public MetaResultSet getPrimaryKeys(
      ConnectionHandle ch, String catalog, String schema, String table) {
    return metadata.primaryKeys(ch, table);
  }

  @Override
  public MetaResultSet getImportedKeys(
      ConnectionHandle ch, String catalog, String schema, String table) {
    return delegate.getImportedKeys(ch, catalog, schema, table);
  }

  @Override
  public MetaResultSet getExportedKeys(
      ConnectionHandle ch, String catalog, String schema, String table) {
    return delegate.getExportedKeys(ch, catalog, schema, table);
  }

  @Override
  public MetaResultSet getCrossReference(
      ConnectionHandle ch,
      String parentCatalog,
      String parentSchema,
      String parentTable,
      String foreignCatalog,
      String foreignSchema,
      String foreignTable) {
    return delegate.getCrossReference(
        ch, parentCatalog, parentSchema, parentTable, foreignCatalog, foreignSchema, foreignTable);
  }

  @Override
  public MetaResultSet getTypeInfo(ConnectionHandle ch) {
    return delegate.getTypeInfo(ch);
  }

  @Override
  public MetaResultSet getIndexInfo(
      ConnectionHandle ch,
      String catalog,
      String schema,
      String table,
      boolean unique,
      boolean approximate) {
    return delegate.getIndexInfo(ch, catalog, schema, table, unique, approximate);
  }

  @Override
  public MetaResultSet getUDTs(
      ConnectionHandle ch, String catalog, Pat schemaPattern, Pat typeNamePattern, int[] types) {
    return delegate.getUDTs(ch, catalog, schemaPattern, typeNamePattern, types);
  }

  @Override
  public MetaResultSet getSuperTypes(
      ConnectionHandle ch, String catalog, Pat schemaPattern, Pat typeNamePattern) {
    return delegate.getSuperTypes(ch, catalog, schemaPattern, typeNamePattern);
  }

  @Override
  public MetaResultSet getSuperTables(
      ConnectionHandle ch, String catalog, Pat schemaPattern, Pat tableNamePattern) {
    return delegate.getSuperTables(ch, catalog, schemaPattern, tableNamePattern);
  }

  @Override
  public MetaResultSet getAttributes(
      ConnectionHandle ch,
      String catalog,
      Pat schemaPattern,
      Pat typeNamePattern,
      Pat attributeNamePattern) {
    return delegate.getAttributes(
        ch, catalog, schemaPattern, typeNamePattern, attributeNamePattern);
  }

  @Override
  public MetaResultSet getClientInfoProperties(ConnectionHandle ch) {
    return delegate.getClientInfoProperties(ch);
  }

  @Override
  public MetaResultSet getFunctions(
      ConnectionHandle ch, String catalog, Pat schemaPattern, Pat functionNamePattern) {
    return metadata.functions(ch, functionNamePattern);
  }

  @Override
  public MetaResultSet getFunctionColumns(
      ConnectionHandle ch,
      String catalog,
      Pat schemaPattern,
      Pat functionNamePattern,
      Pat columnNamePattern) {
    return delegate.getFunctionColumns(
        ch, catalog, schemaPattern, functionNamePattern, columnNamePattern);
  }

  @Override
  public MetaResultSet getPseudoColumns(
      ConnectionHandle ch,
      String catalog,
      Pat schemaPattern,
      Pat tableNamePattern,
      Pat columnNamePattern) {
    return delegate.getPseudoColumns(
        ch, catalog, schemaPattern, tableNamePattern, columnNamePattern);
  }

  @Override
  public StatementHandle prepare(ConnectionHandle ch, String sql, long maxRowCount) {
    try {
      return delegate.prepare(ch, sql, maxRowCount);
    } catch (RuntimeException e) {
      throw ServerError.of(e);
    }
  }

  @Override
  public ExecuteResult prepareAndExecute(
      StatementHandle h, String sql, long maxRowCount, PrepareCallback callback)
      throws NoSuchStatementException {
    try {
      return delegate.prepareAndExecute(h, sql, maxRowCount, callback);
    } catch (RuntimeException e) {
      throw ServerError.of(e);
    }
  }

  @Override
  public ExecuteResult prepareAndExecute(
      StatementHandle h,
      String sql,
      long maxRowCount,
      int maxRowsInFirstFrame,
      PrepareCallback callback)
      throws NoSuchStatementException {
    try {
      return delegate.prepareAndExecute(h, sql, maxRowCount, maxRowsInFirstFrame, callback);
    } catch (RuntimeException e) {
      throw ServerError.of(e);
    }
  }

  @Override
  public ExecuteBatchResult prepareAndExecuteBatch(StatementHandle h, List<String> sqlCommands)
      throws NoSuchStatementException {
    try {
      return delegate.prepareAndExecuteBatch(h, sqlCommands);
    } catch (RuntimeException e) {
      throw ServerError.of(e);
    }
  }

  @Override
  public ExecuteBatchResult executeBatch(StatementHandle h, List<List<TypedValue>> parameterValues)
      throws NoSuchStatementException {
    try {
      return delegate.executeBatch(h, parameterValues);
    } catch (RuntimeException e) {
      throw ServerError.of(e);
    }
  }

  @Override
  public ExecuteResult execute(
      StatementHandle h, List<TypedValue> parameterValues, long maxRowCount)
      throws NoSuchStatementException {
    try {
      return delegate.execute(h, parameterValues, maxRowCount);
    } catch (RuntimeException e) {
      throw ServerError.of(e);
    }
  }

  @Override
  public ExecuteResult execute(
      StatementHandle h, List<TypedValue> parameterValues, int maxRowsInFirstFrame)
      throws NoSuchStatementException {
    try {
      return delegate.execute(h, parameterValues, maxRowsInFirstFrame);
    } catch (RuntimeException e) {
      throw ServerError.of(e);
    }
  }

  @Override
  public StatementHandle createStatement(ConnectionHandle ch) {
    return delegate.createStatement(ch);
  }

  @Override
  public void closeStatement(StatementHandle h) {
    delegate.closeStatement(h);
  }

  @Override
  public void openConnection(ConnectionHandle ch, Map<String, String> info) {
    delegate.openConnection(ch, info);
  }

  @Override
  public void closeConnection(ConnectionHandle ch) {
    delegate.closeConnection(ch);
  }

  @Override
  public Frame fetch(StatementHandle h, long offset, int fetchMaxRowCount)
      throws NoSuchStatementException, MissingResultsException {
    try {
      return delegate.fetch(h, offset, fetchMaxRowCount);
    } catch (RuntimeException e) {
      throw ServerError.of(e);
    }
  }

  @Override
  public boolean syncResults(StatementHandle sh, QueryState state, long offset)
      throws NoSuchStatementException {
    return delegate.syncResults(sh, state, offset);
  }

  @Override
  public void commit(ConnectionHandle ch) {
    delegate.commit(ch);
  }

  @Override
  public void rollback(ConnectionHandle ch) {
    delegate.rollback(ch);
  }

  @Override
  public ConnectionProperties connectionSync(ConnectionHandle ch, ConnectionProperties connProps) {
    return delegate.connectionSync(ch, connProps);
  }
}
