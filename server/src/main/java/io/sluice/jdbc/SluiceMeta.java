package io.sluice.jdbc;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.RelationKind;
import io.sluice.exec.driver.QueryOutput;
import io.sluice.plan.QueryPlanner;
import io.sluice.plan.schema.SystemTables;
import io.sluice.server.SluiceEngine;
import io.sluice.server.result.RowSource;
import io.sluice.server.result.StatementResult;
import io.sluice.server.session.Principal;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import io.sluice.sql.SluiceSqlParser;
import java.sql.DatabaseMetaData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.AvaticaParameter;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.MissingResultsException;
import org.apache.calcite.avatica.NoSuchConnectionException;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.apache.calcite.avatica.remote.Service;
import org.apache.calcite.avatica.remote.TypedValue;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

/**
 * Sluice behind Avatica's wire protocol: each open connection holds a session and its own
 * statements, each statement the rows of its current result.
 *
 * <p>A push query's rows are long-polled. For clients that cannot take a frame that is empty and
 * not done (Python's phoenixdb, plain HTTP clients; the stock Avatica driver takes it but only
 * fetches again), the first frame and every fetch hold the request until at least one row came or
 * the query ended, however long that takes: over HTTP the response is kept alive meanwhile, and a
 * client that goes away releases the waiting thread ({@link WaitingResponse}). The Sluice driver
 * says it takes empty frames, and gets a short wait ({@link
 * io.sluice.server.config.SluiceConfig#fetchWait()}) so it notices {@code Statement.cancel()}
 * quickly. Closing a statement stops its query.
 */
public final class SluiceMeta implements Meta {
  private static final int DEFAULT_FRAME_ROWS = 1_000;
  private static final long FIRST_FRAME_WAIT_MILLIS = 200;
  // a long wait polls in slices, each marking the query as read from so it is not abandoned
  private static final long WAIT_SLICE_MILLIS = 1_000;
  // the wait of a client that needs rows in every frame: until rows come or the query ends
  private static final long UNTIL_ROWS = Long.MAX_VALUE;
  private static final String CATALOG = "sluice";
  private static final String SCHEMA = "sluice";

  private final SluiceEngine engine;
  private final Supplier<Principal> callers;
  private final Map<String, ClientConnection> connections = new ConcurrentHashMap<>();
  private final AtomicInteger nextStatementId = new AtomicInteger(1);
  private final AtomicInteger waiting = new AtomicInteger();

  public SluiceMeta(SluiceEngine engine) {
    this(engine, () -> Principal.ANONYMOUS);
  }

  /**
   * @param callers the principal of the request being served; a connection belongs to the user who
   *     opened it, and only that user may use it
   */
  public SluiceMeta(SluiceEngine engine, Supplier<Principal> callers) {
    this.engine = requireNonNull(engine, "engine is null");
    this.callers = requireNonNull(callers, "callers is null");
  }

  private static AvaticaRuntimeException toAvatica(SluiceException e) {
    return new AvaticaRuntimeException(
        e.getMessage(), e.errorCode().code(), e.errorCode().sqlState(), AvaticaSeverity.ERROR);
  }

  /** A request without a field it needs: refused by itself, with nothing else touched. */
  private static AvaticaRuntimeException missing(String field, String request) {
    return new AvaticaRuntimeException(
        "Malformed request: " + request + " needs a " + field,
        Service.ErrorResponse.UNKNOWN_ERROR_CODE,
        "08P01",
        AvaticaSeverity.ERROR);
  }

  private ClientConnection connection(String connectionId, String request) {
    if (connectionId == null) {
      throw missing("connection_id", request);
    }
    ClientConnection connection = connections.get(connectionId);
    if (connection == null) {
      throw new NoSuchConnectionException(connectionId);
    }
    try {
      // a connection belongs to the user who opened it
      connection.session.actAs(callers.get());
    } catch (SecurityException e) {
      throw toAvatica(new SluiceException(ErrorCode.PERMISSION_DENIED, e.getMessage()));
    }
    return connection;
  }

  // ---- connections ----

