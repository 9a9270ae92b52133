package io.sluice.server;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.FunctionDefinition;
import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.RelationDefinitions;
import io.sluice.catalog.RelationKind;
import io.sluice.catalog.SinkDefinition;
import io.sluice.catalog.WatermarkSpec;
import io.sluice.connector.DeadLetterStore;
import io.sluice.connector.SourceOpeners;
import io.sluice.connector.sink.Sinks;
import io.sluice.error.SluiceErrors;
import io.sluice.exec.checkpoint.CheckpointLog;
import io.sluice.exec.checkpoint.QueryMetadata;
import io.sluice.exec.driver.BatchProgress;
import io.sluice.exec.driver.ChangelogColumns;
import io.sluice.exec.driver.Durability;
import io.sluice.exec.driver.QueryManager;
import io.sluice.exec.driver.RunningQuery;
import io.sluice.exec.driver.Trigger;
import io.sluice.exec.view.ResultTable;
import io.sluice.exec.view.ResultTableSink;
import io.sluice.plan.PlannedQuery;
import io.sluice.plan.QueryPlanner;
import io.sluice.plan.physical.OutputMode;
import io.sluice.plan.schema.SystemTables;
import io.sluice.plan.schema.ViewTable;
import io.sluice.spi.connector.DeadLetter;
import io.sluice.spi.connector.StreamSink;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import io.sluice.sql.SluiceSqlParser;
import io.sluice.sql.SqlCreateFunction;
import io.sluice.sql.SqlCreateMaterializedView;
import io.sluice.sql.SqlCreateRelation;
import io.sluice.sql.SqlCreateSink;
import io.sluice.sql.SqlCreateView;
import io.sluice.sql.SqlDropObject;
import io.sluice.sql.SqlEmit;
import io.sluice.sql.SqlShowObjects;
import io.sluice.sql.SqlStopQuery;
import io.sluice.sql.SqlText;
import io.sluice.sql.SqlTrigger;
import io.sluice.sql.function.SluiceFunctions;
import io.sluice.sql.function.UserFunctions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDescribeTable;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSetOption;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.parser.SqlParserUtil;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.util.NlsString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's statement executor: parses a statement, runs DDL against the catalog, answers SHOW /
 * DESCRIBE / EXPLAIN, and plans and starts queries. Every failure a user can cause comes back as a
 * {@link SluiceException} naming the problem and, where there is one, its position.
 */
