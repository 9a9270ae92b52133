package io.sluice.http.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.sluice.exec.checkpoint.CheckpointFile;
import io.sluice.exec.driver.BatchProgress;
import io.sluice.exec.driver.QueryListener;
import io.sluice.exec.driver.QueryManager;
import io.sluice.exec.driver.QueryState;
import io.sluice.exec.driver.RunningQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Meters of each query the server lists, tagged {@code query} (its id) and {@code kind} ({@code
 * push}, {@code snapshot} or {@code persistent}); a query's meters go when the server forgets the
 * query. Counters and gauges read the query when scraped; batch durations and sink commit times are
 * recorded as they happen.
 *
 * <ul>
 *   <li>{@code sluice_query_input_rows_total}, {@code sluice_query_output_rows_total}
 *   <li>{@code sluice_query_batch_duration_seconds} (histogram)
 *   <li>{@code sluice_query_watermark_lag_seconds}: now minus the query's watermark
 *   <li>{@code sluice_query_state_rows}, {@code sluice_query_state_bytes}: after the last batch
 *   <li>{@code sluice_query_late_rows_total}, {@code sluice_query_bad_records_total}
 *   <li>{@code sluice_sink_commit_duration_seconds} (histogram; sinks and materialized views)
 *   <li>{@code sluice_checkpoint_write_duration_seconds} (histogram per {@code file}: {@code
 *       offsets}, {@code state}, {@code commit}; persistent queries)
 *   <li>{@code sluice_queries_running}: queries in state RUNNING
 * </ul>
 */
public final class QueryMetrics implements QueryListener {
  private final MeterRegistry registry;
  private final QueryManager queries;
  private final Map<String, QueryMeters> meters = new ConcurrentHashMap<>();

  /** The meters of one query, registered together and removed together. */
  private record QueryMeters(
      RunningQuery query,
      List<Meter> all,
      Timer batches,
      Timer commits,
      Map<CheckpointFile, Timer> checkpointWrites) {}

  public QueryMetrics(MeterRegistry registry, QueryManager queries) {
    this.registry = requireNonNull(registry, "registry is null");
    this.queries = requireNonNull(queries, "queries is null");
    Gauge.builder(
            "sluice.queries.running",
            queries,
            q -> q.list().stream().filter(r -> r.state() == QueryState.RUNNING).count())
        .description("Queries in state RUNNING")
        .register(registry);
    queries.addListener(this);
  }

  /** Registers the meters of queries started since, and removes those of forgotten queries. */
  public void refresh() {
    Set<String> listed = new HashSet<>();
    for (RunningQuery query : queries.list()) {
      listed.add(query.id());
      metersOf(query);
    }
    for (String forgotten : new ArrayList<>(meters.keySet())) {
      if (!listed.contains(forgotten)) {
        QueryMeters removed = meters.remove(forgotten);
        if (removed != null) {
          removed.all().forEach(registry::remove);
        }
      }
    }
  }