  @Override
  public void openConnection(ConnectionHandle ch, Map<String, String> info) {
    if (ch.id == null) {
      throw missing("connection_id", "OpenConnectionRequest");
    }
    connections.putIfAbsent(ch.id, new ClientConnection(ch.id, info, callers.get()));
  }

  @Override
  public void closeConnection(ConnectionHandle ch) {
    if (ch.id == null || !connections.containsKey(ch.id)) {
      return;
    }
    connection(ch.id, "CloseConnectionRequest");
    ClientConnection connection = connections.remove(ch.id);
    if (connection != null) {
      connection.close();
    }
  }

  @Override
  public ConnectionProperties connectionSync(ConnectionHandle ch, ConnectionProperties connProps) {
    connection(ch.id, "ConnectionSyncRequest");
    return connProps;
  }

  @Override
  public void commit(ConnectionHandle ch) {}

  @Override
  public void rollback(ConnectionHandle ch) {}

  @Override
  public Map<DatabaseProperty, Object> getDatabaseProperties(ConnectionHandle ch) {
    return Map.of(
        DatabaseProperty.GET_DRIVER_NAME,
        "Sluice",
        DatabaseProperty.GET_DRIVER_VERSION,
        "0.1.0",
        DatabaseProperty.GET_DATABASE_PRODUCT_VERSION,
        "0.1.0",
        DatabaseProperty.GET_TIME_DATE_FUNCTIONS,
        "",
        DatabaseProperty.GET_STRING_FUNCTIONS,
        "",
        DatabaseProperty.GET_NUMERIC_FUNCTIONS,
        "",
        DatabaseProperty.GET_SYSTEM_FUNCTIONS,
        "",
        DatabaseProperty.GET_DEFAULT_TRANSACTION_ISOLATION,
        java.sql.Connection.TRANSACTION_NONE);
  }

  // ---- statements ----

  @Override
  public StatementHandle createStatement(ConnectionHandle ch) {
    ClientConnection connection = connection(ch.id, "CreateStatementRequest");
    StatementHandle handle = new StatementHandle(ch.id, nextStatementId.getAndIncrement(), null);
    connection.add(new ClientStatement(handle));
    return handle;
  }

  @Override
  public void closeStatement(StatementHandle h) {
    ClientConnection connection = h.connectionId == null ? null : connections.get(h.connectionId);
    ClientStatement statement = connection == null ? null : connection.remove(h.id);
    if (statement != null) {
      statement.closeResult();
    }
  }

  @Override
  public StatementHandle prepare(ConnectionHandle ch, String sql, long maxRowCount) {
    ClientConnection connection = connection(ch.id, "PrepareRequest");
    if (sql == null) {
      throw missing("sql", "PrepareRequest");
    }
    List<Column> parameters = parameterTypes(sql);
    StatementHandle handle = createStatement(ch);
    ClientStatement statement = connection.statement(handle.id);
    statement.sql = sql;
    statement.parameters = parameters;
    statement.maxRows = maxRowCount;
    List<AvaticaParameter> signatureParameters = new ArrayList<>();
    for (Column parameter : parameters) {
      signatureParameters.add(JdbcTypes.parameter(parameter));
    }
    handle.signature =
        Signature.create(
            List.of(), sql, signatureParameters, CursorFactory.LIST, StatementType.SELECT);
    return handle;
  }

