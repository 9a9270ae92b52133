package io.sluice.bench.latency;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bin/sluice bench latency}: how long an event takes from its POST to an HTTP stream to the
 * moment our JDBC driver's {@code next()} returns it from a filter push query, per trigger, and the
 * highest rate each trigger sustains; then how many records per second HTTP posts of 1 000 records
 * get into a stream's log (fsync'd). The server runs in a child JVM with the shipped settings; this
 * JVM posts and reads, so send and receive times come from one clock.
 */
public final class LatencyBenchmark {
  private static final String USAGE =
      """
      Usage: bin/sluice bench latency [options]
        --rate N            events per second posted (default 1000)
        --seconds N         measured seconds per run (default 10), after --warmup-seconds (default 3)
        --triggers LIST     triggers to measure, comma-separated
                            (default continuous:1s,default,processing-time:100ms)
        --max               per trigger, double the rate from --rate until a rate is not sustained
        --max-rate N        highest rate --max tries (default 128000)
        --tick-ms N         events due are posted together every N ms (default 5)
        --ingest-seconds N  seconds of the ingestion throughput run (default 10; 0 skips it)
        --posters N         concurrent posters of the throughput run (default 4)
        --batch N           records per post in the throughput run (default 1000)
        --set KEY=VALUE     a server setting (repeatable), e.g. sluice.query.idle-poll-ms=10
        --data DIR          the server's data directory (default a temporary one)
        --input http|kafka  where events come in (default http); kafka produces them to a topic of
                            a local broker in this JVM and times each trigger twice: to the JDBC
                            client, and through a Kafka sink to consumers here (read_committed and
                            read_uncommitted), printing the server's commit and checkpoint write
                            times for the sink; no ingestion run
      """;

