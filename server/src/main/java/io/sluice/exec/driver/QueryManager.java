package io.sluice.exec.driver;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Durations;
import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.RelationDefinitions;
import io.sluice.catalog.WatermarkSpec;
import io.sluice.exec.checkpoint.CheckpointFile;
import io.sluice.exec.codegen.QueryDataContext;
import io.sluice.exec.model.ModelBinding;
import io.sluice.exec.model.ModelRegistry;
import io.sluice.exec.operator.ExchangeChannels;
import io.sluice.exec.operator.Operator;
import io.sluice.exec.operator.SubtaskStates;
import io.sluice.exec.translate.LookupSpec;
import io.sluice.exec.translate.OperatorTranslator;
import io.sluice.exec.translate.ScanSpec;
import io.sluice.exec.translate.TranslatedPlan;
import io.sluice.plan.ContinuousSupport;
import io.sluice.plan.PlannedQuery;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.connector.SourceMetrics;
import io.sluice.spi.connector.StreamSource;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, lists and stops the queries of a server; each runs on its own thread. Queries whose
 * client stopped fetching for longer than the abandon timeout are cancelled, so a client that
 * vanished without closing its statement frees its query.
 */
public final class QueryManager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QueryManager.class);
  private static final int OUTPUT_CAPACITY_BATCHES = 16;
  private static final int ENDED_QUERIES_KEPT = 100;

  private final SourceOpener sourceOpener;
  private final ModelRegistry models;
  private final Duration idlePoll;
  private final Duration abandonTimeout;
  private final int maxRunningPerUser;
  private final StateBudget stateBudget;
  private final Map<String, Integer> startingPerUser = new HashMap<>();
  private final List<QueryListener> listeners = new CopyOnWriteArrayList<>();
  private final QueryListener listener =
      new QueryListener() {
        @Override
        public void batchEnded(RunningQuery query, BatchProgress batch) {
          for (QueryListener each : listeners) {
            each.batchEnded(query, batch);
          }
        }

        @Override
        public void sinkCommitted(RunningQuery query, long nanos) {
          for (QueryListener each : listeners) {
            each.sinkCommitted(query, nanos);
          }
        }

        @Override
        public void checkpointWritten(RunningQuery query, CheckpointFile file, long nanos) {
          for (QueryListener each : listeners) {
            each.checkpointWritten(query, file, nanos);
          }
        }

        @Override
        public void queryEnded(RunningQuery query) {
          for (QueryListener each : listeners) {
            each.queryEnded(query);
          }
        }
      };
  private final Map<String, RunningQuery> queries = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong(1);
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "sluice-query");
            thread.setDaemon(true);
            return thread;
          });
  private final ScheduledExecutorService reaper =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "sluice-query-reaper");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * @param models the models ML_PREDICT scores with
   * @param maxRunningPerUser how many push queries one user may run at once; 0 for no limit
   */
  public QueryManager(
      SourceOpener sourceOpener,
      ModelRegistry models,
      Duration idlePoll,
      Duration abandonTimeout,
      int maxRunningPerUser) {
    this(sourceOpener, models, idlePoll, abandonTimeout, maxRunningPerUser, StateBudget.UNLIMITED);
  }

  /**
   * @param models the models ML_PREDICT scores with
   * @param maxRunningPerUser how many push queries one user may run at once; 0 for no limit
   * @param stateBudget the state each query, and all together, may hold
   */
  public QueryManager(
      SourceOpener sourceOpener,
      ModelRegistry models,
      Duration idlePoll,
      Duration abandonTimeout,
      int maxRunningPerUser,
      StateBudget stateBudget) {
    this.stateBudget = requireNonNull(stateBudget, "stateBudget is null");
    if (maxRunningPerUser < 0) {
      throw new IllegalArgumentException(
          "maxRunningPerUser must be 0 (no limit) or more, not " + maxRunningPerUser);
    }
    this.maxRunningPerUser = maxRunningPerUser;
    this.sourceOpener = requireNonNull(sourceOpener, "sourceOpener is null");
    this.models = requireNonNull(models, "models is null");
    this.idlePoll = requireNonNull(idlePoll, "idlePoll is null");
    this.abandonTimeout = requireNonNull(abandonTimeout, "abandonTimeout is null");
    long period = Math.max(100, Math.min(abandonTimeout.toMillis() / 4, 5_000));
    var unused = reaper.scheduleWithFixedDelay(this::reap, period, period, TimeUnit.MILLISECONDS);
  }

  /** Tells {@code added} what every query does from now on. */
  public void addListener(QueryListener added) {
    listeners.add(requireNonNull(added, "added is null"));
  }

  /**
   * Compiles the plan, opens its sources and starts its driver thread for a client; refuses a push
   * query of a user who runs as many as the limit allows already.
   */
  public RunningQuery start(
      PlannedQuery plan,
      Trigger trigger,
      ChangelogColumns changelog,
      JavaTypeFactory typeFactory,
      String startedBy) {
    requireNonNull(startedBy, "startedBy is null");
    boolean limited = plan.push() && maxRunningPerUser > 0;
    if (limited) {
      reserve(startedBy);
    }
    try {
      return start(
          "q" + nextId.getAndIncrement(), plan, trigger, changelog, null, typeFactory, startedBy);
    } finally {
      if (limited) {
        release(startedBy);
      }
    }
  }

  /** Counts a push query being started against its user's limit, or refuses it. */
  private void reserve(String user) {
    synchronized (startingPerUser) {
      long running =
          queries.values().stream()
              .filter(
                  q ->
                      q.isPush()
                          && !q.isPersistent()
                          && q.state() == QueryState.RUNNING
                          && !q.isCancelled()
                          && user.equals(q.startedBy()))
              .count();
      int starting = startingPerUser.getOrDefault(user, 0);
      if (running + starting >= maxRunningPerUser) {
        throw new SluiceException(
            ErrorCode.LIMIT_EXCEEDED,
            "User "
                + user
                + " already runs "
                + (running + starting)
                + " push queries, as many as sluice.query.max-running-per-user ("
                + maxRunningPerUser
                + ") allows; stop one first (STOP QUERY id; sys.queries lists them)");
      }
      startingPerUser.put(user, starting + 1);
    }
  }

  private void release(String user) {
    synchronized (startingPerUser) {
      startingPerUser.merge(user, -1, (a, b) -> a + b == 0 ? null : a + b);
    }
  }

  /** What one attempt of a persistent query runs: its plan and where its output goes. */
  public record PersistentPlan(
      PlannedQuery plan, Durability durability, JavaTypeFactory typeFactory) {
    public PersistentPlan {
      requireNonNull(plan, "plan is null");
      requireNonNull(durability, "durability is null");
      requireNonNull(typeFactory, "typeFactory is null");
    }
  }

  /**
   * Starts a persistent query under its sink's or view's name: it writes to the sink through its
   * checkpoint, resumes from that checkpoint, and runs until stopped whoever is connected; after a
   * passing failure it retries as {@code retry} says (see {@link PersistentRunner}). The first
   * attempt is made here, so what keeps the query from starting now is thrown to the caller.
   *
   * @param open plans the query and opens its sink and checkpoint; called again for each retry
   * @param startedBy the user who created the sink or view, or null if not recorded
   */
  public RunningQuery startPersistent(
      String name,
      Trigger trigger,
      Supplier<PersistentPlan> open,
      RetryPolicy retry,
      String startedBy) {
    refuseIfActive(name);
    PersistentPlan first = open.get();
    RunningQuery query =
        persistentQuery(name, first.plan().sql(), first.plan().columns(), trigger, startedBy);
    MicroBatchDriver driver = driver(query, first);
    queries.put(name, query);
    executor.execute(
        new PersistentRunner(query, driver, null, () -> driver(query, open.get()), retry));
    return query;
  }

  /**
   * Lists a persistent query whose first attempt failed with a passing {@code failure} as RETRYING,
   * and retries it as {@code retry} says (e.g. at server start, with its sink's folder out of
   * reach).
   */
  public RunningQuery startPersistentRetrying(
      String name,
      String sql,
      Trigger trigger,
      Supplier<PersistentPlan> open,
      RetryPolicy retry,
      Throwable failure,
      String startedBy) {
    refuseIfActive(name);
    RunningQuery query = persistentQuery(name, sql, List.of(), trigger, startedBy);
    queries.put(name, query);
    executor.execute(
        new PersistentRunner(query, null, failure, () -> driver(query, open.get()), retry));
    return query;
  }

  private void refuseIfActive(String name) {
    RunningQuery existing = queries.get(name);
    if (existing != null
        && (existing.state() == QueryState.RUNNING || existing.state() == QueryState.RETRYING)) {
      throw new IllegalStateException("Query " + name + " is already running");
    }
  }

  private RunningQuery persistentQuery(
      String name,
      String sql,
      List<io.sluice.spi.type.Column> columns,
      Trigger trigger,
      String startedBy) {
    return new RunningQuery(
        name,
        sql,
        columns,
        true,
        trigger,
        new QueryOutput(OUTPUT_CAPACITY_BATCHES),
        true,
        startedBy,
        listener);
  }

  /** The driver of one attempt of a persistent query; closes the sink if it cannot be built. */
  private MicroBatchDriver driver(RunningQuery query, PersistentPlan plan) {
    try {
      return driver(
          query, plan.plan(), ChangelogColumns.NONE, plan.durability(), plan.typeFactory());
    } catch (RuntimeException e) {
      plan.durability().close();
      throw e;
    }
  }

  private RunningQuery start(
      String id,
      PlannedQuery plan,
      Trigger trigger,
      ChangelogColumns changelog,
      Durability durability,
      JavaTypeFactory typeFactory,
      String startedBy) {
    RunningQuery query =
        new RunningQuery(
            id,
            plan.sql(),
            changelog.columns(plan.columns()),
            plan.push(),
            trigger,
            new QueryOutput(OUTPUT_CAPACITY_BATCHES),
            durability != null,
            startedBy,
            listener);
    MicroBatchDriver driver = driver(query, plan, changelog, durability, typeFactory);
    queries.put(id, query);
    executor.execute(driver);
    return query;
  }

  /**
   * Compiles the plan once per subtask and opens its sources: a driver ready to run {@code query}.
   */
  private MicroBatchDriver driver(
      RunningQuery query,
      PlannedQuery plan,
      ChangelogColumns changelog,
      Durability durability,
      JavaTypeFactory typeFactory) {
    if (query.trigger().isContinuous()) {
      ContinuousSupport.check(plan);
    }
    String id = query.id();
    QueryDataContext context = new QueryDataContext(typeFactory, query.cancelFlag());
    ExchangeChannels exchanges = new ExchangeChannels(plan.parallelism());
    List<TranslatedPlan> translated = new ArrayList<>();
    for (int subtask = 0; subtask < plan.parallelism(); subtask++) {
      translated.add(
          OperatorTranslator.translate(
              plan.root(), typeFactory, context, models, subtask, exchanges, plan.sharedScans()));
    }
    List<Operator> roots = translated.stream().map(TranslatedPlan::root).toList();
    List<StreamSource> sources = new ArrayList<>();
    List<SourceMetrics> metrics = new ArrayList<>();
    List<SourceWatermark> watermarks = new ArrayList<>();
    List<Batch> emptyBatches = new ArrayList<>();
    List<ModelBinding> bindings = new ArrayList<>();
    try {
      for (ScanSpec scan : translated.get(0).scans()) {
        SourceMetrics sourceMetrics = new SourceMetrics();
        sources.add(sourceOpener.open(scan.relation(), scan.columns(), sourceMetrics, plan.push()));
        metrics.add(sourceMetrics);
        watermarks.add(watermarkOf(scan, id));
        emptyBatches.add(Batch.empty(scan.types()));
      }
      for (TranslatedPlan subtask : translated) {
        for (LookupSpec lookup : subtask.lookups()) {
          lookup
              .join()
              .openLookup(
                  sourceOpener.openLookup(
                      lookup.relation(), lookup.columns(), lookup.keyColumns()));
        }
        bindings.addAll(subtask.models());
      }
    } catch (RuntimeException e) {
      sources.forEach(StreamSource::close);
      roots.forEach(Operator::close);
      throw e;
    }
    query.runsOn(translated.size());
    return new MicroBatchDriver(
        query,
        roots,
        translated.get(0).singleRoot(),
        new SubtaskStates(translated.stream().map(TranslatedPlan::states).toList()),
        exchanges,
        sources,
        metrics,
        watermarks,
        emptyBatches,
        changelog,
        durability,
        context,
        idlePoll,
        bindings,
        stateBudget);
  }

  private SourceWatermark watermarkOf(ScanSpec scan, String queryId) {
    RelationDefinition relation = scan.relation();
    WatermarkSpec spec = relation.watermark();
    if (spec == null) {
      return null;
    }
    int column = -1;
    for (int i = 0; i < scan.columns().size(); i++) {
      if (relation.columns().get(scan.columns().get(i)).name().equalsIgnoreCase(spec.column())) {
        column = i;
      }
    }
    if (column < 0
        || spec.lateStream() != null && scan.columns().size() != relation.columns().size()) {
      // the planner keeps the time column, and every column when late rows leave whole
      throw new IllegalStateException(
          "Scan of " + relation.name() + " lacks columns its " + "watermark needs");
    }
    String idle = relation.options().get(RelationDefinitions.IDLE_TIMEOUT_OPTION);
    return new SourceWatermark(
        column,
        spec.delayMillis(),
        idle == null ? 0 : Durations.parse(idle).toMillis(),
        spec.lateStream() == null ? null : sourceOpener.lateRowsSink(relation, queryId));
  }

  public Optional<RunningQuery> find(String id) {
    return Optional.ofNullable(queries.get(id));
  }

  public List<RunningQuery> list() {
    return new ArrayList<>(queries.values());
  }

  /**
   * Cancels a query; it stays listed (as CANCELLED) for a while so its progress can be read.
   * Answers the query cancelled, if one ran under {@code id}.
   */
  public Optional<RunningQuery> stop(String id) {
    RunningQuery query = queries.get(id);
    if (query != null) {
      query.cancel();
    }
    return Optional.ofNullable(query);
  }

  /**
   * Stops queries whose client vanished, and forgets ended queries once they are older than the
   * abandon timeout or more than {@value #ENDED_QUERIES_KEPT} ended queries are listed.
   */
  private void reap() {
    long now = System.currentTimeMillis();
    List<RunningQuery> ended = new ArrayList<>();
    for (RunningQuery query : queries.values()) {
      boolean idle =
          !query.isPersistent() && now - query.lastFetchMillis() > abandonTimeout.toMillis();
      if (query.state() == QueryState.RUNNING || query.state() == QueryState.RETRYING) {
        if (idle && !query.isCancelled()) {
          LOG.info(
              "Stopping query {}: its client has not fetched for {} ms",
              query.id(),
              now - query.lastFetchMillis());
          query.cancel();
        }
      } else if (idle) {
        queries.remove(query.id());
      } else {
        ended.add(query);
      }
    }
    ended.sort(java.util.Comparator.comparingLong(RunningQuery::startedAtMillis));
    for (int i = 0; i < ended.size() - ENDED_QUERIES_KEPT; i++) {
      queries.remove(ended.get(i).id());
    }
  }

  @Override
  public void close() {
    reaper.shutdownNow();
    for (RunningQuery query : queries.values()) {
      query.cancel();
    }
    executor.shutdown();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