  /**
   * The types of the statement's {@code ?} parameters as Calcite's validator infers them from where
   * they stand. Where it cannot (a statement that is not a query, an invalid one, a bare {@code
   * SELECT ?}), they are VARCHAR, which every client can bind; executing reports what is wrong with
   * the statement as usual.
   */
  private List<Column> parameterTypes(String sql) {
    int count = ParameterBinder.count(sql);
    if (count == 0) {
      return List.of();
    }
    try {
      SqlNode node = SluiceSqlParser.parseStatement(sql);
      if (node.getKind().belongsTo(SqlKind.QUERY)) {
        List<Column> inferred = new QueryPlanner(engine.catalog()).parameterTypes(node);
        if (inferred.size() == count) {
          return inferred;
        }
      }
    } catch (Exception e) {
      // not inferable: the parameters stay VARCHAR, and executing says what is wrong
    }
    List<Column> untyped = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      untyped.add(Column.of("?" + (i + 1), ColumnType.VARCHAR));
    }
    return untyped;
  }

  @Override
  public ExecuteResult prepareAndExecute(
      StatementHandle h, String sql, long maxRowCount, PrepareCallback callback)
      throws NoSuchStatementException {
    return prepareAndExecute(h, sql, maxRowCount, -1, callback);
  }

  @Override
  public ExecuteResult prepareAndExecute(
      StatementHandle h,
      String sql,
      long maxRowCount,
      int maxRowsInFirstFrame,
      PrepareCallback callback)
      throws NoSuchStatementException {
    if (sql == null) {
      throw missing("sql", "PrepareAndExecuteRequest");
    }
    ClientConnection connection = connection(h.connectionId, "PrepareAndExecuteRequest");
    ClientStatement statement = connection.statementOrAdopt(h);
    statement.sql = sql;
    statement.parameters = List.of();
    statement.maxRows = maxRowCount;
    return new ExecuteResult(List.of(run(connection, statement, sql, maxRowsInFirstFrame)));
  }

  @Override
  public ExecuteResult execute(
      StatementHandle h, List<TypedValue> parameterValues, long maxRowCount)
      throws NoSuchStatementException {
    return execute(h, parameterValues, (int) Math.min(Integer.MAX_VALUE, maxRowCount));
  }

  @Override
  public ExecuteResult execute(
      StatementHandle h, List<TypedValue> parameterValues, int maxRowsInFirstFrame)
      throws NoSuchStatementException {
    ClientConnection connection = connection(h.connectionId, "ExecuteRequest");
    ClientStatement statement = connection.statement(h.id);
    if (statement == null || statement.sql == null) {
      throw new NoSuchStatementException(h);
    }
    String bound;
    try {
      bound =
          ParameterBinder.bind(
              statement.sql,
              parameterValues == null ? List.of() : parameterValues,
              statement.parameters);
    } catch (IllegalArgumentException e) {
      throw toAvatica(new SluiceException(ErrorCode.VALIDATION_ERROR, e.getMessage()));
    }
    return new ExecuteResult(List.of(run(connection, statement, bound, maxRowsInFirstFrame)));
  }

  private MetaResultSet run(
      ClientConnection connection, ClientStatement statement, String sql, int maxRowsInFirstFrame) {
    statement.closeResult();
    StatementHandle h = statement.handle;
    StatementResult result;
    try {
      result = engine.execute(connection.session, sql);
    } catch (SluiceException e) {
      throw toAvatica(e);
    }
    if (result instanceof StatementResult.Update) {
      return MetaResultSet.count(h.connectionId, h.id, ((StatementResult.Update) result).count());
    }
    StatementResult.Rows rows = (StatementResult.Rows) result;
    statement.deliver(rows.rows(), rows.columns());
    // the statement as prepared: bound values (a password, say) are not echoed back
    Signature signature =
        Signature.create(
            JdbcTypes.columnMetaData(rows.columns()),
            statement.sql,
            List.of(),
            CursorFactory.LIST,
            StatementType.SELECT);
    int frameRows = maxRowsInFirstFrame > 0 ? maxRowsInFirstFrame : DEFAULT_FRAME_ROWS;
    long wait = connection.acceptsEmptyFrames ? FIRST_FRAME_WAIT_MILLIS : UNTIL_ROWS;
    Frame first = nextFrame(statement, 0, frameRows, wait);
    return MetaResultSet.create(h.connectionId, h.id, false, signature, first);
  }

  /**
   * The next rows of the statement's result: waits up to {@code waitMillis} ({@link #UNTIL_ROWS}:
   * without end) for the first, then takes what is there; done once the result has ended and every
   * row was taken.
   */
  private Frame nextFrame(ClientStatement statement, long offset, int maxRows, long waitMillis) {
    RowSource source = statement.rows;
    if (source == null) {
      return Frame.create(offset, true, List.of());
    }
    int limit = maxRows;
    if (statement.maxRows > 0) {
      limit = (int) Math.max(0, Math.min(limit, statement.maxRows - statement.delivered));
    }
    QueryOutput.Chunk chunk;
    try {
      chunk = limit == 0 ? new QueryOutput.Chunk(List.of(), true) : poll(source, limit, waitMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      // the server is stopping; an empty frame not marked done would break strict clients
      throw toAvatica(
          new SluiceException(
              ErrorCode.INTERNAL_ERROR, "The server stopped while the fetch waited for rows"));
    } catch (SluiceException e) {
      statement.closeResult();
      throw toAvatica(e);
    }
    statement.noteProgress(source);
    List<Column> columns = statement.columns;
    List<Object> rows = new ArrayList<>(chunk.rows().size());
    for (Object[] row : chunk.rows()) {
      // Rows are lists: Avatica's LocalService (the embedded driver) hands frames to the client
      // as they are and reads them as lists; over HTTP both forms serialise alike.
      rows.add(Arrays.asList(JdbcTypes.toJdbcRow(row, columns)));
    }
    statement.delivered += rows.size();
    boolean done =
        chunk.done() || statement.maxRows > 0 && statement.delivered >= statement.maxRows;
    if (done) {
      statement.closeResult();
    }
    return Frame.create(offset, done, rows);
  }

  /**
   * Rows of {@code source}, waiting in slices of at most a second (or the keep-alive interval)
   * until some come or time is up; between slices a waiting HTTP response is kept alive, and the
   * wait ends with {@link ClientGoneException} when its client has gone.
   */
  private QueryOutput.Chunk poll(RowSource source, int limit, long waitMillis)
      throws InterruptedException {
    long slice = WaitingResponse.sliceMillis(WAIT_SLICE_MILLIS);
    long start = System.nanoTime();
    waiting.incrementAndGet();
    try {
      while (true) {
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        long remaining = waitMillis == UNTIL_ROWS ? UNTIL_ROWS : waitMillis - elapsed;
        QueryOutput.Chunk chunk = source.poll(limit, Math.max(0, Math.min(remaining, slice)));
        if (!chunk.rows().isEmpty() || chunk.done() || remaining <= slice) {
          return chunk;
        }
        WaitingResponse.stillWaiting();
      }
    } finally {
      waiting.decrementAndGet();
    }
  }

  /** Requests held now until a push query has rows or ends (a gauge of the metrics). */
  public int waitingFetches() {
    return waiting.get();
  }

  @Override
  public Frame fetch(StatementHandle h, long offset, int fetchMaxRowCount)
      throws NoSuchStatementException, MissingResultsException {
    ClientConnection connection = connection(h.connectionId, "FetchRequest");
    ClientStatement statement = connection.statement(h.id);
    if (statement == null) {
      throw new NoSuchStatementException(h);
    }
    int maxRows = fetchMaxRowCount > 0 ? fetchMaxRowCount : DEFAULT_FRAME_ROWS;
    long wait = connection.acceptsEmptyFrames ? engine.config().fetchWait().toMillis() : UNTIL_ROWS;
    return nextFrame(statement, offset, maxRows, wait);
  }

  /**
   * The warnings (bad records, late rows) raised by a statement's query that were not sent yet;
   * empty for a statement that is gone.
   */
  public List<String> drainWarnings(String connectionId, int statementId) {
    ClientConnection connection = connectionId == null ? null : connections.get(connectionId);
    ClientStatement statement = connection == null ? null : connection.statement(statementId);
    return statement == null ? List.of() : statement.drainWarnings();
  }

  /** Whether the statement's current result has a REAL column; false for none or a null handle. */
  boolean hasRealColumns(StatementHandle h) {
    ClientConnection connection =
        h == null || h.connectionId == null ? null : connections.get(h.connectionId);
    ClientStatement statement = connection == null ? null : connection.statement(h.id);
    List<Column> columns = statement == null ? null : statement.columns;
    return columns != null && columns.stream().anyMatch(c -> c.type() == ColumnType.REAL);
  }

  @Override
  public boolean syncResults(StatementHandle sh, QueryState state, long offset) {
    return false;
  }

  @Override
  public ExecuteBatchResult prepareAndExecuteBatch(StatementHandle h, List<String> sqlCommands)
      throws NoSuchStatementException {
    ClientConnection connection = connection(h.connectionId, "PrepareAndExecuteBatchRequest");
    long[] counts = new long[sqlCommands.size()];
    for (int i = 0; i < counts.length; i++) {
      StatementResult result;
      try {
        result = engine.execute(connection.session, sqlCommands.get(i));
      } catch (SluiceException e) {
        throw toAvatica(e);
      }
      if (result instanceof StatementResult.Rows) {
        ((StatementResult.Rows) result).rows().close();
        throw toAvatica(
            new SluiceException(
                ErrorCode.VALIDATION_ERROR,
                "A statement batch may not contain queries: statement " + (i + 1) + " is one"));
      }
      counts[i] = ((StatementResult.Update) result).count();
    }
    return new ExecuteBatchResult(counts);
  }

  @Override
  public ExecuteBatchResult executeBatch(StatementHandle h, List<List<TypedValue>> parameterValues)
      throws NoSuchStatementException {
    throw toAvatica(
        new SluiceException(
            ErrorCode.NOT_SUPPORTED,
            "Batches of statement parameters are not supported by Sluice yet"));
  }

  @Override
  public Iterable<Object> createIterable(
      StatementHandle stmt,
      QueryState state,
      Signature signature,
      List<TypedValue> parameterValues,
      Frame firstFrame) {
    // Only used by in-process clients of a Meta; the server path never iterates here.
    return firstFrame == null ? List.of() : firstFrame.rows;
  }

  // ---- metadata ----

  private MetaResultSet metaResultSet(
      ConnectionHandle ch, List<Column> columns, List<Object[]> rows) {
    Signature signature =
        Signature.create(
            JdbcTypes.columnMetaData(columns),
            null,
            List.of(),
            CursorFactory.LIST,
            StatementType.SELECT);
    List<Object> frameRows = new ArrayList<>(rows.size());
    for (Object[] row : rows) {
      frameRows.add(Arrays.asList(JdbcTypes.toJdbcRow(row, columns)));
    }
    return MetaResultSet.create(
        ch.id,
        nextStatementId.getAndIncrement(),
        true,
        signature,
        Frame.create(0, true, frameRows));
  }

  private static List<Column> varcharColumns(String... names) {
    List<Column> columns = new ArrayList<>();
    for (String name : names) {
      columns.add(Column.of(name, ColumnType.VARCHAR));
    }
    return columns;
  }

  private static boolean matches(Pat pattern, String value) {
    if (pattern == null || pattern.s == null) {
      return true;
    }
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.s.toCharArray()) {
      if (c == '%') {
        regex.append(".*");
      } else if (c == '_') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE).matcher(value).matches();
  }

  private static boolean schemaMatches(String catalog, Pat schemaPattern, String schema) {
    return (catalog == null || catalog.equalsIgnoreCase(CATALOG)) && matches(schemaPattern, schema);
  }

  private static String tableType(RelationKind kind) {
    switch (kind) {
      case STREAM:
        return "STREAM";
      case MATERIALIZED_VIEW:
        return "MATERIALIZED VIEW";
      case VIEW:
        return "VIEW";
      default:
        return "TABLE";
    }
  }

  /** Declared relations, then the system tables of schema sys, with their JDBC schema name. */
  private List<Object[]> relations() {
    List<Object[]> result = new ArrayList<>();
    for (RelationDefinition relation : engine.catalog().list()) {
      result.add(new Object[] {SCHEMA, relation, tableType(relation.kind())});
    }
    for (RelationDefinition relation : engine.catalog().systemTables()) {
      result.add(new Object[] {SystemTables.SCHEMA, relation, "SYSTEM TABLE"});
    }
    return result;
  }

  @Override
  public MetaResultSet getCatalogs(ConnectionHandle ch) {
    return metaResultSet(
        ch, varcharColumns("TABLE_CAT"), List.<Object[]>of(new Object[] {CATALOG}));
  }

  @Override
  public MetaResultSet getSchemas(ConnectionHandle ch, String catalog, Pat schemaPattern) {
    List<Object[]> rows = new ArrayList<>();
    for (String schema : List.of(SCHEMA, SystemTables.SCHEMA)) {
      if (schemaMatches(catalog, schemaPattern, schema)) {
        rows.add(new Object[] {schema, CATALOG});
      }
    }
    return metaResultSet(ch, varcharColumns("TABLE_SCHEM", "TABLE_CATALOG"), rows);
  }

  @Override
  public MetaResultSet getTableTypes(ConnectionHandle ch) {
    return metaResultSet(
        ch,
        varcharColumns("TABLE_TYPE"),
        List.of(
            new Object[] {"MATERIALIZED VIEW"},
            new Object[] {"STREAM"},
            new Object[] {"SYSTEM TABLE"},
            new Object[] {"TABLE"},
            new Object[] {"VIEW"}));
  }

  @Override
  public MetaResultSet getTables(
      ConnectionHandle ch,
      String catalog,
      Pat schemaPattern,
      Pat tableNamePattern,
      List<String> typeList) {
    List<Object[]> rows = new ArrayList<>();
    for (Object[] entry : relations()) {
      String schema = (String) entry[0];
      RelationDefinition relation = (RelationDefinition) entry[1];
      String type = (String) entry[2];
      if (schemaMatches(catalog, schemaPattern, schema)
          && matches(tableNamePattern, relation.name())
          && (typeList == null || typeList.stream().anyMatch(type::equalsIgnoreCase))) {
        rows.add(
            new Object[] {
              CATALOG, schema, relation.name(), type, null, null, null, null, null, null
            });
      }
    }
    return metaResultSet(
        ch,
        varcharColumns(
            "TABLE_CAT",
            "TABLE_SCHEM",
            "TABLE_NAME",
            "TABLE_TYPE",
            "REMARKS",
            "TYPE_CAT",
            "TYPE_SCHEM",
            "TYPE_NAME",
            "SELF_REFERENCING_COL_NAME",
            "REF_GENERATION"),
        rows);
  }

  @Override
  public MetaResultSet getColumns(
      ConnectionHandle ch,
      String catalog,
      Pat schemaPattern,
      Pat tableNamePattern,
      Pat columnNamePattern) {
    List<Object[]> rows = new ArrayList<>();
    for (Object[] entry : relations()) {
      String schema = (String) entry[0];
      RelationDefinition relation = (RelationDefinition) entry[1];
      if (schemaMatches(catalog, schemaPattern, schema)) {
        if (!matches(tableNamePattern, relation.name())) {
          continue;
        }
        int ordinal = 1;
        for (Column column : relation.columns()) {
          if (matches(columnNamePattern, column.name())) {
            int nullable =
                column.nullable()
                    ? DatabaseMetaData.columnNullable
                    : DatabaseMetaData.columnNoNulls;
            rows.add(
                new Object[] {
                  CATALOG,
                  schema,
                  relation.name(),
                  column.name(),
                  JdbcTypes.sqlType(column.type()),
                  column.type().name(),
                  column.precision() >= 0 ? column.precision() : null,
                  null,
                  column.scale() >= 0 ? column.scale() : null,
                  10,
                  nullable,
                  null,
                  null,
                  null,
                  null,
                  null,
                  ordinal,
                  column.nullable() ? "YES" : "NO",
                  null,
                  null,
                  null,
                  null,
                  "NO",
                  "NO"
                });
          }
          ordinal++;
        }
      }
    }
    List<Column> columns =
        new ArrayList<>(varcharColumns("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME"));
    columns.add(Column.of("DATA_TYPE", ColumnType.INTEGER));
    columns.add(Column.of("TYPE_NAME", ColumnType.VARCHAR));
    columns.add(Column.of("COLUMN_SIZE", ColumnType.INTEGER));
    columns.add(Column.of("BUFFER_LENGTH", ColumnType.INTEGER));
    columns.add(Column.of("DECIMAL_DIGITS", ColumnType.INTEGER));
    columns.add(Column.of("NUM_PREC_RADIX", ColumnType.INTEGER));
    columns.add(Column.of("NULLABLE", ColumnType.INTEGER));
    columns.addAll(varcharColumns("REMARKS", "COLUMN_DEF"));
    columns.add(Column.of("SQL_DATA_TYPE", ColumnType.INTEGER));
    columns.add(Column.of("SQL_DATETIME_SUB", ColumnType.INTEGER));
    columns.add(Column.of("CHAR_OCTET_LENGTH", ColumnType.INTEGER));
    columns.add(Column.of("ORDINAL_POSITION", ColumnType.INTEGER));
    columns.addAll(varcharColumns("IS_NULLABLE", "SCOPE_CATALOG", "SCOPE_SCHEMA", "SCOPE_TABLE"));
    columns.add(Column.of("SOURCE_DATA_TYPE", ColumnType.SMALLINT));
    columns.addAll(varcharColumns("IS_AUTOINCREMENT", "IS_GENERATEDCOLUMN"));
    return metaResultSet(ch, columns, rows);
  }

  @Override
  public MetaResultSet getPrimaryKeys(
      ConnectionHandle ch, String catalog, String schema, String table) {
    List<Object[]> rows = new ArrayList<>();
    for (RelationDefinition relation : engine.catalog().list()) {
      if (table == null || relation.name().equalsIgnoreCase(table)) {
        int sequence = 1;
        for (String key : relation.primaryKey()) {
          rows.add(new Object[] {CATALOG, SCHEMA, relation.name(), key, sequence++, null});
        }
      }
    }
    List<Column> columns =
        new ArrayList<>(varcharColumns("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME"));
    columns.add(Column.of("KEY_SEQ", ColumnType.SMALLINT));
    columns.add(Column.of("PK_NAME", ColumnType.VARCHAR));
    return metaResultSet(ch, columns, rows);
  }

  private MetaResultSet empty(ConnectionHandle ch, String... columns) {
    return metaResultSet(ch, varcharColumns(columns), List.of());
  }

  @Override
  public MetaResultSet getProcedures(
      ConnectionHandle ch, String catalog, Pat schemaPattern, Pat procedureNamePattern) {
    return empty(
        ch,
        "PROCEDURE_CAT",
        "PROCEDURE_SCHEM",
        "PROCEDURE_NAME",
        "REMARKS",
        "PROCEDURE_TYPE",
        "SPECIFIC_NAME");
  }

  @Override
  public MetaResultSet getProcedureColumns(
      ConnectionHandle ch,
      String catalog,
      Pat schemaPattern,
      Pat procedureNamePattern,
      Pat columnNamePattern) {
    return empty(ch, "PROCEDURE_CAT", "PROCEDURE_SCHEM", "PROCEDURE_NAME", "COLUMN_NAME");
  }

  @Override
  public MetaResultSet getColumnPrivileges(
      ConnectionHandle ch, String catalog, String schema, String table, Pat columnNamePattern) {
    return empty(
        ch,
        "TABLE_CAT",
        "TABLE_SCHEM",
        "TABLE_NAME",
        "COLUMN_NAME",
        "GRANTOR",
        "GRANTEE",
        "PRIVILEGE",
        "IS_GRANTABLE");
  }

  @Override
  public MetaResultSet getTablePrivileges(
      ConnectionHandle ch, String catalog, Pat schemaPattern, Pat tableNamePattern) {
    return empty(
        ch,
        "TABLE_CAT",
        "TABLE_SCHEM",
        "TABLE_NAME",
        "GRANTOR",
        "GRANTEE",
        "PRIVILEGE",
        "IS_GRANTABLE");
  }

  @Override
  public MetaResultSet getBestRowIdentifier(
      ConnectionHandle ch,
      String catalog,
      String schema,
      String table,
      int scope,
      boolean nullable) {
    return empty(ch, "SCOPE", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME");
  }

  @Override
  public MetaResultSet getVersionColumns(
      ConnectionHandle ch, String catalog, String schema, String table) {
    return empty(ch, "SCOPE", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME");
  }

  @Override
  public MetaResultSet getImportedKeys(
      ConnectionHandle ch, String catalog, String schema, String table) {
    return empty(ch, "PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME", "PKCOLUMN_NAME");
  }

  @Override
  public MetaResultSet getExportedKeys(
      ConnectionHandle ch, String catalog, String schema, String table) {
    return empty(ch, "PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME", "PKCOLUMN_NAME");
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
    return empty(ch, "PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME", "PKCOLUMN_NAME");
  }

  @Override
  public MetaResultSet getTypeInfo(ConnectionHandle ch) {
    List<Object[]> rows = new ArrayList<>();
    for (ColumnType type : ColumnType.values()) {
      rows.add(new Object[] {type.name(), JdbcTypes.sqlType(type)});
    }
    return metaResultSet(
        ch,
        List.of(
            Column.of("TYPE_NAME", ColumnType.VARCHAR), Column.of("DATA_TYPE", ColumnType.INTEGER)),
        rows);
  }

  @Override
  public MetaResultSet getIndexInfo(
      ConnectionHandle ch,
      String catalog,
      String schema,
      String table,
      boolean unique,
      boolean approximate) {
    return empty(
        ch,
        "TABLE_CAT",
        "TABLE_SCHEM",
        "TABLE_NAME",
        "NON_UNIQUE",
        "INDEX_QUALIFIER",
        "INDEX_NAME");
  }

  @Override
  public MetaResultSet getUDTs(
      ConnectionHandle ch, String catalog, Pat schemaPattern, Pat typeNamePattern, int[] types) {
    return empty(ch, "TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "CLASS_NAME");
  }

  @Override
  public MetaResultSet getSuperTypes(
      ConnectionHandle ch, String catalog, Pat schemaPattern, Pat typeNamePattern) {
    return empty(ch, "TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME");
  }

  @Override
  public MetaResultSet getSuperTables(
      ConnectionHandle ch, String catalog, Pat schemaPattern, Pat tableNamePattern) {
    return empty(ch, "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "SUPERTABLE_NAME");
  }

  @Override
  public MetaResultSet getAttributes(
      ConnectionHandle ch,
      String catalog,
      Pat schemaPattern,
      Pat typeNamePattern,
      Pat attributeNamePattern) {
    return empty(ch, "TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "ATTR_NAME");
  }

  @Override
  public MetaResultSet getClientInfoProperties(ConnectionHandle ch) {
    return empty(ch, "NAME", "MAX_LEN", "DEFAULT_VALUE", "DESCRIPTION");
  }

  @Override
  public MetaResultSet getFunctions(
      ConnectionHandle ch, String catalog, Pat schemaPattern, Pat functionNamePattern) {
    java.util.TreeSet<String> names = new java.util.TreeSet<>();
    for (org.apache.calcite.sql.SqlOperator operator :
        org.apache.calcite.sql.util.SqlOperatorTables.chain(
                org.apache.calcite.sql.fun.SqlStdOperatorTable.instance(),
                io.sluice.sql.function.SluiceFunctions.operatorTable())
            .getOperatorList()) {
      if (operator instanceof org.apache.calcite.sql.SqlFunction
          && matches(functionNamePattern, operator.getName())) {
        names.add(operator.getName());
      }
    }
    List<Object[]> rows = new ArrayList<>();
    for (String name : names) {
      rows.add(
          new Object[] {
            CATALOG, SCHEMA, name, null, (short) DatabaseMetaData.functionResultUnknown, name
          });
    }
    List<Column> columns =
        new ArrayList<>(
            varcharColumns("FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "REMARKS"));
    columns.add(Column.of("FUNCTION_TYPE", ColumnType.SMALLINT));
    columns.add(Column.of("SPECIFIC_NAME", ColumnType.VARCHAR));
    return metaResultSet(ch, columns, rows);
  }

  @Override
  public MetaResultSet getFunctionColumns(
      ConnectionHandle ch,
      String catalog,
      Pat schemaPattern,
      Pat functionNamePattern,
      Pat columnNamePattern) {
    return empty(ch, "FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "COLUMN_NAME");
  }

  @Override
  public MetaResultSet getPseudoColumns(
      ConnectionHandle ch,
      String catalog,
      Pat schemaPattern,
      Pat tableNamePattern,
      Pat columnNamePattern) {
    return empty(ch, "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME");
  }
}
