package io.sluice.server.persistent;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.Durations;
import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.RelationKind;
import io.sluice.catalog.SinkDefinition;
import io.sluice.connector.SourceOpeners;
import io.sluice.exec.checkpoint.CheckpointLog;
import io.sluice.exec.checkpoint.QueryMetadata;
import io.sluice.exec.driver.Durability;
import io.sluice.exec.driver.Failures;
import io.sluice.exec.driver.QueryManager;
import io.sluice.exec.driver.QueryState;
import io.sluice.exec.driver.RetryPolicy;
import io.sluice.exec.driver.RunningQuery;
import io.sluice.exec.driver.Trigger;
import io.sluice.exec.translate.OperatorTranslator;
import io.sluice.exec.view.ResultTable;
import io.sluice.exec.view.ResultTableSink;
import io.sluice.plan.PlannedQuery;
import io.sluice.plan.QueryPlanner;
import io.sluice.plan.metadata.SluiceRelMetadataQuery;
import io.sluice.plan.spec.OutputMode;
import io.sluice.server.config.Parallelism;
import io.sluice.server.config.SluiceConfig;
import io.sluice.spi.connector.SecretOptions;
import io.sluice.spi.connector.SinkInput;
import io.sluice.spi.connector.StreamSink;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import io.sluice.spi.fs.FileNames;
import io.sluice.spi.type.Column;
import io.sluice.sql.SluiceSqlParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queries that run on the server whoever is connected: sinks ({@code CREATE SINK}, {@code
 * INSERT INTO}) and materialized views. Starts them from their checkpoints (at server start, on
 * creation, on {@code RESTART QUERY}), stops them for DROP, and remembers the ones that could not
 * start and why.
 */
public final class PersistentQueries {
  private static final Logger LOG = LoggerFactory.getLogger(PersistentQueries.class);

  /**
   * Version of the plan a checkpoint was written with; bump when plans change incompatibly. 2: the
   * scans of one relation share a source, so offsets hold one entry per relation read (1: per scan;
   * such checkpoints resume without sharing).
   */
  private static final int PLAN_VERSION = 2;

  private static final int FIRST_SHARED_SCANS_VERSION = 2;

  // a batch in flight finishes before the query ends; long enough for a big one, bounded anyway
  private static final long STOP_TIMEOUT_MILLIS = 60_000;

  private final SluiceConfig config;
  private final Catalog catalog;
  private final QueryManager queries;
  private final SourceOpeners sources;
  private final Map<String, ResultTable> views = new ConcurrentHashMap<>();
  private final Map<String, FailedStart> failures = new ConcurrentHashMap<>();
  private final RetryPolicy retryPolicy;
  private final ProgressHistory history;

  public PersistentQueries(
      SluiceConfig config, Catalog catalog, QueryManager queries, SourceOpeners sources) {
    this.config = requireNonNull(config, "config is null");
    this.retryPolicy = config.retryPolicy();
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.queries = requireNonNull(queries, "queries is null");
    this.sources = requireNonNull(sources, "sources is null");
    this.history = new ProgressHistory(config.dataDirectory().resolve("progress"));
    queries.addListener(history);
  }

  /** Starts every materialized view, then every sink, of the catalog; failures are kept. */
  public void startAll() {
    for (RelationDefinition view : catalog.list(RelationKind.MATERIALIZED_VIEW)) {
      tryStart(viewStarter(view));
    }
    for (SinkDefinition sink : catalog.sinks()) {
      tryStart(sinkStarter(sink));
    }
  }

  /** Tries again every query that could not start (after DDL that may have fixed its cause). */
  public void retryFailed() {
    for (FailedStart failed : List.copyOf(failures.values())) {
      Optional<Starter> starter = starter(failed.name());
      if (starter.isEmpty()) {
        failures.remove(key(failed.name()));
      } else {
        tryStart(starter.get());
      }
    }
  }

  /**
   * Starts a query, keeping what keeps it from starting: a passing cause (its sink's folder cannot
   * be written, say) lists it as RETRYING and retries it with backoff; any other as FAILED.
   */
  private void tryStart(Starter starter) {
    try {
      starter.start();
    } catch (RuntimeException e) {
      String cause = SecretOptions.maskSql(Failures.describe(e));
      if (Failures.isTransient(e)) {
        LOG.warn("Persistent query {} cannot start yet, it will retry: {}", starter.name(), cause);
        failures.remove(key(starter.name()));
        startRetrying(starter, e);
        return;
      }
      LOG.error("Cannot start persistent query {}: {}", starter.name(), cause);
      failures.put(
          key(starter.name()),
          new FailedStart(
              starter.name(),
              starter.sql(),
              cause,
              System.currentTimeMillis(),
              starter.createdBy()));
    }
  }