  @Override
  public void batchEnded(RunningQuery query, BatchProgress batch) {
    metersOf(query).batches().record(batch.durationMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void sinkCommitted(RunningQuery query, long nanos) {
    metersOf(query).commits().record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void checkpointWritten(RunningQuery query, CheckpointFile file, long nanos) {
    Timer writes = metersOf(query).checkpointWrites().get(file);
    if (writes != null) {
      writes.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  private QueryMeters metersOf(RunningQuery query) {
    QueryMeters existing = meters.get(query.id());
    // a persistent query restarted under the same name is a new object: new meters
    if (existing != null && existing.query() == query) {
      return existing;
    }
    synchronized (meters) {
      existing = meters.get(query.id());
      if (existing != null && existing.query() == query) {
        return existing;
      }
      if (existing != null) {
        existing.all().forEach(registry::remove);
      }
      QueryMeters created = register(query);
      meters.put(query.id(), created);
      return created;
    }
  }

  private QueryMeters register(RunningQuery query) {
    Tags tags = Tags.of("query", query.id(), "kind", kind(query));
    Timer batches =
        histogram(
            "sluice.query.batch.duration",
            "How long each micro-batch of the query took",
            tags,
            Duration.ofMillis(1),
            Duration.ofMinutes(5));
    Timer commits =
        histogram(
            "sluice.sink.commit.duration",
            "How long the query's sink took to write and commit one batch",
            tags,
            Duration.ofMillis(1),
            Duration.ofMinutes(5));
    Map<CheckpointFile, Timer> checkpointWrites = new EnumMap<>(CheckpointFile.class);
    // only persistent queries keep a checkpoint: a client's queries get no empty histograms
    if (query.isPersistent()) {
      for (CheckpointFile file : CheckpointFile.values()) {
        checkpointWrites.put(
            file,
            histogram(
                "sluice.checkpoint.write.duration",
                "How long one checkpoint file of the query took to write, fsyncs included",
                tags.and("file", file.tag()),
                // an fsync on an idle disk takes a fraction of a millisecond
                Duration.ofNanos(100_000),
                Duration.ofMinutes(1)));
      }
    }
    List<Meter> all = new ArrayList<>(checkpointWrites.values());
    all.addAll(
        List.of(
            batches,
            commits,
            counter(
                "sluice.query.input.rows",
                "Rows the query read",
                tags,
                query,
                RunningQuery::totalInputRows),
            counter(
                "sluice.query.output.rows",
                "Rows the query produced",
                tags,
                query,
                RunningQuery::totalOutputRows),
            counter(
                "sluice.query.late.rows",
                "Rows the query dropped or diverted as late",
                tags,
                query,
                q -> lastBatch(q, BatchProgress::lateRowsTotal)),
            counter(
                "sluice.query.bad.records",
                "Malformed records the query's sources skipped",
                tags,
                query,
                q -> lastBatch(q, BatchProgress::badRecordsTotal)),
            Gauge.builder(
                    "sluice.query.state.rows", query, q -> lastBatch(q, BatchProgress::stateRows))
                .description("Rows of operator state after the last batch")
                .tags(tags)
                .register(registry),
            Gauge.builder("sluice.query.state", query, q -> lastBatch(q, BatchProgress::stateBytes))
                .description("Estimated heap bytes of operator state after the last batch")
                .baseUnit("bytes")
                .tags(tags)
                .register(registry),
            Gauge.builder("sluice.query.watermark.lag", query, QueryMetrics::watermarkLagSeconds)
                .description("How far the query's watermark trails the clock (NaN: no watermark)")
                .baseUnit("seconds")
                .tags(tags)
                .register(registry)));
    return new QueryMeters(query, List.copyOf(all), batches, commits, checkpointWrites);
  }

  /** A timer published as a histogram whose buckets span {@code min} to {@code max}. */
  private Timer histogram(String name, String description, Tags tags, Duration min, Duration max) {
    return Timer.builder(name)
        .description(description)
        .tags(tags)
        .publishPercentileHistogram()
        .minimumExpectedValue(min)
        .maximumExpectedValue(max)
        .register(registry);
  }

  private FunctionCounter counter(
      String name,
      String description,
      Tags tags,
      RunningQuery query,
      ToDoubleFunction<RunningQuery> value) {
    return FunctionCounter.builder(name, query, value)
        .description(description)
        .tags(tags)
        .register(registry);
  }

  private static String kind(RunningQuery query) {
    return query.isPersistent() ? "persistent" : query.isPush() ? "push" : "snapshot";
  }

  private static double lastBatch(RunningQuery query, ToDoubleFunction<BatchProgress> value) {
    List<BatchProgress> progress = query.recentProgress();
    return progress.isEmpty() ? 0 : value.applyAsDouble(progress.get(progress.size() - 1));
  }

  private static double watermarkLagSeconds(RunningQuery query) {
    List<BatchProgress> progress = query.recentProgress();
    Long watermark = progress.isEmpty() ? null : progress.get(progress.size() - 1).watermark();
    return watermark == null ? Double.NaN : (System.currentTimeMillis() - watermark) / 1000.0;
  }
}
