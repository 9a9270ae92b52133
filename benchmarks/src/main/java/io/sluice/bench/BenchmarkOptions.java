package io.sluice.bench;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options of {@link NexmarkBenchmark}.
 *
 * @param queries query names (q0, q5, …); empty for every query file present
 * @param sqlDir folder of the SQL files, null to look in the usual places
 * @param outDir folder for the JSON results, null to write none
 * @param input where the queries read events from
 * @param dataDir folder of the input files written once for file inputs
 * @param parallelism subtasks each query runs on
 */
public record BenchmarkOptions(
    long events,
    List<String> queries,
    long firstEventRate,
    long eventsPerTrigger,
    long warmupEvents,
    int runs,
    long timeoutSeconds,
    Path sqlDir,
    Path outDir,
    Input input,
    Path dataDir,
    int parallelism,
    boolean help) {
  static final String USAGE =
      String.join(
          "\n",
          "Usage: NexmarkBenchmark [options]",
          "  --events N              events to generate per query (default 1000000)",
          "  --queries q0,q5,...     queries to run (default: every qN.sql)",
          "  --first-event-rate N    events per second of event time (default 10000)",
          "  --events-per-trigger N  events per micro-batch (default 100000)",
          "  --warmup N              events of an unmeasured run first (default 200000, 0 for none)",
          "  --runs N                measured runs per query, the median by time reported (default 1)",
          "  --timeout-seconds N     give up on a query after this long (default 600)",
          "  --sql-dir DIR           the Nexmark SQL files (default benchmarks/nexmark)",
          "  --out DIR               where nexmark-<date>.json goes (default benchmarks/results)",
          "  --no-json               write no JSON",
          "  --input KIND            generator (default), csv, json or parquet: files of the",
          "                          generator's events, written once and kept (rewritten for",
          "                          another --events);",
          "                          kafka: JSON records loaded once per run of the benchmark into a",
          "                          local broker it starts (partitions = parallelism)",
          "  --data-dir DIR          where the input files go (default benchmarks/data)",
          "  --parallelism N         subtasks each query runs on (default 1)");

  public BenchmarkOptions {
    queries = List.copyOf(queries);
    requireNonNull(input, "input is null");
    requireNonNull(dataDir, "dataDir is null");
  }

  /**
   * Parses the arguments.
   *
   * @throws IllegalArgumentException naming an unknown option or a bad value
   */
  public static BenchmarkOptions parse(String[] args) {
    long events = 1_000_000;
    List<String> queries = new ArrayList<>();
    long rate = 10_000;
    long perTrigger = 100_000;
    long warmup = 200_000;
    long runs = 1;
    long timeout = 600;
    Path sqlDir = null;
    Path outDir = Path.of("benchmarks", "results");
    boolean help = false;
    Input input = Input.GENERATOR;
    Path dataDir = Path.of("benchmarks", "data");
    long parallelism = 1;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--events" -> events = positive(arg, value(args, ++i, arg));
        case "--queries" -> {
          for (String query : value(args, ++i, arg).split(",")) {
            if (!query.isBlank()) {
              queries.add(query.trim().toLowerCase(java.util.Locale.ROOT));
            }
          }
        }
        case "--first-event-rate" -> rate = positive(arg, value(args, ++i, arg));
        case "--events-per-trigger" -> perTrigger = positive(arg, value(args, ++i, arg));
        case "--warmup" -> warmup = nonNegative(arg, value(args, ++i, arg));
        case "--runs" -> runs = positive(arg, value(args, ++i, arg));
        case "--timeout-seconds" -> timeout = positive(arg, value(args, ++i, arg));
        case "--sql-dir" -> sqlDir = Path.of(value(args, ++i, arg));
        case "--out" -> outDir = Path.of(value(args, ++i, arg));
        case "--no-json" -> outDir = null;
        case "--input" -> input = Input.parse(value(args, ++i, arg));
        case "--data-dir" -> dataDir = Path.of(value(args, ++i, arg));
        case "--parallelism" -> parallelism = positive(arg, value(args, ++i, arg));
        case "-h", "--help" -> help = true;
        default -> throw new IllegalArgumentException("Unknown option '" + arg + "'");
      }
    }
    if (parallelism > 128) {
      throw new IllegalArgumentException("Option --parallelism needs at most 128");
    }
    if (runs > 100) {
      throw new IllegalArgumentException("Option --runs needs at most 100");
    }
    return new BenchmarkOptions(
        events,
        queries,
        rate,
        perTrigger,
        warmup,
        (int) runs,
        timeout,
        sqlDir,
        outDir,
        input,
        dataDir,
        (int) parallelism,
        help);
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new IllegalArgumentException("Option " + option + " needs a value");
    }
    return args[index];
  }

  private static long positive(String option, String text) {
    long value = nonNegative(option, text);
    if (value == 0) {
      throw new IllegalArgumentException("Option " + option + " needs a positive integer");
    }
    return value;
  }

  private static long nonNegative(String option, String text) {
    try {
      long value = Long.parseLong(text.replace("_", ""));
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Option " + option + " needs a non-negative integer, " + "not '" + text + "'");
    }
  }
}