  /**
   * Starts persistent query {@code name} again from its checkpoint: one that failed, was stopped or
   * could not start, or one RETRYING, which makes its next attempt now. Fails, with the cause, if
   * it cannot start now; a passing cause leaves it RETRYING.
   */
  public void restart(String name) {
    Optional<RunningQuery> running = queries.find(name);
    if (running.isPresent() && running.get().state() == QueryState.RUNNING) {
      throw new SluiceException(
          ErrorCode.VALIDATION_ERROR, "Query '" + name + "' is running; STOP QUERY it first");
    }
    if (running.isPresent() && running.get().state() == QueryState.RETRYING) {
      running.get().retryNow();
      return;
    }
    Starter starter =
        starter(name)
            .orElseThrow(
                () ->
                    new SluiceException(
                        ErrorCode.OBJECT_NOT_FOUND,
                        "No sink or materialized view '"
                            + name
                            + "' to restart; RESTART QUERY restarts persistent queries"));
    try {
      starter.start();
    } catch (RuntimeException e) {
      if (!Failures.isTransient(e)) {
        throw e;
      }
      startRetrying(starter, e);
      throw new SluiceException(
          ErrorCode.QUERY_FAILED,
          "Query '"
              + name
              + "' cannot resume yet: "
              + SecretOptions.maskSql(Failures.describe(e))
              + ". It retries by itself (sys.queries shows RETRYING and its next attempt)",
          e);
    }
  }

  private Optional<Starter> starter(String name) {
    Optional<SinkDefinition> sink = catalog.findSink(name);
    if (sink.isPresent()) {
      return Optional.of(sinkStarter(sink.get()));
    }
    return catalog
        .find(name)
        .filter(r -> r.kind() == RelationKind.MATERIALIZED_VIEW)
        .map(this::viewStarter);
  }

  /**
   * How to start one persistent query: its name, text, trigger and creator (null if not recorded),
   * and how to open an attempt.
   */
  private record Starter(
      String name,
      String sql,
      Trigger trigger,
      String createdBy,
      Supplier<QueryManager.PersistentPlan> open,
      QueryStart runner) {
    void start() {
      runner.start(this);
    }
  }

  /** Starts the query of a {@link Starter}. */
  @FunctionalInterface
  private interface QueryStart {
    void start(Starter starter);
  }

  private Starter sinkStarter(SinkDefinition sink) {
    return new Starter(
        sink.name(),
        sink.query(),
        Trigger.parse(sink.trigger()),
        sink.createdBy(),
        () -> openSink(sink),
        this::run);
  }

  private Starter viewStarter(RelationDefinition view) {
    return new Starter(
        view.name(),
        view.options().get("query"),
        Trigger.parse(view.options().get("trigger")),
        view.createdBy(),
        () -> openView(view),
        this::run);
  }

  private void run(Starter starter) {
    Optional<ProgressHistory.Saved> saved = history.read(starter.name());
    RunningQuery query;
    try {
      query =
          queries.startPersistent(
              starter.name(), starter.trigger(), starter.open(), retryPolicy, starter.createdBy());
    } catch (RuntimeException e) {
      history.notStarted(starter.name());
      throw e;
    }
    history.restore(query, saved);
    failures.remove(key(starter.name()));
  }

  /** Lists a query whose start failed with a passing {@code failure} as RETRYING. */
  private void startRetrying(Starter starter, RuntimeException failure) {
    Optional<ProgressHistory.Saved> saved = history.read(starter.name());
    RunningQuery query;
    try {
      query =
          queries.startPersistentRetrying(
              starter.name(),
              starter.sql(),
              starter.trigger(),
              starter.open(),
              retryPolicy,
              failure,
              starter.createdBy());
    } catch (RuntimeException e) {
      history.notStarted(starter.name());
      throw e;
    }
    history.restore(query, saved);
  }

  /** The queries that could not start, and why. */
  public List<FailedStart> failures() {
    return List.copyOf(failures.values());
  }

  /** The result table of a running materialized view, by name (any case), or null. */
  public ResultTable view(String name) {
    return views.get(key(name));
  }

  /** Plans a sink's query, opens its sink and checkpoint, and starts it (resuming if it can). */
  public RunningQuery startSink(SinkDefinition sink) {
    run(sinkStarter(sink));
    return queries.find(sink.name()).orElseThrow();
  }

