package io.sluice.bench.chaos;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code bin/sluice bench chaos}: lands files into a stream read by a stateless files sink, a
 * windowed files sink, a Kafka sink (with {@code --kafka}) and a materialized view, kills the
 * server with SIGKILL at random moments (most of them mid-batch, as files keep coming), starts it
 * again on the same data, and at the end checks every output against a model of the input: rows
 * lost, duplicated or wrong must all be 0.
 *
 * <p>Row {@code id} (0, 1, 2, …) has key {@code id % 10} and event time {@code id × 20 ms}, so a
 * 5-second tumbling window holds ids {@code 250w} to {@code 250w + 249}.
 */
public final class ChaosSoak {
  private static final int ROWS_PER_FILE = 50;
  private static final long MILLIS_PER_ROW = 20;
  private static final int ROWS_PER_WINDOW = 250;
  private static final int KEYS = 10;
  private static final long LAND_EVERY_MILLIS = 100;
  private static final long MIN_UPTIME_MILLIS = 2_000;
  private static final long MAX_UPTIME_MILLIS = 12_000;
  private static final Duration SETTLE = Duration.ofMinutes(3);
  private static final Duration SETTLE_CAP = Duration.ofMinutes(30);
  private static final long REPORT_EVERY_MILLIS = 30_000;
  private static final String TOPIC = "sluice-chaos";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChaosOptions options;
  private final Path in;
  private final Path copy;
  private final Path windows;
  private final Path data;
  private final AtomicLong landed = new AtomicLong();
  // the settle's reader of the Kafka sink's topic and what it read so far
  private KafkaConsumer<String, String> kafka;
  private final List<Long> kafkaRead = new ArrayList<>();
  private long kafkaReadMillis;

  private ChaosSoak(ChaosOptions options, Path dir) {
    this.options = requireNonNull(options, "options is null");
    this.in = dir.resolve("in");
    this.copy = dir.resolve("copy");
    this.windows = dir.resolve("windows");
    this.data = dir.resolve("data");
  }

  public static void main(String[] args) throws Exception {
    ChaosOptions options;
    try {
      options = ChaosOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.println(ChaosOptions.USAGE);
      return;
    }
    ChaosReport report = run(options);
    System.out.print(report.render());
    System.exit(report.exact() ? 0 : 1);
  }

  /** Runs a soak and checks its outputs. */
  public static ChaosReport run(ChaosOptions options) throws Exception {
    Path dir =
        options.dir() != null
            ? Files.createDirectories(options.dir())
            : Files.createTempDirectory("sluice-chaos-");
    return new ChaosSoak(options, dir).soak();
  }