  private LatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    if (options.help) {
      System.out.print(USAGE);
      return;
    }
    Path data = options.data != null ? options.data : Files.createTempDirectory("sluice-latency");
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    System.out.printf(
        "Sluice latency benchmark: %d cores, server settings %s, data in %s%n",
        Runtime.getRuntime().availableProcessors(),
        options.settings.isEmpty() ? "as shipped" : options.settings,
        data);
    if (options.kafka) {
      kafkaRuns(data, options);
      return;
    }
    try (LatencyServer server = LatencyServer.start(data, options.settings, "1g")) {
      List<String> table = new ArrayList<>();
      table.add(
          "| trigger | rate (events/s) | rows read | p50 ms | p99 ms | p99.9 ms | max ms | sustained |");
      table.add("|---|---|---|---|---|---|---|---|");
      int run = 0;
      // the first run warms both JVMs up (JIT, connections); it is shown but not counted
      run++;
      System.out.println(
          "warm-up "
              + latencyRun(
                      server, http, "lat_" + run, options.triggers.get(0), options.rate, options)
                  .row());
      for (String trigger : options.triggers) {
        long rate = options.rate;
        long highest = -1;
        while (true) {
          run++;
          RunResult result = latencyRun(server, http, "lat_" + run, trigger, rate, options);
          table.add(result.row());
          System.out.println(result.row());
          if (!result.sustained) {
            break;
          }
          highest = rate;
          if (!options.max || rate * 2 > options.maxRate) {
            break;
          }
          rate *= 2;
        }
        if (options.max) {
          String line =
              "| "
                  + trigger
                  + " | highest sustained: "
                  + (highest < 0 ? "below " + options.rate : String.valueOf(highest))
                  + " | | | | | | |";
          table.add(line);
          System.out.println(line);
        }
      }
      if (options.ingestSeconds > 0) {
        table.add("");
        String ingest = ingestRun(server, http, options);
        table.add(ingest);
      }
      System.out.println();
      table.forEach(System.out::println);
    }
  }

  /** {@code --input kafka}: per trigger, Kafka in to JDBC out, then Kafka in to Kafka out. */
  private static void kafkaRuns(Path data, Options options) throws Exception {
    try (KafkaLatency kafka = KafkaLatency.start();
        LatencyServer server = LatencyServer.start(data, options.settings, "1g")) {
      System.out.println("Kafka broker at " + kafka.bootstrapServers());
      List<String> table = new ArrayList<>();
      table.add(
          "| trigger and path | rate (events/s) | rows read | p50 ms | p99 ms | p99.9 ms | max ms |"
              + " sustained |");
      table.add("|---|---|---|---|---|---|---|---|");
      int run = 0;
      // the first runs warm both JVMs up (JIT, connections); shown but not counted
      for (boolean toKafka : new boolean[] {false, true}) {
        run++;
        for (RunResult result :
            kafka.run(
                server, "klat_" + run, options.triggers.get(0), options.rate, toKafka, options)) {
          System.out.println("warm-up " + result.row());
        }
      }
      for (String trigger : options.triggers) {
        for (boolean toKafka : new boolean[] {false, true}) {
          long rate = options.rate;
          while (true) {
            run++;
            boolean sustained = true;
            for (RunResult result :
                kafka.run(server, "klat_" + run, trigger, rate, toKafka, options)) {
              table.add(result.row());
              System.out.println(result.row());
              sustained &= result.sustained;
            }
            if (!sustained || !options.max || rate * 2 > options.maxRate) {
              break;
            }
            rate *= 2;
          }
        }
      }
      System.out.println();
      table.forEach(System.out::println);
    }
  }

  /** What one latency run measured. */
  record RunResult(
      String trigger,
      long rate,
      Percentiles latency,
      long expected,
      boolean sustained,
      String why) {
    String row() {
      return String.format(
          Locale.ROOT,
          "| %s | %d | %d of %d | %s | %s | %s | %s | %s |",
          trigger,
          rate,
          latency.count(),
          expected,
          Percentiles.millis(latency.p50()),
          Percentiles.millis(latency.p99()),
          Percentiles.millis(latency.p999()),
          Percentiles.millis(latency.max()),
          sustained ? "yes" : "no: " + why);
    }
  }

  static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /**
   * Posts {@code rate} events per second to a new stream for warmup plus measured seconds, every
   * second one passing the query's filter, and times each from its POST to {@code next()}.
   */
  private static RunResult latencyRun(
      LatencyServer server,
      HttpClient http,
      String stream,
      String trigger,
      long rate,
      Options options)
      throws Exception {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl())) {
      execute(
          connection,
          "CREATE STREAM "
              + stream
              + " (id BIGINT, sent_ns BIGINT, keep BOOLEAN) WITH ('connector' = 'http',"
              + " 'format' = 'json', 'scan.startup.mode' = 'latest')");
      execute(connection, "SET 'trigger' = '" + trigger + "'");
      Statement statement = connection.createStatement();
      ResultSet rs =
          statement.executeQuery("SELECT STREAM id, sent_ns FROM " + stream + " WHERE keep");
      long total = rate * (options.warmupSeconds + options.seconds);
      long firstMeasured = rate * options.warmupSeconds;
      long expected = (total - firstMeasured + 1) / 2;
      long[] latencies = new long[(int) Math.min(Integer.MAX_VALUE - 8, expected + 16)];
      AtomicLong measured = new AtomicLong();
      AtomicLong lastReceived = new AtomicLong();
      AtomicBoolean readerFailed = new AtomicBoolean();
      Thread reader =
          new Thread(
              () -> {
                long keptSeen = 0;
                long keptTotal = (total + 1) / 2;
                try {
                  while (keptSeen < keptTotal && rs.next()) {
                    long now = System.nanoTime();
                    long id = rs.getLong(1);
                    long sent = rs.getLong(2);
                    keptSeen++;
                    lastReceived.set(now);
                    if (id >= firstMeasured) {
                      int at = (int) measured.getAndIncrement();
                      if (at < latencies.length) {
                        latencies[at] = (now - sent) / 1000;
                      }
                    }
                  }
                } catch (SQLException e) {
                  if (!Thread.currentThread().isInterrupted()) {
                    readerFailed.set(true);
                    System.err.println("The reader failed: " + e);
                  }
                }
              },
              "latency-reader");
      reader.setDaemon(true);
      reader.start();
      // let the push query start before the first event
      Thread.sleep(1000);

      Poster poster = new Poster(http, server.httpUrl() + "api/streams/" + stream);
      long maxLagNanos = PacedSender.run(total, rate, options.tickMs, poster::post);
      long lastSent = System.nanoTime();
      poster.drain();
      reader.join(TimeUnit.SECONDS.toMillis(10));
      boolean allRead = !reader.isAlive();
      reader.interrupt();
      statement.close();
      execute(connection, "DROP STREAM " + stream);
      int count = (int) Math.min(measured.get(), latencies.length);
      Percentiles latency = Percentiles.of(latencies, count);
      String why = null;
      if (poster.failures.get() > 0) {
        why = poster.failures.get() + " posts failed (" + poster.lastFailure + ")";
      } else if (readerFailed.get() || !allRead) {
        why = "not every row arrived within 10 s of the last post";
      } else if (maxLagNanos > TimeUnit.SECONDS.toNanos(1)) {
        why = "the poster fell " + maxLagNanos / 1_000_000 + " ms behind its schedule";
      } else if (lastReceived.get() - lastSent > TimeUnit.SECONDS.toNanos(2)) {
        why = "the last row arrived " + (lastReceived.get() - lastSent) / 1_000_000 + " ms late";
      } else if (latency.p99() > 1_000_000) {
        why = "p99 above 1 s";
      }
      return new RunResult(trigger, rate, latency, expected, why == null, why);
    }
  }

  /** Posts events asynchronously, each post timestamped as it is sent. */
  private static final class Poster {
    private final HttpClient http;
    private final URI uri;
    private final Semaphore inFlight = new Semaphore(256);
    final AtomicLong failures = new AtomicLong();
    volatile String lastFailure;

    Poster(HttpClient http, String url) {
      this.http = http;
      this.uri = URI.create(url);
    }

    void post(long from, long to) throws InterruptedException {
      inFlight.acquire();
      StringBuilder body = new StringBuilder((int) (to - from) * 60);
      long sent = System.nanoTime();
      for (long id = from; id < to; id++) {
        body.append("{\"id\":")
            .append(id)
            .append(",\"sent_ns\":")
            .append(sent)
            .append(",\"keep\":")
            .append(id % 2 == 0)
            .append("}\n");
      }
      var unused =
          http.sendAsync(
                  HttpRequest.newBuilder(uri)
                      .header("Content-Type", "application/x-ndjson")
                      .timeout(Duration.ofSeconds(30))
                      .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .whenComplete(
                  (response, error) -> {
                    inFlight.release();
                    if (error != null || response.statusCode() != 200) {
                      failures.incrementAndGet();
                      lastFailure = error != null ? error.toString() : response.body().strip();
                    }
                  });
    }

    void drain() throws InterruptedException {
      inFlight.acquire(256);
      inFlight.release(256);
    }
  }

  /** Concurrent posters send posts of {@code --batch} records for {@code --ingest-seconds}. */
  private static String ingestRun(LatencyServer server, HttpClient http, Options options)
      throws Exception {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl())) {
      execute(
          connection,
          "CREATE STREAM ingest (id BIGINT, sent_ns BIGINT, keep BOOLEAN) WITH ("
              + "'connector' = 'http', 'format' = 'json', 'log.max-bytes' = '100gb')");
    }
    URI uri = URI.create(server.httpUrl() + "api/streams/ingest");
    AtomicLong records = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    AtomicLong posts = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.ingestSeconds);
    List<Thread> posters = new ArrayList<>();
    long started = System.nanoTime();
    for (int p = 0; p < options.posters; p++) {
      int poster = p;
      Thread thread =
          new Thread(
              () -> {
                StringBuilder text = new StringBuilder();
                for (int r = 0; r < options.batch; r++) {
                  text.append("{\"id\":")
                      .append(poster * 1_000_000_000L + r)
                      .append(",\"sent_ns\":")
                      .append(System.nanoTime())
                      .append(",\"keep\":true}\n");
                }
                byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
                while (System.nanoTime() < deadline) {
                  try {
                    HttpResponse<String> response =
                        http.send(
                            HttpRequest.newBuilder(uri)
                                .header("Content-Type", "application/x-ndjson")
                                .timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                      records.addAndGet(options.batch);
                      bytes.addAndGet(body.length);
                      posts.incrementAndGet();
                    } else {
                      failures.incrementAndGet();
                    }
                  } catch (IOException e) {
                    failures.incrementAndGet();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  }
                }
              },
              "ingest-poster-" + p);
      thread.start();
      posters.add(thread);
    }
    for (Thread thread : posters) {
      thread.join();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    return String.format(
        Locale.ROOT,
        "Ingestion: %d posters, %d records per post: %.0f records/s (%.1f MB/s of JSON), %d posts"
            + " (%.1f ms each on average), %d failed",
        options.posters,
        options.batch,
        records.get() / seconds,
        bytes.get() / seconds / (1 << 20),
        posts.get(),
        posts.get() == 0 ? 0.0 : seconds * 1000 * options.posters / posts.get(),
        failures.get());
  }

  /** The command line. */
  static final class Options {
    long rate = 1000;
    long seconds = 10;
    long warmupSeconds = 3;
    List<String> triggers = List.of("continuous:1s", "default", "processing-time:100ms");
    boolean max;
    long maxRate = 128_000;
    long tickMs = 5;
    long ingestSeconds = 10;
    int posters = 4;
    int batch = 1000;
    List<String> settings = new ArrayList<>();
    boolean kafka;
    Path data;
    boolean help;

    static Options parse(String[] args) {
      Options options = new Options();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--help", "-h" -> options.help = true;
          case "--max" -> options.max = true;
          case "--rate" -> options.rate = positive(arg, value(args, ++i, arg));
          case "--seconds" -> options.seconds = positive(arg, value(args, ++i, arg));
          case "--warmup-seconds" -> options.warmupSeconds = Long.parseLong(value(args, ++i, arg));
          case "--triggers", "--trigger" ->
              options.triggers = List.of(value(args, ++i, arg).split("\\s*,\\s*"));
          case "--max-rate" -> options.maxRate = positive(arg, value(args, ++i, arg));
          case "--tick-ms" -> options.tickMs = positive(arg, value(args, ++i, arg));
          case "--ingest-seconds" -> options.ingestSeconds = Long.parseLong(value(args, ++i, arg));
          case "--posters" -> options.posters = (int) positive(arg, value(args, ++i, arg));
          case "--batch" -> options.batch = (int) positive(arg, value(args, ++i, arg));
          case "--set" -> options.settings.add(value(args, ++i, arg));
          case "--data" -> options.data = Path.of(value(args, ++i, arg));
          case "--input" -> {
            String input = value(args, ++i, arg);
            if (!input.equals("http") && !input.equals("kafka")) {
              throw new IllegalArgumentException("--input is http or kafka, not '" + input + "'");
            }
            options.kafka = input.equals("kafka");
          }
          default -> throw new IllegalArgumentException("Unknown option '" + arg + "'");
        }
      }
      return options;
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException("Option " + option + " needs a value");
      }
      return args[i];
    }

    private static long positive(String option, String text) {
      long value;
      try {
        value = Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " takes a number, not '" + text + "'");
      }
      if (value < 1) {
        throw new IllegalArgumentException(option + " must be positive");
      }
      return value;
    }
  }
}