  /**
   * The parallelism a sink or view was created with; 1 for those created before queries ran in
   * parallel, whose checkpoints hold one subtask's state.
   */
  private static int parallelism(Map<String, String> options) {
    String value = options.get("parallelism");
    return value == null ? 1 : Parallelism.parse(value);
  }

  /** One attempt of a sink's query: planned, with its sink and checkpoint open. */
  private QueryManager.PersistentPlan openSink(SinkDefinition sink) {
    QueryPlanner planner = new QueryPlanner(catalog);
    PlannedQuery plan =
        planner
            .planPersistent(
                parse(sink.query()),
                sink.query(),
                OutputMode.parse(sink.outputMode()),
                stateTtlMillis(sink.options()))
            .withParallelism(parallelism(sink.options()));
    List<Column> columns = plan.columns();
    String insertInto = sink.options().get(SinkDefinition.INSERT_INTO_OPTION);
    if (insertInto != null) {
      columns = targetColumns(catalog.find(insertInto).orElseThrow().physical(), columns);
    }
    SluiceRelMetadataQuery mq =
        SluiceRelMetadataQuery.of(plan.root().getCluster().getMetadataQuery());
    StreamSink target =
        sources.sink(
            columns,
            sink.options(),
            new SinkInput(sink.name(), mq.changelogMode(plan.root()), plan.uniqueKey()),
            insertInto == null);
    try {
      CheckpointLog log = new CheckpointLog(sinkCheckpoint(sink.name()));
      Optional<QueryMetadata> existing = log.readMetadata();
      if (existing.isPresent() && !existing.get().sql().equals(sink.query())) {
        throw new SluiceException(
            ErrorCode.QUERY_FAILED,
            "Checkpoint "
                + log.directory()
                + " belongs to a different query: "
                + existing.get().sql());
      }
      if (existing.isEmpty() && !log.hasBatches()) {
        // before the metadata: a crash in between leaves the checkpoint fresh, so this runs again.
        // A checkpoint with batches but no metadata (deleted after damage) resumes instead.
        target.startFresh();
      }
      int version =
          existing.map(QueryMetadata::planVersion).orElseGet(() -> unrecordedVersion(log, plan));
      log.writeMetadata(new QueryMetadata(sink.name(), sink.query(), version));
      return new QueryManager.PersistentPlan(
          ofVersion(plan, version), new Durability(log, target), planner.typeFactory());
    } catch (RuntimeException e) {
      target.close();
      throw e;
    }
  }

  /**
   * Runs a materialized view's query into a result table in memory, checkpointed as a sink's query
   * is: after a restart the table comes back as of its last committed batch and the query resumes
   * from its checkpoint. A view created anew (or replaced by a different query) starts from an
   * empty checkpoint.
   */
  public void startView(RelationDefinition view) {
    run(viewStarter(view));
  }

  /** One attempt of a view's query: planned, with its table restored from its checkpoint. */
  private QueryManager.PersistentPlan openView(RelationDefinition view) {
    String query = view.options().get("query");
    QueryPlanner planner = new QueryPlanner(catalog);
    PlannedQuery plan =
        planner
            .planPersistent(
                parse(query),
                query,
                OutputMode.parse(view.options().get("output.mode")),
                stateTtlMillis(view.options()))
            .withParallelism(parallelism(view.options()));
    ResultTable table = new ResultTable(view.columns(), plan.uniqueKey());
    Path checkpoint = viewCheckpoint(view.name());
    CheckpointLog log = new CheckpointLog(checkpoint);
    String identity =
        query
            + "\n-- output.mode="
            + view.options().get("output.mode")
            + ", trigger="
            + view.options().get("trigger")
            + (view.options().containsKey(SinkDefinition.STATE_TTL_OPTION)
                ? ", state.ttl=" + view.options().get(SinkDefinition.STATE_TTL_OPTION)
                : "");
    Optional<QueryMetadata> existing = log.readMetadata();
    if (existing.isPresent() && !existing.get().sql().equals(identity)) {
      deleteCheckpoint(checkpoint);
      log = new CheckpointLog(checkpoint);
    }
    ResultTableSink sink = new ResultTableSink(table, checkpoint);
    CheckpointLog viewLog = log;
    int version =
        log.readMetadata()
            .map(QueryMetadata::planVersion)
            .orElseGet(() -> unrecordedVersion(viewLog, plan));
    log.writeMetadata(new QueryMetadata(view.name(), identity, version));
    views.put(key(view.name()), table);
    return new QueryManager.PersistentPlan(
        ofVersion(plan, version), new Durability(log, sink), planner.typeFactory());
  }

