package io.sluice.bench;

import static java.util.Objects.requireNonNull;

import io.sluice.exec.driver.BatchProgress;
import io.sluice.exec.driver.QueryOutput;
import io.sluice.exec.driver.QueryState;
import io.sluice.exec.driver.RunningQuery;
import io.sluice.server.SluiceEngine;
import io.sluice.server.config.SluiceConfig;
import io.sluice.server.result.QueryRows;
import io.sluice.server.result.StatementResult;
import io.sluice.server.session.Session;
import io.sluice.spi.error.SluiceException;
import io.sluice.sql.SluiceSqlParser;
import io.sluice.sql.SqlCreateSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;

/**
 * Runs one Nexmark query the way the benchmark measures it: a fresh engine, the three streams over
 * {@code events} unthrottled events, the query as a push query with trigger {@code available-now}
 * (so it ends once every event went through), and its rows counted and dropped as they arrive; a
 * query file ending in {@code CREATE SINK} is measured until its sink's query ends.
 */
public final class QueryRunner implements AutoCloseable {
  /** Rows of the side-input table query 13 joins. */
  static final int SIDE_INPUT_ROWS = 10_000;

  private final NexmarkSql sql;
  private final long firstEventRate;
  private final long eventsPerTrigger;
  private final long timeoutMillis;
  private final Input input;
  private final InputFiles inputFiles;
  private final InputTopics inputTopics;
  private final int parallelism;

  /** A runner over the generator. */
  public QueryRunner(
      NexmarkSql sql, long firstEventRate, long eventsPerTrigger, long timeoutMillis) {
    this(sql, firstEventRate, eventsPerTrigger, timeoutMillis, Input.GENERATOR, Path.of("."));
  }

  /**
   * A runner over {@code input}; file inputs are written once under {@code dataDir} (see {@link
   * InputFiles}).
   */
  public QueryRunner(
      NexmarkSql sql,
      long firstEventRate,
      long eventsPerTrigger,
      long timeoutMillis,
      Input input,
      Path dataDir) {
    this(sql, firstEventRate, eventsPerTrigger, timeoutMillis, input, dataDir, 0);
  }

  /**
   * A runner over {@code input} whose queries run on {@code parallelism} subtasks (0: the server's
   * default, {@code sluice.query.parallelism}).
   */
  public QueryRunner(
      NexmarkSql sql,
      long firstEventRate,
      long eventsPerTrigger,
      long timeoutMillis,
      Input input,
      Path dataDir,
      int parallelism) {
    this.parallelism = parallelism;
    this.sql = requireNonNull(sql, "sql is null");
    this.firstEventRate = firstEventRate;
    this.eventsPerTrigger = eventsPerTrigger;
    this.timeoutMillis = timeoutMillis;
    this.input = requireNonNull(input, "input is null");
    this.inputFiles = new InputFiles(sql, dataDir);
    this.inputTopics = new InputTopics(sql);
  }

  /** The placeholder values of the SQL files for a run in {@code workDir}. */
  Map<String, String> parameters(long events, Path workDir) {
    return Map.of(
        "EVENTS",
        Long.toString(events),
        "FIRST_EVENT_RATE",
        Long.toString(firstEventRate),
        "EVENTS_PER_TRIGGER",
        Long.toString(eventsPerTrigger),
        "SIDE_INPUT",
        workDir.resolve("side_input.csv").toString(),
        "OUTPUT_DIR",
        workDir.resolve("output").toString());
  }