public final class SluiceEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SluiceEngine.class);

  /** Version of the plan a checkpoint was written with; bump when plans change incompatibly. */
  private static final int PLAN_VERSION = 1;

  // a batch in flight finishes before the query ends; long enough for a big one, bounded anyway
  private static final long SINK_STOP_TIMEOUT_MILLIS = 60_000;

  private final SluiceConfig config;
  private final Catalog catalog;
  private final DeadLetterStore deadLetters;
  private final QueryManager queries;
  private final StatementPermissions permissions;
  private final Map<String, ResultTable> views = new java.util.concurrent.ConcurrentHashMap<>();

  public SluiceEngine(SluiceConfig config) {
    this.config = requireNonNull(config, "config is null");
    this.catalog = Catalog.open(config.dataDirectory());
    this.deadLetters = DeadLetterStore.open(config.dataDirectory().resolve("dead-letters"));
    this.queries =
        new QueryManager(
            new SourceOpeners(
                config.filesBaseDirectory(),
                deadLetters,
                this::systemRows,
                name -> views.get(name.toLowerCase(Locale.ROOT)),
                name -> catalog.find(name)),
            config.idlePoll(),
            config.abandonTimeout(),
            config.maxRunningPerUser());
    this.permissions = new StatementPermissions(queries);
    for (RelationDefinition view : catalog.list(RelationKind.MATERIALIZED_VIEW)) {
      try {
        startView(view);
      } catch (RuntimeException e) {
        LOG.error("Cannot start materialized view {}: {}", view.name(), e.getMessage(), e);
      }
    }
    for (SinkDefinition sink : catalog.sinks()) {
      try {
        startSink(sink);
      } catch (RuntimeException e) {
        LOG.error("Cannot resume persistent query {}: {}", sink.name(), e.getMessage(), e);
      }
    }
  }

  public SluiceConfig config() {
    return config;
  }

  public Catalog catalog() {
    return catalog;
  }

  public QueryManager queries() {
    return queries;
  }

  /** Executes one statement for {@code session}. */
  public StatementResult execute(Session session, String sql) {
    try {
      return executeParsed(session, parse(sql), sql);
    } catch (CalciteContextException e) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, e.getMessage(), e);
    } catch (SluiceException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new SluiceException(ErrorCode.INVALID_OPTION, e.getMessage(), e);
    } catch (RuntimeException e) {
      LOG.error("Internal error executing statement", e);
      throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Internal error: " + e, e);
    }
  }

  private static SqlNode parse(String sql) {
    try {
      return SluiceSqlParser.parseStatement(sql);
    } catch (SqlParseException e) {
      throw new SluiceException(ErrorCode.SYNTAX_ERROR, syntaxMessage(e), e);
    }
  }

  /** Calcite's first line names the token and position; the list of expected tokens is noise. */
  static String syntaxMessage(SqlParseException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    int newline = message.indexOf('\n');
    String first = newline < 0 ? message : message.substring(0, newline);
    SqlParserPos pos = e.getPos();
    if (pos != null && !first.contains("line " + pos.getLineNum())) {
      first = first + " (at line " + pos.getLineNum() + ", column " + pos.getColumnNum() + ")";
    }
    return "Syntax error: " + first.trim();
  }

  private StatementResult executeParsed(Session session, SqlNode node, String sql) {
    permissions.check(session, node);
    if (node instanceof SqlCreateRelation) {
      return create((SqlCreateRelation) node, sql);
    }
    if (node instanceof SqlDropObject) {
      return drop((SqlDropObject) node);
    }
    if (node instanceof SqlShowObjects) {
      return show((SqlShowObjects) node);
    }
    if (node instanceof SqlDescribeTable) {
      return describe((SqlDescribeTable) node);
    }
    if (node instanceof SqlSetOption) {
      return set(session, (SqlSetOption) node);
    }
    if (node instanceof SqlExplain) {
      return explain((SqlExplain) node, sql);
    }
    if (node instanceof SqlStopQuery) {
      return stopQuery((SqlStopQuery) node);
    }
    if (node instanceof SqlCreateMaterializedView) {
      return createMaterializedView(session, (SqlCreateMaterializedView) node, sql);
    }
    if (node instanceof SqlCreateView) {
      return createView((SqlCreateView) node, sql);
    }
    if (node instanceof SqlCreateSink) {
      return createSink(session, (SqlCreateSink) node, sql);
    }
    if (node instanceof SqlCreateFunction) {
      return createFunction((SqlCreateFunction) node, sql);
    }
    if (node instanceof SqlInsert) {
      return insertInto(session, (SqlInsert) node, sql);
    }
    if (node.getKind().belongsTo(SqlKind.QUERY)) {
      return query(session, node, sql);
    }
    String statement =
        node instanceof SqlCall
            ? ((SqlCall) node).getOperator().getName()
            : node.getKind().sql.replace('_', ' ');
    throw SluiceErrors.unsupportedStatement(node.getParserPosition(), statement);
  }

  private StatementResult createSink(Session session, SqlCreateSink create, String sql) {
    String name = create.name().toString();
    if (catalog.findSink(name).isPresent()) {
      if (create.ifNotExists()) {
        return new StatementResult.Update(0);
      }
      throw SluiceErrors.relationExists(create.name().getParserPosition(), "Sink", name);
    }
    Map<String, String> options = create.options();
    SqlEmit emit = create.emit();
    String mode =
        emit != null && emit.outputMode() != null
            ? emit.outputMode().name().toLowerCase(Locale.ROOT)
            : options.getOrDefault("output.mode", session.get("output.mode", "auto"));
    String trigger =
        emit != null && emit.trigger() != null
            ? triggerText(emit.trigger())
            : options.getOrDefault("trigger", session.get("trigger", config.defaultTrigger()));
    SinkDefinition sink =
        new SinkDefinition(
            name, queryText(sql, create.query()), options, mode, trigger, sql.strip());
    startSink(sink);
    catalog.addSink(sink);
    return new StatementResult.Update(0);
  }

  /**
   * Checks the function's class now, so a typo fails here rather than in the first query, and keeps
   * the function in the catalog; queries load the class when they are planned.
   */
  private StatementResult createFunction(SqlCreateFunction create, String sql) {
    String name = create.name().toString();
    if (create.getReplace() && create.ifNotExists()) {
      throw SluiceErrors.invalidDdl(
          create.getParserPosition(), "CREATE OR REPLACE FUNCTION cannot also say IF NOT EXISTS");
    }
    if (!create.name().isSimple()) {
      throw SluiceErrors.invalidDdl(
          create.name().getParserPosition(),
          "A function's name is a single identifier, not '" + name + "'");
    }
    for (SqlOperator operator :
        SqlOperatorTables.chain(SqlStdOperatorTable.instance(), SluiceFunctions.operatorTable())
            .getOperatorList()) {
      if (operator instanceof SqlFunction && operator.getName().equalsIgnoreCase(name)) {
        throw SluiceErrors.builtInFunction(create.name().getParserPosition(), name);
      }
    }
    Optional<FunctionDefinition> existing = catalog.findFunction(name);
    if (existing.isPresent() && !create.getReplace()) {
      if (create.ifNotExists()) {
        return new StatementResult.Update(0);
      }
      throw SluiceErrors.relationExists(
          create.name().getParserPosition(), "Function", existing.get().name());
    }
    UserFunctions.evalMethods(name, create.className(), create.classLiteral().getParserPosition());
    String canonical = existing.map(FunctionDefinition::name).orElse(name);
    if (!catalog.addFunction(
        new FunctionDefinition(canonical, create.className(), sql.strip()), create.getReplace())) {
      throw SluiceErrors.relationExists(create.name().getParserPosition(), "Function", name);
    }
    return new StatementResult.Update(0);
  }

  private StatementResult createMaterializedView(
      Session session, SqlCreateMaterializedView create, String sql) {
    String name = create.name().toString();
    if (catalog.find(name).isPresent()) {
      if (create.ifNotExists()) {
        return new StatementResult.Update(0);
      }
      throw SluiceErrors.relationExists(create.name().getParserPosition(), "Relation", name);
    }
    SqlEmit emit = create.emit();
    String mode =
        emit != null && emit.outputMode() != null
            ? emit.outputMode().name().toLowerCase(Locale.ROOT)
            : session.get("output.mode", "auto");
    String trigger =
        emit != null && emit.trigger() != null
            ? triggerText(emit.trigger())
            : session.get("trigger", config.defaultTrigger());
    String query = queryText(sql, create.query());
    PlannedQuery plan =
        new QueryPlanner(catalog).planPersistent(parse(query), query, OutputMode.parse(mode));
    RelationDefinition view =
        new RelationDefinition(
            name,
            RelationKind.MATERIALIZED_VIEW,
            plan.columns(),
            List.of(),
            null,
            Map.of(
                "connector",
                "materialized-view",
                "query",
                query,
                "output.mode",
                mode,
                "trigger",
                trigger),
            sql.strip());
    startView(view);
    catalog.add(view);
    return new StatementResult.Update(0);
  }

  /**
   * Checks a plain view's query and keeps it in the catalog; queries reading the view expand it. OR
   * REPLACE replaces only a view, never a stream or table of that name.
   */
  private StatementResult createView(SqlCreateView create, String sql) {
    String name = create.name().toString();
    if (create.getReplace() && create.ifNotExists()) {
      throw SluiceErrors.invalidDdl(
          create.getParserPosition(), "CREATE OR REPLACE VIEW cannot also say IF NOT EXISTS");
    }
    Optional<RelationDefinition> existing = catalog.find(name);
    if (existing.isPresent()) {
      if (create.ifNotExists()) {
        return new StatementResult.Update(0);
      }
      if (!create.getReplace()) {
        throw SluiceErrors.relationExists(
            create.name().getParserPosition(),
            capitalize(existing.get().kind().word()),
            existing.get().name());
      }
      if (existing.get().kind() != RelationKind.VIEW) {
        throw SluiceErrors.wrongKind(
            create.name().getParserPosition(),
            existing.get().name(),
            existing.get().kind().word(),
            RelationKind.VIEW.word());
      }
    }
    // Sliced before validation, which rewrites the query's nodes in place.
    String query = queryText(sql, create.query());
    List<Column> columns =
        new QueryPlanner(catalog).viewColumns(name, create.query(), create.columnList());
    String canonical = existing.map(RelationDefinition::name).orElse(name);
    RelationDefinition view = RelationDefinitions.view(canonical, columns, query, sql.strip());
    // Another session may have dropped or declared the name meanwhile.
    if (!(existing.isPresent() && catalog.replace(view) || catalog.add(view))) {
      throw SluiceErrors.relationExists(create.name().getParserPosition(), "Relation", name);
    }
    return new StatementResult.Update(0);
  }

  /**
   * Runs a materialized view's query into a result table in memory, checkpointed as a sink's query
   * is: after a restart the table comes back as of its last committed batch and the query resumes
   * from its checkpoint. A view created anew (or replaced by a different query) starts from an
   * empty checkpoint.
   */
  private void startView(RelationDefinition view) {
    String query = view.options().get("query");
    QueryPlanner planner = new QueryPlanner(catalog);
    PlannedQuery plan =
        planner.planPersistent(
            parse(query), query, OutputMode.parse(view.options().get("output.mode")));
    ResultTable table = new ResultTable(view.columns(), plan.uniqueKey());
    java.nio.file.Path checkpoint = viewCheckpoint(view.name());
    CheckpointLog log = new CheckpointLog(checkpoint);
    String identity =
        query
            + "\n-- output.mode="
            + view.options().get("output.mode")
            + ", trigger="
            + view.options().get("trigger");
    Optional<QueryMetadata> existing = log.readMetadata();
    if (existing.isPresent() && !existing.get().sql().equals(identity)) {
      deleteRecursively(checkpoint);
      log = new CheckpointLog(checkpoint);
    }
    ResultTableSink sink = new ResultTableSink(table, checkpoint);
    log.writeMetadata(new QueryMetadata(view.name(), identity, PLAN_VERSION));
    views.put(view.name().toLowerCase(Locale.ROOT), table);
    queries.startPersistent(
        view.name(),
        plan,
        Trigger.parse(view.options().get("trigger")),
        new Durability(log, sink),
        planner.typeFactory());
  }

  private java.nio.file.Path viewCheckpoint(String name) {
    return config.dataDirectory().resolve("checkpoints").resolve("view-" + name);
  }

  private StatementResult insertInto(Session session, SqlInsert insert, String sql) {
    String target = insert.getTargetTable().toString();
    RelationDefinition stream =
        catalog
            .find(target)
            .orElseThrow(
                () ->
                    SluiceErrors.relationNotFound(
                        insert.getTargetTable().getParserPosition(), "Stream", target));
    if (stream.kind() != RelationKind.STREAM
        || !stream.connector().equals("files") && !stream.connector().equals("kafka")) {
      throw SluiceErrors.invalidDdl(
          insert.getTargetTable().getParserPosition(),
          "INSERT INTO needs a stream with connector 'files' or 'kafka' to write to; '"
              + stream.name()
              + "' is a "
              + stream.kind().word()
              + " with connector '"
              + stream.connector()
              + "'");
    }
    int number = 1;
    while (catalog.findSink(stream.name() + "_insert_" + number).isPresent()) {
      number++;
    }
    Map<String, String> options = new java.util.HashMap<>(stream.options());
    options.put("sluice.insert-into", stream.name());
    SinkDefinition sink =
        new SinkDefinition(
            stream.name() + "_insert_" + number,
            queryText(sql, insert.getSource()),
            options,
            session.get("output.mode", "auto"),
            session.get("trigger", config.defaultTrigger()),
            sql.strip());
    startSink(sink);
    catalog.addSink(sink);
    return new StatementResult.Update(0);
  }

  /**
   * The query's own text: kept as written, because Calcite's unparsing of group windows ({@code
   * $TUMBLE}) and their auxiliary functions does not parse back to the same query.
   */
  private static String queryText(String sql, SqlNode query) {
    SqlParserPos pos =
        query instanceof SqlOrderBy
            ? ((SqlOrderBy) query).getParserPosition()
            : query.getParserPosition();
    String text = SqlText.slice(sql, pos);
    try {
      SluiceSqlParser.parseStatement(text);
      return text;
    } catch (SqlParseException e) {
      // The node's span can miss a trailing clause; fall back to Calcite's own rendering.
      return query.toSqlString(c -> c.withDialect(CalciteSqlDialect.DEFAULT)).getSql();
    }
  }

  private static String triggerText(SqlTrigger trigger) {
    switch (trigger.kind()) {
      case ONCE:
        return "once";
      case AVAILABLE_NOW:
        return "available-now";
      default:
        SqlIntervalLiteral.IntervalValue interval =
            (SqlIntervalLiteral.IntervalValue) trigger.interval().getValue();
        return "processing-time:" + SqlParserUtil.intervalToMillis(interval) + "ms";
    }
  }

  /** Plans a sink's query, opens its sink and checkpoint, and starts it (resuming if it can). */
  private RunningQuery startSink(SinkDefinition sink) {
    QueryPlanner planner = new QueryPlanner(catalog);
    SqlNode query = parse(sink.query());
    PlannedQuery plan =
        planner.planPersistent(query, sink.query(), OutputMode.parse(sink.outputMode()));
    List<Column> columns = plan.columns();
    String insertInto = sink.options().get("sluice.insert-into");
    if (insertInto != null) {
      columns = targetColumns(catalog.find(insertInto).orElseThrow(), columns);
    }
    StreamSink target =
        Sinks.create(sink.name(), columns, sink.options(), config.filesBaseDirectory());
    CheckpointLog log =
        new CheckpointLog(config.dataDirectory().resolve("checkpoints").resolve(sink.name()));
    Optional<QueryMetadata> existing = log.readMetadata();
    if (existing.isPresent() && !existing.get().sql().equals(sink.query())) {
      throw new SluiceException(
          ErrorCode.QUERY_FAILED,
          "Checkpoint "
              + log.directory()
              + " belongs to a different query: "
              + existing.get().sql());
    }
    if (existing.isEmpty()) {
      // before the metadata: a crash in between leaves the checkpoint fresh, so this runs again
      target.startFresh();
    }
    log.writeMetadata(new QueryMetadata(sink.name(), sink.query(), PLAN_VERSION));
    return queries.startPersistent(
        sink.name(),
        plan,
        Trigger.parse(sink.trigger()),
        new Durability(log, target),
        planner.typeFactory());
  }

  /** INSERT INTO writes the target's columns, by position. */
  private static List<Column> targetColumns(RelationDefinition target, List<Column> produced) {
    if (target.columns().size() != produced.size()) {
      throw new SluiceException(
          ErrorCode.VALIDATION_ERROR,
          "INSERT INTO "
              + target.name()
              + " gives "
              + produced.size()
              + " columns; the stream has "
              + target.columns().size());
    }
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < produced.size(); i++) {
      Column column = produced.get(i);
      columns.add(
          new Column(
              target.columns().get(i).name(),
              column.type(),
              column.precision(),
              column.scale(),
              column.nullable()));
    }
    return columns;
  }

  private StatementResult stopQuery(SqlStopQuery stop) {
    if (queries.find(stop.queryId()).isEmpty()) {
      throw SluiceErrors.relationNotFound(stop.getParserPosition(), "Query", stop.queryId());
    }
    queries.stop(stop.queryId());
    return new StatementResult.Update(0);
  }

  private StatementResult create(SqlCreateRelation create, String sql) {
    if (create.getReplace()) {
      throw SluiceErrors.unsupportedStatement(create.getParserPosition(), "CREATE OR REPLACE");
    }
    RelationDefinition definition = RelationDefinitions.fromDdl(create, sql.strip());
    SourceOpeners.validate(definition, config.filesBaseDirectory());
    if (!catalog.add(definition)) {
      if (create.ifNotExists()) {
        return new StatementResult.Update(0);
      }
      RelationDefinition existing = catalog.find(definition.name()).orElseThrow();
      throw SluiceErrors.relationExists(
          create.name().getParserPosition(), capitalize(existing.kind().word()), existing.name());
    }
    return new StatementResult.Update(0);
  }

  private StatementResult drop(SqlDropObject drop) {
    String name = drop.name().toString();
    if (drop.kind() == SqlDropObject.ObjectKind.SINK) {
      if (catalog.findSink(name).isEmpty()) {
        if (drop.ifExists()) {
          return new StatementResult.Update(0);
        }
        throw SluiceErrors.relationNotFound(drop.name().getParserPosition(), "Sink", name);
      }
      String canonical = catalog.findSink(name).get().name();
      awaitStopped(canonical);
      catalog.removeSink(canonical);
      deleteRecursively(config.dataDirectory().resolve("checkpoints").resolve(canonical));
      return new StatementResult.Update(0);
    }
    if (drop.kind() == SqlDropObject.ObjectKind.FUNCTION) {
      // Queries running already keep their compiled code and go on calling the class.
      if (!catalog.removeFunction(name)) {
        if (drop.ifExists()) {
          return new StatementResult.Update(0);
        }
        throw SluiceErrors.relationNotFound(drop.name().getParserPosition(), "Function", name);
      }
      return new StatementResult.Update(0);
    }
    if (drop.kind() == SqlDropObject.ObjectKind.MATERIALIZED_VIEW) {
      Optional<RelationDefinition> view =
          catalog.find(name).filter(r -> r.kind() == RelationKind.MATERIALIZED_VIEW);
      if (view.isEmpty()) {
        if (drop.ifExists()) {
          return new StatementResult.Update(0);
        }
        throw SluiceErrors.relationNotFound(
            drop.name().getParserPosition(), "Materialized view", name);
      }
      awaitStopped(view.get().name());
      catalog.remove(view.get().name());
      views.remove(view.get().name().toLowerCase(Locale.ROOT));
      deleteRecursively(viewCheckpoint(view.get().name()));
      return new StatementResult.Update(0);
    }
    // As in Flink, nothing keeps a stream, table or view that views read from being dropped:
    // reading such a view fails afterwards, naming it and what it misses.
    RelationKind wanted =
        drop.kind() == SqlDropObject.ObjectKind.STREAM
            ? RelationKind.STREAM
            : drop.kind() == SqlDropObject.ObjectKind.TABLE
                ? RelationKind.TABLE
                : RelationKind.VIEW;
    Optional<RelationDefinition> existing = catalog.find(name);
    if (existing.isEmpty()) {
      if (drop.ifExists()) {
        return new StatementResult.Update(0);
      }
      throw SluiceErrors.relationNotFound(
          drop.name().getParserPosition(), capitalize(wanted.word()), name);
    }
    if (existing.get().kind() != wanted) {
      throw SluiceErrors.wrongKind(
          drop.name().getParserPosition(),
          existing.get().name(),
          existing.get().kind().word(),
          wanted.word());
    }
    catalog.remove(name);
    return new StatementResult.Update(0);
  }

  /**
   * Stops a sink's query and waits until it has ended: its last batch and its sink's final flush
   * must not land in a checkpoint or folder that a sink created next under the same name uses.
   */
  private void awaitStopped(String sinkName) {
    Optional<RunningQuery> query = queries.find(sinkName);
    if (query.isEmpty()) {
      return;
    }
    queries.stop(sinkName);
    try {
      if (!query.get().awaitEnd(SINK_STOP_TIMEOUT_MILLIS)) {
        throw new SluiceException(
            ErrorCode.QUERY_FAILED,
            "Query "
                + sinkName
                + " did not stop "
                + "within "
                + SINK_STOP_TIMEOUT_MILLIS / 1000
                + " s (a batch is still running); it is "
                + "cancelled and kept, run the DROP again once it shows CANCELLED");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SluiceException(
          ErrorCode.QUERY_FAILED,
          "Interrupted while query "
              + sinkName
              + " was stopping; it is cancelled and kept, run the DROP again");
    }
  }

  private StatementResult show(SqlShowObjects show) {
    switch (show.kind()) {
      case STREAMS:
        return systemTable(SystemTables.STREAMS);
      case TABLES:
        return systemTable(SystemTables.TABLES);
      case QUERIES:
        return systemTable(SystemTables.QUERIES);
      case FUNCTIONS:
        return functions();
      case SINKS:
        return sinks();
      case MATERIALIZED_VIEWS:
        return materializedViews();
      case VIEWS:
        return systemTable(SystemTables.VIEWS);
      default:
        throw new IllegalStateException("Unknown SHOW " + show.kind().keywords());
    }
  }

  private StatementResult systemTable(RelationDefinition table) {
    List<Column> columns = table.columns();
    List<Object[]> rows = systemRows(table.name());
    // SHOW lists; the full DDL text is for sys.streams / sys.tables and DESCRIBE readers.
    if (columns.get(columns.size() - 1).name().equals("ddl")) {
      columns = columns.subList(0, columns.size() - 1);
      rows = rows.stream().map(r -> java.util.Arrays.copyOf(r, r.length - 1)).toList();
    }
    return new StatementResult.Rows(columns, new StaticRows(rows));
  }

  private StatementResult materializedViews() {
    List<Object[]> rows = new ArrayList<>();
    for (RelationDefinition view : catalog.list(RelationKind.MATERIALIZED_VIEW)) {
      String state = queries.find(view.name()).map(q -> q.state().name()).orElse("NOT RUNNING");
      ResultTable table = views.get(view.name().toLowerCase(Locale.ROOT));
      rows.add(
          new Object[] {
            view.name(),
            view.options().get("output.mode"),
            state,
            table == null ? null : (long) table.snapshot().size(),
            view.options().get("query")
          });
    }
    return new StatementResult.Rows(
        List.of(
            Column.of("name", ColumnType.VARCHAR),
            Column.of("output_mode", ColumnType.VARCHAR),
            Column.of("state", ColumnType.VARCHAR),
            Column.of("rows", ColumnType.BIGINT),
            Column.of("query", ColumnType.VARCHAR)),
        new StaticRows(rows));
  }

  private StatementResult sinks() {
    List<Object[]> rows = new ArrayList<>();
    for (SinkDefinition sink : catalog.sinks()) {
      String state = queries.find(sink.name()).map(q -> q.state().name()).orElse("NOT RUNNING");
      rows.add(
          new Object[] {
            sink.name(),
            sink.options().get("connector"),
            sink.options().get("path"),
            sink.outputMode(),
            sink.trigger(),
            state,
            sink.query()
          });
    }
    return new StatementResult.Rows(
        List.of(
            Column.of("name", ColumnType.VARCHAR),
            Column.of("connector", ColumnType.VARCHAR),
            Column.of("path", ColumnType.VARCHAR),
            Column.of("output_mode", ColumnType.VARCHAR),
            Column.of("trigger", ColumnType.VARCHAR),
            Column.of("state", ColumnType.VARCHAR),
            Column.of("query", ColumnType.VARCHAR)),
        new StaticRows(rows));
  }

  private StatementResult functions() {
    java.util.TreeSet<String> names = new java.util.TreeSet<>();
    for (SqlOperator operator : SqlStdOperatorTable.instance().getOperatorList()) {
      if (operator instanceof SqlFunction) {
        names.add(operator.getName());
      }
    }
    for (SqlOperator operator : SluiceFunctions.operatorTable().getOperatorList()) {
      names.add(operator.getName());
    }
    for (FunctionDefinition function : catalog.functions()) {
      names.add(function.name());
    }
    List<Object[]> rows = new ArrayList<>();
    for (String name : names) {
      rows.add(new Object[] {name});
    }
    return new StatementResult.Rows(
        List.of(Column.of("name", ColumnType.VARCHAR)), new StaticRows(rows));
  }

  /** Current rows of a system table, as plain Java values. */
  private List<Object[]> systemRows(String table) {
    List<Object[]> rows = new ArrayList<>();
    switch (table) {
      case "streams":
        for (RelationDefinition definition : catalog.list(RelationKind.STREAM)) {
          WatermarkSpec watermark = definition.watermark();
          rows.add(
              new Object[] {
                definition.name(),
                definition.connector(),
                definition.options().get("format"),
                watermark == null ? null : watermark.column(),
                watermark == null ? null : watermark.expression(),
                watermark == null ? null : watermark.lateStream(),
                definition.ddl()
              });
        }
        break;
      case "tables":
        for (RelationDefinition definition : catalog.list(RelationKind.TABLE)) {
          rows.add(
              new Object[] {
                definition.name(),
                definition.connector(),
                definition.options().get("format"),
                definition.primaryKey().isEmpty()
                    ? null
                    : String.join(", ", definition.primaryKey()),
                definition.ddl()
              });
        }
        break;
      case "views":
        for (RelationDefinition definition : catalog.list(RelationKind.VIEW)) {
          rows.add(
              new Object[] {
                definition.name(),
                definition.options().get(ViewTable.QUERY_OPTION),
                definition.ddl()
              });
        }
        break;
      case "queries":
        for (RunningQuery query : queries.list()) {
          List<BatchProgress> progress = query.recentProgress();
          rows.add(
              new Object[] {
                query.id(),
                query.sql(),
                query.state().name(),
                query.isPush(),
                query.trigger().toString(),
                query.startedAtMillis(),
                progress.isEmpty() ? null : progress.get(progress.size() - 1).batchId(),
                query.error(),
                query.startedBy()
              });
        }
        break;
      case "query_progress":
        for (RunningQuery query : queries.list()) {
          for (BatchProgress batch : query.recentProgress()) {
            rows.add(
                new Object[] {
                  batch.queryId(),
                  batch.batchId(),
                  batch.startedAtMillis(),
                  batch.durationMillis(),
                  batch.inputRows(),
                  batch.outputRows(),
                  batch.inputRowsPerSecond(),
                  batch.processedRowsPerSecond(),
                  batch.badRecordsTotal(),
                  batch.watermark(),
                  batch.stateRows(),
                  batch.stateBytes(),
                  batch.lateRowsTotal()
                });
          }
        }
        break;
      case "dead_letters":
        for (DeadLetter letter : deadLetters.list()) {
          rows.add(
              new Object[] {
                letter.relation(),
                letter.sourcePosition(),
                letter.error(),
                letter.raw(),
                letter.receivedMillis()
              });
        }
        break;
      default:
        throw new IllegalStateException("Unknown system table " + table);
    }
    return rows;
  }

  private StatementResult describe(SqlDescribeTable describe) {
    String name = describe.getTable().names.get(describe.getTable().names.size() - 1);
    RelationDefinition definition =
        catalog
            .find(name)
            .orElseThrow(
                () ->
                    SluiceErrors.relationNotFound(
                        describe.getTable().getParserPosition(), "Relation", name));
    List<Object[]> rows = new ArrayList<>();
    for (Column column : definition.columns()) {
      boolean key =
          definition.primaryKey().stream().anyMatch(k -> k.equalsIgnoreCase(column.name()));
      String watermark =
          definition
              .watermarkSpec()
              .filter(w -> w.column().equalsIgnoreCase(column.name()))
              .map(
                  w ->
                      w.expression()
                          + (w.lateStream() == null ? "" : " ON LATE INTO " + w.lateStream()))
              .orElse(null);
      rows.add(new Object[] {column.name(), typeText(column), column.nullable(), key, watermark});
    }
    return new StatementResult.Rows(
        List.of(
            Column.of("column_name", ColumnType.VARCHAR),
            Column.of("type", ColumnType.VARCHAR),
            Column.of("nullable", ColumnType.BOOLEAN),
            Column.of("primary_key", ColumnType.BOOLEAN),
            Column.of("watermark", ColumnType.VARCHAR)),
        new StaticRows(rows));
  }

  private static String typeText(Column column) {
    String type = column.type().name();
    if (column.type() == ColumnType.DECIMAL && column.precision() >= 0) {
      return type + "(" + column.precision() + ", " + Math.max(0, column.scale()) + ")";
    }
    if (column.precision() >= 0
        && (column.type() == ColumnType.VARCHAR || column.type() == ColumnType.TIMESTAMP)) {
      return type + "(" + column.precision() + ")";
    }
    return type;
  }

  private StatementResult set(Session session, SqlSetOption set) {
    String key = set.getName().toString();
    SqlNode value = set.getValue();
    if (value == null) {
      session.reset(key);
      return new StatementResult.Update(0);
    }
    String text = value instanceof SqlLiteral ? literalText((SqlLiteral) value) : value.toString();
    if (key.equalsIgnoreCase("trigger")) {
      Trigger.parse(text);
    } else if (key.equalsIgnoreCase("output.mode")) {
      OutputMode.parse(text);
    }
    session.set(key, text);
    return new StatementResult.Update(0);
  }

  private static String literalText(SqlLiteral literal) {
    Object value = literal.getValue();
    return value instanceof NlsString ? ((NlsString) value).getValue() : literal.toValue();
  }

  private StatementResult explain(SqlExplain explain, String sql) {
    QueryPlanner planner = new QueryPlanner(catalog);
    PlannedQuery plan = planner.plan(explain.getExplicandum(), sql, OutputMode.AUTO);
    List<Object[]> rows = new ArrayList<>();
    for (String line : plan.root().explain().split("\n")) {
      rows.add(new Object[] {line});
    }
    return new StatementResult.Rows(
        List.of(Column.of("plan", ColumnType.VARCHAR)), new StaticRows(rows));
  }

  private StatementResult query(Session session, SqlNode node, String sql) {
    QueryPlanner planner = new QueryPlanner(catalog);
    PlannedQuery plan =
        planner.plan(node, sql.strip(), OutputMode.parse(session.get("output.mode", "auto")));
    Trigger trigger =
        plan.push()
            ? Trigger.parse(session.get("trigger", config.defaultTrigger()))
            : Trigger.AVAILABLE_NOW;
    ChangelogColumns changelog =
        Boolean.parseBoolean(session.get("changelog.columns", "false"))
            ? ChangelogColumns.ENABLED
            : ChangelogColumns.NONE;
    RunningQuery query =
        queries.start(plan, trigger, changelog, planner.typeFactory(), session.principal().name());
    return new StatementResult.Rows(query.columns(), new QueryRows(query, queries));
  }

  private static void deleteRecursively(java.nio.file.Path directory) {
    if (!java.nio.file.Files.exists(directory)) {
      return;
    }
    try (java.util.stream.Stream<java.nio.file.Path> paths = java.nio.file.Files.walk(directory)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (java.io.IOException e) {
      LOG.warn("Cannot delete checkpoint directory {}", directory, e);
    }
  }

  private static String capitalize(String word) {
    return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
  }

  @Override
  public void close() {
    queries.close();
    deadLetters.close();
  }
}