  /**
   * The plan version of a checkpoint without metadata: the current one when it is fresh; with
   * batches (its metadata deleted after damage), the one whose sources its latest offsets match, so
   * a query written before scans shared sources resumes as it ran.
   */
  private static int unrecordedVersion(CheckpointLog log, PlannedQuery plan) {
    OptionalLong latest = log.latestOffsetsBatch();
    if (latest.isEmpty()) {
      return PLAN_VERSION;
    }
    int recorded = log.offsets(latest.getAsLong()).map(offsets -> offsets.end().size()).orElse(-1);
    boolean perScan =
        recorded == OperatorTranslator.sourceCount(plan.root(), false)
            && recorded != OperatorTranslator.sourceCount(plan.root(), true);
    return perScan ? FIRST_SHARED_SCANS_VERSION - 1 : PLAN_VERSION;
  }

  /**
   * {@code plan} as a checkpoint of plan version {@code version} runs it: one written before scans
   * shared sources keeps a source per scan, or its offsets would not match the sources.
   */
  private static PlannedQuery ofVersion(PlannedQuery plan, int version) {
    return version < FIRST_SHARED_SCANS_VERSION ? plan.withoutSharedScans() : plan;
  }

  /**
   * Stops persistent query {@code name} and waits until it has ended: its last batch and its sink's
   * final flush must not land in a checkpoint or folder that a query created next under the same
   * name uses.
   */
  public void awaitStopped(String name) {
    Optional<RunningQuery> query = queries.find(name);
    if (query.isEmpty()) {
      return;
    }
    queries.stop(name);
    try {
      if (!query.get().awaitEnd(STOP_TIMEOUT_MILLIS)) {
        throw new SluiceException(
            ErrorCode.QUERY_FAILED,
            "Query "
                + name
                + " did not stop within "
                + STOP_TIMEOUT_MILLIS / 1000
                + " s (a batch is still running); it is cancelled and kept, run the DROP again "
                + "once it shows CANCELLED");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SluiceException(
          ErrorCode.QUERY_FAILED,
          "Interrupted while query "
              + name
              + " was stopping; it is cancelled and kept, run the "
              + "DROP again");
    }
  }

  /**
   * Changes persistent query {@code name}'s definition with {@code change}: a running (or retrying)
   * query stops first, its batch in flight committed, and starts again from its checkpoint under
   * the new definition, so nothing is lost or read twice; a stopped or failed one stays so until
   * RESTART QUERY.
   */
  public void alter(String name, Runnable change) {
    boolean active =
        queries
            .find(name)
            .map(q -> q.state() == QueryState.RUNNING || q.state() == QueryState.RETRYING)
            .orElse(false);
    awaitStopped(name);
    change.run();
    if (active) {
      restart(name);
    }
  }

  /** After DROP SINK: stops it and deletes its checkpoint. */
  public void dropSink(String name) {
    awaitStopped(name);
    failures.remove(key(name));
    deleteCheckpoint(sinkCheckpoint(name));
    history.delete(name);
  }

  /** After DROP MATERIALIZED VIEW: stops it, forgets its table and deletes its checkpoint. */
  public void dropView(String name) {
    awaitStopped(name);
    failures.remove(key(name));
    views.remove(key(name));
    deleteCheckpoint(viewCheckpoint(name));
    history.delete(name);
  }

  /** A sink's checkpoint folder: its name encoded, so no name reaches outside the folder. */
  private Path sinkCheckpoint(String name) {
    return config.dataDirectory().resolve("checkpoints").resolve(FileNames.encode(name));
  }

  private Path viewCheckpoint(String name) {
    return config.dataDirectory().resolve("checkpoints").resolve("view-" + FileNames.encode(name));
  }

  /** INSERT INTO writes the target's columns, by position. */
  /** The {@code state.ttl} option of a sink or view, in milliseconds; 0 without one. */
  private static long stateTtlMillis(Map<String, String> options) {
    return Durations.parse(options.getOrDefault(SinkDefinition.STATE_TTL_OPTION, "0")).toMillis();
  }

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

  private static SqlNode parse(String query) {
    try {
      return SluiceSqlParser.parseStatement(query);
    } catch (SqlParseException e) {
      throw new SluiceException(
          ErrorCode.SYNTAX_ERROR, "The stored query no longer parses: " + e.getMessage(), e);
    }
  }

  /** Deletes a checkpoint: only the files Sluice wrote there (a view's table included). */
  private static void deleteCheckpoint(Path directory) {
    try {
      new CheckpointLog(directory).delete(ResultTableSink.TABLE_FOLDER);
    } catch (IOException e) {
      LOG.warn("Cannot delete checkpoint directory {}", directory, e);
    }
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