  private ChaosReport soak() throws Exception {
    Files.createDirectories(in);
    Files.createDirectories(copy);
    Files.createDirectories(windows);
    if (options.kafka() != null) {
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", options.kafka()))) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
      }
    }
    Random random = new Random(options.seed());
    Path allowed = in.getParent();
    ChaosServer server = ChaosServer.start(data, allowed);
    int kills = 0;
    int midBatch = 0;
    AtomicBoolean landing = new AtomicBoolean(true);
    Thread lander = new Thread(() -> land(landing), "sluice-chaos-lander");
    try {
      try (Connection connection = DriverManager.getConnection(server.url())) {
        create(connection);
      }
      lander.start();
      long end = System.currentTimeMillis() + (long) (options.minutes() * 60_000);
      while (System.currentTimeMillis() < end) {
        long uptime =
            MIN_UPTIME_MILLIS
                + (long) (random.nextDouble() * (MAX_UPTIME_MILLIS - MIN_UPTIME_MILLIS));
        Thread.sleep(Math.max(0, Math.min(uptime, end - System.currentTimeMillis())));
        if (System.currentTimeMillis() >= end) {
          break;
        }
        // on a quiet machine a batch takes a few ms: kill a moment after a file lands, while the
        // queries are likely reading it, so most kills hit a batch planned but not committed
        long seen = landed.get();
        long landedBy = System.currentTimeMillis() + 2 * LAND_EVERY_MILLIS;
        while (landed.get() == seen && System.currentTimeMillis() < landedBy) {
          Thread.sleep(1);
        }
        Thread.sleep(random.nextInt(30));
        server.kill();
        kills++;
        if (killedMidBatch()) {
          midBatch++;
        }
        server = ChaosServer.start(data, allowed);
      }
      landing.set(false);
      lander.join();
      List<ChaosReport.Output> outputs = settleAndCheck(server);
      return new ChaosReport(options.minutes(), kills, midBatch, landed.get(), outputs);
    } catch (Exception | Error e) {
      throw new IllegalStateException(
          "The chaos soak failed: " + e + "\nThe server's last output:\n" + server.output(), e);
    } finally {
      landing.set(false);
      lander.join();
      server.close();
      if (kafka != null) {
        kafka.close();
      }
    }
  }

  private void create(Connection connection) throws SQLException {
    execute(
        connection,
        "CREATE STREAM events (id BIGINT, k INT, ts TIMESTAMP(3), "
            + "WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'files', "
            + "'path' = '"
            + in
            + "', 'format' = 'csv', 'max-files-per-trigger' = '3')");
    execute(
        connection,
        "CREATE SINK chaos_copy WITH ('connector' = 'files', 'path' = '"
            + copy
            + "', 'format' = 'json') AS SELECT id, k FROM events");
    execute(
        connection,
        "CREATE SINK chaos_windows WITH ('connector' = 'files', 'path' = '"
            + windows
            + "', 'format' = 'json') AS SELECT MIN(id) AS first_id, COUNT(*) AS n, "
            + "SUM(id) AS total FROM events GROUP BY TUMBLE(ts, INTERVAL '5' SECOND)");
    if (options.kafka() != null) {
      execute(
          connection,
          "CREATE SINK chaos_kafka WITH ('connector' = 'kafka', 'topic' = '"
              + TOPIC
              + "', 'bootstrap.servers' = '"
              + options.kafka()
              + "', 'format' = 'json') AS SELECT id, k FROM events");
    }
    execute(
        connection,
        "CREATE MATERIALIZED VIEW chaos_per_key AS SELECT k, COUNT(*) AS n, SUM(id) AS total "
            + "FROM events GROUP BY k");
  }

  /** Lands a file of the next rows every {@value #LAND_EVERY_MILLIS} ms while asked to. */
  private void land(AtomicBoolean landing) {
    try {
      for (int file = 0; landing.get(); file++) {
        StringBuilder csv = new StringBuilder();
        long first = (long) file * ROWS_PER_FILE;
        for (long id = first; id < first + ROWS_PER_FILE; id++) {
          csv.append(id).append(',').append(id % KEYS).append(',').append(timestamp(id));
          csv.append('\n');
        }
        String name = String.format("%08d.csv", file);
        Path staging = in.resolve("." + name + ".tmp");
        Files.writeString(staging, csv, StandardCharsets.UTF_8);
        Files.move(staging, in.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        landed.set(first + ROWS_PER_FILE);
        Thread.sleep(LAND_EVERY_MILLIS);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Row {@code id}'s event time: {@code id × 20 ms} after 2026-01-01 00:00 UTC. */
  private static String timestamp(long id) {
    long millis = id * MILLIS_PER_ROW;
    long seconds = millis / 1000;
    return String.format(
        "2026-01-%02d %02d:%02d:%02d.%03d",
        1 + seconds / 86_400, seconds / 3600 % 24, seconds / 60 % 60, seconds % 60, millis % 1000);
  }

  /**
   * Whether the server died with a batch planned but not committed: some checkpoint holds offsets
   * of a batch newer than its last commit.
   */
  private boolean killedMidBatch() throws IOException {
    Path checkpoints = data.resolve("checkpoints");
    if (!Files.isDirectory(checkpoints)) {
      return false;
    }
    try (Stream<Path> queries = Files.list(checkpoints)) {
      for (Path query : queries.toList()) {
        if (newest(query.resolve("offsets")) > newest(query.resolve("commits"))) {
          return true;
        }
      }
    }
    return false;
  }

  private static long newest(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return -1;
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("[0-9]+"))
          .mapToLong(Long::parseLong)
          .max()
          .orElse(-1);
    }
  }

  /**
   * Waits until every output holds all it should, then compares; gives up once no output came
   * closer for {@link #SETTLE} (or after {@link #SETTLE_CAP} in all), so a loaded machine's backlog
   * counts as lost only if the queries stopped delivering it.
   */
  private List<ChaosReport.Output> settleAndCheck(ChaosServer server) throws Exception {
    long rows = landed.get();
    // windows the watermark closed: it trails the newest event time by a second
    long closedWindows = ((rows - 1) * MILLIS_PER_ROW - 1001) / (ROWS_PER_WINDOW * MILLIS_PER_ROW);
    long started = System.currentTimeMillis();
    long cap = started + SETTLE_CAP.toMillis();
    long deadline = started + SETTLE.toMillis();
    long missing = Long.MAX_VALUE;
    long nextReport = started;
    List<ChaosReport.Output> outputs;
    try (Connection connection = DriverManager.getConnection(server.url())) {
      while (true) {
        outputs = new ArrayList<>();
        outputs.add(checkIds("files sink (stateless)", jsonIds(copy), rows));
        outputs.add(checkWindows(closedWindows));
        if (options.kafka() != null) {
          outputs.add(checkIds("Kafka sink", kafkaIds(), rows));
        }
        outputs.add(checkView(connection, rows));
        long now = System.currentTimeMillis();
        if (now >= nextReport) {
          report(connection, outputs, now - started);
          nextReport = now + REPORT_EVERY_MILLIS;
        }
        long stillMissing = outputs.stream().mapToLong(ChaosReport.Output::lost).sum();
        if (stillMissing < missing) {
          missing = stillMissing;
          deadline = Math.min(cap, now + SETTLE.toMillis());
        }
        if (outputs.stream().allMatch(ChaosReport.Output::exact) || now > deadline) {
          report(connection, outputs, now - started);
          System.out.printf("Outputs settled for %.0f s%n", (now - started) / 1000.0);
          return outputs;
        }
        Thread.sleep(500);
      }
    }
  }

  /**
   * Prints each output's missing rows and each query's state, last batch and recent batch times, so
   * a run shows which output lags, by how much and why.
   */
  private void report(Connection connection, List<ChaosReport.Output> outputs, long elapsedMillis)
      throws SQLException {
    StringBuilder line = new StringBuilder();
    line.append(String.format("Settle %4.0f s: lost/duplicated/wrong", elapsedMillis / 1000.0));
    for (ChaosReport.Output output : outputs) {
      line.append(
          String.format(
              " %s %d/%d/%d;", output.name(), output.lost(), output.duplicated(), output.wrong()));
    }
    if (options.kafka() != null) {
      line.append(String.format(" the Kafka read took %d ms", kafkaReadMillis));
    }
    Map<String, double[]> recent = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT query_id, AVG(duration_ms), AVG(input_rows), COUNT(*)"
                    + " FROM sys.query_progress GROUP BY query_id")) {
      while (rs.next()) {
        recent.put(
            rs.getString(1), new double[] {rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)});
      }
    }
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT query_id, state, last_batch_id, retry_attempt FROM sys.queries"
                    + " WHERE query_id LIKE 'chaos%' ORDER BY query_id")) {
      while (rs.next()) {
        double[] batches = recent.getOrDefault(rs.getString(1), new double[3]);
        line.append(
            String.format(
                "%n  query %s %s, batch %d, retry %d; its last %.0f batches: %.0f ms, %.0f rows",
                rs.getString(1),
                rs.getString(2),
                rs.getLong(3),
                rs.getInt(4),
                batches[2],
                batches[0],
                batches[1]));
      }
    }
    System.out.println(line);
  }

  private static ChaosReport.Output checkIds(String name, List<Long> ids, long rows) {
    Map<Long, Integer> seen = new HashMap<>();
    long wrong = 0;
    for (long id : ids) {
      if (id < 0 || id >= rows) {
        wrong++;
      } else {
        seen.merge(id, 1, Integer::sum);
      }
    }
    long duplicated = 0;
    for (int count : seen.values()) {
      duplicated += count - 1;
    }
    return new ChaosReport.Output(name, rows, rows - seen.size(), duplicated, wrong);
  }

  private ChaosReport.Output checkWindows(long closed) throws IOException {
    Map<Long, Integer> seen = new HashMap<>();
    long wrong = 0;
    for (JsonNode row : jsonRows(windows)) {
      long first = row.get("first_id").asLong();
      long window = first / ROWS_PER_WINDOW;
      long from = window * ROWS_PER_WINDOW;
      long to = from + ROWS_PER_WINDOW - 1;
      if (first != from
          || row.get("n").asLong() != ROWS_PER_WINDOW
          || row.get("total").asLong() != (from + to) * ROWS_PER_WINDOW / 2) {
        wrong++;
      }
      seen.merge(window, 1, Integer::sum);
    }
    long lost = 0;
    for (long w = 0; w < closed; w++) {
      if (!seen.containsKey(w)) {
        lost++;
      }
    }
    long duplicated = 0;
    for (int count : seen.values()) {
      duplicated += count - 1;
    }
    return new ChaosReport.Output("windowed files sink", closed, lost, duplicated, wrong);
  }

  private static ChaosReport.Output checkView(Connection connection, long rows)
      throws SQLException {
    long[] n = new long[KEYS];
    long[] total = new long[KEYS];
    for (long id = 0; id < rows; id++) {
      n[(int) (id % KEYS)]++;
      total[(int) (id % KEYS)] += id;
    }
    long lost = 0;
    long duplicated = 0;
    long wrong = 0;
    Map<Integer, Integer> keys = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT k, n, total FROM chaos_per_key")) {
      while (rs.next()) {
        int k = rs.getInt(1);
        keys.merge(k, 1, Integer::sum);
        if (k < 0 || k >= KEYS) {
          wrong++;
          continue;
        }
        long diff = rs.getLong(2) - n[k];
        // fewer rows counted: lost; more: counted twice; the same count but another sum: wrong
        if (diff < 0) {
          lost -= diff;
        } else if (diff > 0) {
          duplicated += diff;
        } else if (rs.getLong(3) != total[k]) {
          wrong++;
        }
      }
    }
    for (int k = 0; k < KEYS; k++) {
      if (!keys.containsKey(k)) {
        lost += n[k];
      } else if (keys.get(k) > 1) {
        wrong += keys.get(k) - 1;
      }
    }
    return new ChaosReport.Output("materialized view", rows, lost, duplicated, wrong);
  }

  private static List<Long> jsonIds(Path folder) throws IOException {
    List<Long> ids = new ArrayList<>();
    for (JsonNode row : jsonRows(folder)) {
      ids.add(row.get("id").asLong());
    }
    return ids;
  }

  /** Every row of the visible JSON files of a files sink's folder. */
  private static List<JsonNode> jsonRows(Path folder) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            rows.add(JSON.readTree(line));
          }
        }
      }
    }
    return rows;
  }

  /**
   * The ids of every committed record of the Kafka sink's topic so far. One consumer reads on from
   * where the last call stopped: re-reading a topic of hundreds of thousands of records on every
   * check took longer than the check's deadline, and a partial read looked like lost rows.
   */
  private List<Long> kafkaIds() throws IOException {
    if (kafka == null) {
      Properties config = new Properties();
      config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.kafka());
      config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
      kafka = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
      List<TopicPartition> partitions =
          kafka.partitionsFor(TOPIC).stream()
              .map(p -> new TopicPartition(TOPIC, p.partition()))
              .toList();
      kafka.assign(partitions);
      kafka.seekToBeginning(partitions);
    }
    long started = System.currentTimeMillis();
    // read_committed: the end is the last stable offset, past which nothing is visible yet
    Map<TopicPartition, Long> ends = kafka.endOffsets(kafka.assignment());
    long deadline = started + 30_000;
    while (ends.keySet().stream().anyMatch(tp -> kafka.position(tp) < ends.get(tp))
        && System.currentTimeMillis() < deadline) {
      for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(200))) {
        kafkaRead.add(JSON.readTree(record.value()).get("id").asLong());
      }
    }
    kafkaReadMillis = System.currentTimeMillis() - started;
    return kafkaRead;
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