  /** A fresh engine with its data under {@code workDir}, the side input written, streams made. */
  SluiceEngine openEngine(Path workDir, Session session, long events) throws IOException {
    writeSideInput(workDir.resolve("side_input.csv"));
    Map<String, String> parameters = parameters(events, workDir);
    Path inputDir = null;
    if (input == Input.KAFKA) {
      // one partition per subtask, each read by its own consumer
      String prefix = inputTopics.prepare(events, Math.max(1, parallelism), parameters);
      parameters = new java.util.HashMap<>(parameters);
      parameters.put("TOPIC_PREFIX", prefix);
      parameters.put("BOOTSTRAP_SERVERS", inputTopics.bootstrapServers());
    } else if (input != Input.GENERATOR) {
      inputDir = inputFiles.prepare(input, events, parameters);
      parameters = new java.util.HashMap<>(parameters);
      parameters.put("FORMAT", input.format());
      parameters.put("INPUT_DIR", inputDir.toString());
      // one file (a generator batch) per subtask per micro-batch: each subtask decodes its own
      parameters.put("FILES_PER_TRIGGER", Integer.toString(Math.max(1, parallelism)));
    }
    SluiceConfig config =
        SluiceConfig.defaults()
            .with(SluiceConfig.DATA_DIR, workDir.resolve("data").toString())
            .with(
                SluiceConfig.FILES_ALLOWED_PATHS,
                inputDir == null ? workDir.toString() : workDir + "," + inputDir)
            .with(SluiceConfig.FILES_BASE_DIR, workDir.toString())
            .with(SluiceConfig.IDLE_POLL_MS, "10");
    if (parallelism > 0) {
      config = config.with(SluiceConfig.QUERY_PARALLELISM, String.valueOf(parallelism));
    }
    SluiceEngine engine = new SluiceEngine(config);
    try {
      List<String> ddl =
          switch (input) {
            case GENERATOR -> sql.ddl(parameters);
            case KAFKA -> sql.kafkaDdl(parameters);
            default -> sql.filesDdl(parameters);
          };
      for (String statement : ddl) {
        engine.execute(session, statement);
      }
      engine.execute(session, "SET 'trigger' = 'available-now'");
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
    return engine;
  }

  /** Runs {@code query} over {@code events} events; a failure comes back as a result. */
  public QueryResult run(String query, long events) {
    Path workDir;
    try {
      workDir = Files.createTempDirectory("sluice-nexmark-" + query + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Session session = new Session();
    try (SluiceEngine engine = openEngine(workDir, session, events)) {
      return measure(engine, session, query, events, workDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      Directories.deleteTree(workDir);
    }
  }

  private QueryResult measure(
      SluiceEngine engine, Session session, String query, long events, Path workDir) {
    List<String> statements = sql.query(query, parameters(events, workDir));
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuStart = queryCpuNanos(os);
    long start = System.nanoTime();
    StatementResult result;
    try {
      result = null;
      for (String statement : statements) {
        result = engine.execute(session, statement);
      }
    } catch (SluiceException e) {
      return QueryResult.failed(query, events, e.getMessage());
    }
    String sink = sinkName(statements.get(statements.size() - 1));
    if (sink != null) {
      return measureSink(engine, query, events, sink, start, cpuStart);
    }
    if (!(result instanceof StatementResult.Rows)
        || !(((StatementResult.Rows) result).rows() instanceof QueryRows)) {
      return QueryResult.failed(
          query,
          events,
          "The last statement of " + query + ".sql is neither a query nor a CREATE SINK");
    }
    QueryRows rows = (QueryRows) ((StatementResult.Rows) result).rows();
    Map<Long, Long> durations = new TreeMap<>();
    long outputRows = 0;
    long peakHeap = 0;
    long lastProgress = 0;
    long deadline = start + timeoutMillis * 1_000_000;
    try {
      while (true) {
        QueryOutput.Chunk chunk = rows.poll(100_000, 100);
        outputRows += chunk.rows().size();
        peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
        long now = System.nanoTime();
        if (now - lastProgress > 20_000_000) {
          collect(rows.query(), durations);
          lastProgress = now;
        }
        if (chunk.done()) {
          break;
        }
        if (now > deadline) {
          rows.close();
          return QueryResult.failed(
              query,
              events,
              "Timed out after " + timeoutMillis / 1000 + " s having read " + outputRows + " rows");
        }
      }
    } catch (SluiceException e) {
      return QueryResult.failed(query, events, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      rows.close();
      return QueryResult.failed(query, events, "Interrupted");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (queryCpuNanos(os) - cpuStart) / 1e9;
    collect(rows.query(), durations);
    List<Long> latencies = new ArrayList<>(durations.values());
    latencies.sort(Comparator.naturalOrder());
    return new QueryResult(
        query,
        events,
        seconds,
        cpuSeconds,
        outputRows,
        latencies.size(),
        percentile(latencies, 0.50),
        percentile(latencies, 0.99),
        peakHeap,
        null);
  }

  /** The process's CPU time without the in-process Kafka broker's (under {@code --input kafka}). */
  private long queryCpuNanos(com.sun.management.OperatingSystemMXBean os) {
    return os.getProcessCpuTime() - inputTopics.brokerCpuNanos();
  }

  /**
   * Measures a query file ending in {@code CREATE SINK}: the sink's persistent query runs until the
   * generator's events are exhausted, and its rows are those it handed to the sink.
   */
  private QueryResult measureSink(
      SluiceEngine engine, String query, long events, String sink, long start, long cpuStart) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    RunningQuery running = engine.queries().find(sink).orElse(null);
    if (running == null) {
      return QueryResult.failed(query, events, "Sink " + sink + " did not start a query");
    }
    Map<Long, Long> durations = new TreeMap<>();
    long peakHeap = 0;
    long deadline = start + timeoutMillis * 1_000_000;
    try {
      while (!running.awaitEnd(20)) {
        peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
        collect(running, durations);
        if (System.nanoTime() > deadline) {
          running.cancel();
          return QueryResult.failed(
              query,
              events,
              "Timed out after "
                  + timeoutMillis / 1000
                  + " s with "
                  + running.totalOutputRows()
                  + " rows written to sink "
                  + sink);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.cancel();
      return QueryResult.failed(query, events, "Interrupted");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (queryCpuNanos(os) - cpuStart) / 1e9;
    if (running.state() != QueryState.FINISHED) {
      return QueryResult.failed(
          query,
          events,
          "Sink "
              + sink
              + " ended "
              + running.state()
              + (running.error() == null ? "" : ": " + running.error()));
    }
    collect(running, durations);
    List<Long> latencies = new ArrayList<>(durations.values());
    latencies.sort(Comparator.naturalOrder());
    return new QueryResult(
        query,
        events,
        seconds,
        cpuSeconds,
        running.totalOutputRows(),
        latencies.size(),
        percentile(latencies, 0.50),
        percentile(latencies, 0.99),
        peakHeap,
        null);
  }

  /** The sink's name if {@code statement} is a CREATE SINK, else null. */
  static String sinkName(String statement) {
    try {
      SqlNode node = SluiceSqlParser.parseStatement(statement);
      return node instanceof SqlCreateSink ? ((SqlCreateSink) node).name().toString() : null;
    } catch (SqlParseException e) {
      // The engine reported any syntax error already; this one ran.
      return null;
    }
  }

  /** The progress kept for recent batches; polled often enough that none is missed. */
  private static void collect(RunningQuery query, Map<Long, Long> durations) {
    for (BatchProgress batch : query.recentProgress()) {
      durations.put(batch.batchId(), batch.durationMillis());
    }
  }

  /** Nearest-rank percentile. */
  static double percentile(List<Long> sorted, double fraction) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int rank = (int) Math.ceil(fraction * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  /** Keys 0 .. 9999 with a text value each, as query 13's side input. */
  static void writeSideInput(Path file) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int key = 0; key < SIDE_INPUT_ROWS; key++) {
      text.append(key).append(',').append("value-").append(key).append('\n');
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /** Stops the local Kafka broker of {@code --input kafka}, if one was started. */
  @Override
  public void close() {
    try {
      inputTopics.close();
    } catch (Exception e) {
      System.err.println("Could not stop the local Kafka broker: " + e);
    }
  }
}
