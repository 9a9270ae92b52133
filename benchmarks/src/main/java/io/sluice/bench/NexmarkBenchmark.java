package io.sluice.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Nexmark benchmark: {@code --events N --queries q0,q5,…} runs each query as a push query over
 * N generated events and prints a table of throughput, CPU, latency and heap, also written as JSON
 * to {@code benchmarks/results/nexmark-<date>.json}.
 */
public final class NexmarkBenchmark {
  private NexmarkBenchmark() {}

  public static void main(String[] args) throws IOException {
    BenchmarkOptions options;
    try {
      options = BenchmarkOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(BenchmarkOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.println(BenchmarkOptions.USAGE);
      return;
    }
    NexmarkSql sql =
        options.sqlDir() == null ? NexmarkSql.locate() : new NexmarkSql(options.sqlDir());
    List<String> queries = options.queries().isEmpty() ? sql.queryNames() : options.queries();
    QueryRunner runner =
        new QueryRunner(
            sql,
            options.firstEventRate(),
            options.eventsPerTrigger(),
            options.timeoutSeconds() * 1000,
            options.input(),
            options.dataDir(),
            options.parallelism());
    List<QueryResult> results = new ArrayList<>();
    String loadBefore = loadAverage();
    try (runner) {
      runAll(runner, sql, queries, options, results);
    }
    ResultReport report = new ResultReport(results, environment(options, loadBefore));
    System.out.println();
    System.out.print(report.table());
    if (options.outDir() != null) {
      Path file =
          options.outDir().resolve("nexmark-" + LocalDate.now(java.time.ZoneOffset.UTC) + ".json");
      report.writeJson(file);
      System.out.println("\nWrote " + file);
    }
  }

  private static void runAll(
      QueryRunner runner,
      NexmarkSql sql,
      List<String> queries,
      BenchmarkOptions options,
      List<QueryResult> results) {
    for (String query : queries) {
      if (!Files.isRegularFile(sql.directory().resolve(query + ".sql"))) {
        throw new IllegalArgumentException("No " + query + ".sql in " + sql.directory());
      }
      if (options.warmupEvents() > 0) {
        runner.run(query, options.warmupEvents());
      }
      QueryResult result = medianRun(runner, query, options);
      results.add(result);
      System.out.println(
          result.ok()
              ? String.format(
                  java.util.Locale.ROOT,
                  "%s: %,.0f events/s, %,d rows",
                  query,
                  result.eventsPerSecond(),
                  result.outputRows())
              : query + ": " + result.error());
    }
  }

  /** The run with the median time of {@code options.runs()}; the first failure if one fails. */
  private static QueryResult medianRun(QueryRunner runner, String query, BenchmarkOptions options) {
    List<QueryResult> runs = new ArrayList<>();
    for (int i = 0; i < options.runs(); i++) {
      // Start each run from a collected heap so one run's garbage does not bill the next.
      System.gc();
      QueryResult result = runner.run(query, options.events());
      if (!result.ok()) {
        return result;
      }
      runs.add(result);
    }
    runs.sort(Comparator.comparingDouble(QueryResult::seconds));
    return runs.get((runs.size() - 1) / 2);
  }

  private static Map<String, String> environment(BenchmarkOptions options, String loadBefore) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("date", LocalDate.now(java.time.ZoneOffset.UTC).toString());
    env.put("available_processors", Integer.toString(Runtime.getRuntime().availableProcessors()));
    env.put("cpu_model", cpuModel());
    env.put("max_heap_bytes", Long.toString(Runtime.getRuntime().maxMemory()));
    env.put("java_version", System.getProperty("java.version"));
    env.put("java_vm", System.getProperty("java.vm.name"));
    env.put(
        "jvm_arguments",
        String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    env.put("events", Long.toString(options.events()));
    env.put("input", options.input().format());
    env.put("first_event_rate", Long.toString(options.firstEventRate()));
    env.put("events_per_trigger", Long.toString(options.eventsPerTrigger()));
    env.put("warmup_events", Long.toString(options.warmupEvents()));
    env.put("runs_per_query", Integer.toString(options.runs()));
    // Other work on the machine slows wall-clock numbers; per-core ones (CPU time) much less.
    env.put("load_average_before", loadBefore);
    env.put("load_average_after", loadAverage());
    return env;
  }

  /** The 1, 5 and 15 minute load averages, or "unknown" off Linux. */
  private static String loadAverage() {
    try {
      String[] fields =
          Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: the model is a nice-to-have.
    }
    return "unknown";
  }
}
