package io.sluice.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Exactly once at epoch boundaries: a continuous query (epochs of 300 ms) writes into a files sink
 * (its input a folder) or a Kafka sink (its input a topic) while its input keeps arriving. The
 * server, in a child JVM, is halted like kill -9 at each point of epoch 1's checkpoint, or killed
 * with SIGKILL from outside at whatever moment once output was committed, then restarted on the
 * same data directory while the rest of the input arrives. The committed output must hold every row
 * of a run without the crash once: nothing lost, nothing duplicated. With a Kafka sink, whose
 * epochs commit behind the flow, {@code state-behind} dies after epoch 2's sink commit while epoch
 * 1's state is still unwritten: the restart replays both.
 */
@Timeout(300)
class ContinuousCrashRecoveryTest {
  private static final String QUERY = "SELECT auction, price FROM bids WHERE price > 10";
  private static final int CHUNKS = 16;
  // input arrives over several epochs: a chunk of two records every 120 ms
  private static final long CHUNK_PACE_MILLIS = 120;
  private static final long DEADLINE_MILLIS = 90_000;
  private static final AtomicInteger RUNS = new AtomicInteger();

  private static KafkaTestCluster kafka;

  @TempDir Path temp;

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = KafkaTestCluster.start();
  }

  @AfterAll
  static void stopKafka() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  @ParameterizedTest(name = "{0} sink, {1}")
  @CsvSource({
    "files, after-offsets",
    "files, mid-sink",
    "files, after-sink-commit",
    "files, after-commit",
    "files, kill-9",
    "kafka, after-offsets",
    "kafka, mid-sink",
    "kafka, after-sink-commit",
    "kafka, after-commit",
    "kafka, state-behind",
    "kafka, kill-9",
    "kafka-aggregate, after-offsets",
    "kafka-aggregate, mid-sink",
    "kafka-aggregate, after-commit",
    "kafka-aggregate, state-behind",
    "kafka-aggregate, kill-9"
  })
  void continuousOutputAfterACrashEqualsOutputWithoutOne(String sink, String point)
      throws Exception {
    Input input =
        switch (sink) {
          case "files" -> new FilesInput(temp);
          case "kafka" -> new KafkaInput(false);
          default -> new KafkaInput(true);
        };
    Path data = temp.resolve("data");
    boolean killFromOutside = point.equals("kill-9");
    int fed = 0;
    try (SluiceServerProcess first =
        SluiceServerProcess.start(data, killFromOutside ? null : point + ":1")) {
      try (Connection connection = DriverManager.getConnection(first.url());
          Statement statement = connection.createStatement()) {
        for (String sql : input.ddl()) {
          statement.execute(sql);
        }
      }
      if (killFromOutside) {
        // half the input, then SIGKILL once some epoch's output is committed
        while (fed < CHUNKS / 2) {
          input.feed(fed++);
          Thread.sleep(CHUNK_PACE_MILLIS);
        }
        long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        while (input.output(first).isEmpty() && System.currentTimeMillis() < deadline) {
          input.feed(fed++);
          Thread.sleep(CHUNK_PACE_MILLIS);
        }
        assertThat(input.output(first)).as("output before the kill").isNotEmpty();
        input.feed(fed++);
        first.close();
      } else {
        while (fed < CHUNKS && first.awaitExit(0) == null) {
          input.feed(fed++);
          Thread.sleep(CHUNK_PACE_MILLIS);
        }
        assertThat(first.awaitExit(60))
            .as("exit code of the server killed %s; its output:\n%s", point, first.output())
            .isEqualTo(137);
      }
    }

    List<String> expected = input.expected();
    try (SluiceServerProcess second = SluiceServerProcess.start(data, null)) {
      while (fed < CHUNKS) {
        input.feed(fed++);
        Thread.sleep(CHUNK_PACE_MILLIS);
      }
      long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
      List<String> output = input.output(second);
      while (!sameRows(output, expected) && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
        output = input.output(second);
      }
      // a duplicate would come with the epoch after the last: give it the time to show up
      Thread.sleep(1_000);
      output = input.output(second);
      assertThat(output)
          .as("committed output after the restart; server output:\n%s", second.output())
          .containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  private static boolean sameRows(List<String> actual, List<String> expected) {
    List<String> a = new ArrayList<>(actual);
    List<String> b = new ArrayList<>(expected);
    a.sort(null);
    b.sort(null);
    return a.equals(b);
  }

  /** The filter's rows over all the input, as {@code render} shows them. */
  private static List<String> filtered(Input input) {
    List<String> rows = new ArrayList<>();
    for (int chunk = 0; chunk < CHUNKS; chunk++) {
      for (long auction : auctions(chunk)) {
        if (price(auction) > 10) {
          rows.add(input.render(auction, price(auction)));
        }
      }
    }
    return rows;
  }

  private static long[] auctions(int chunk) {
    return new long[] {chunk * 2L + 1, chunk * 2L + 2};
  }

  /** Every third auction's price is filtered out. */
  private static long price(long auction) {
    return auction % 3 == 0 ? 5 : auction * 10;
  }

  /** Where the test's input goes and where it reads the committed output. */
  private interface Input {
    List<String> ddl();

    void feed(int chunk) throws Exception;

    List<String> output(SluiceServerProcess server) throws Exception;

    String render(long auction, long price);

    /** The output of a run without a crash. */
    default List<String> expected() {
      return filtered(this);
    }
  }

  /** A folder in, a files sink out; its committed output read back through a stream over it. */
  private static final class FilesInput implements Input {
    private final Path in;
    private final Path out;

    FilesInput(Path temp) throws Exception {
      this.in = Files.createDirectories(temp.resolve("in"));
      this.out = Files.createDirectories(temp.resolve("out"));
    }

    @Override
    public List<String> ddl() {
      return List.of(
          "CREATE STREAM bids (auction BIGINT, price BIGINT) WITH ('connector' = 'files', "
              + "'path' = '"
              + in
              + "', 'format' = 'csv')",
          "CREATE STREAM results (auction BIGINT, price BIGINT) WITH ('connector' = 'files', "
              + "'path' = '"
              + out
              + "', 'format' = 'json')",
          "SET 'trigger' = 'continuous:300ms'",
          "CREATE SINK results_sink WITH ('connector' = 'files', 'path' = '"
              + out
              + "', 'format' = 'json') AS "
              + QUERY);
    }

    @Override
    public void feed(int chunk) throws Exception {
      StringBuilder csv = new StringBuilder();
      for (long auction : auctions(chunk)) {
        csv.append(auction).append(',').append(price(auction)).append('\n');
      }
      String name = String.format("%03d.csv", chunk);
      Path staging = in.resolve("." + name);
      Files.writeString(staging, csv, StandardCharsets.UTF_8);
      Files.move(staging, in.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public List<String> output(SluiceServerProcess server) throws SQLException {
      List<String> rows = new ArrayList<>();
      try (Connection connection = DriverManager.getConnection(server.url());
          Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery("SELECT auction, price FROM results")) {
        while (rs.next()) {
          rows.add(render(rs.getLong(1), rs.getLong(2)));
        }
      }
      return rows;
    }

    @Override
    public String render(long auction, long price) {
      return auction + " | " + price;
    }
  }

  /**
   * A two-partition topic in, a Kafka sink out, read by a {@code read_committed} consumer. With
   * {@code aggregate}, the query counts bids per price in update mode into an upsert-kafka sink,
   * whose output is the latest row of each key: a replayed epoch whose state or output counted
   * twice would show a count too high, a lost one a count too low.
   */
  private static final class KafkaInput implements Input {
    private final String in;
    private final String out;
    private final boolean aggregate;

    KafkaInput(boolean aggregate) throws Exception {
      this.aggregate = aggregate;
      int run = RUNS.incrementAndGet();
      this.in = "continuous_bids" + run;
      this.out = "continuous_results" + run;
      kafka.createTopic(in, 2);
      kafka.createTopic(out, 2);
    }

    @Override
    public List<String> ddl() {
      String options =
          "'connector' = 'kafka', 'bootstrap.servers' = '" + kafka.bootstrapServers() + "'";
      return List.of(
          "CREATE STREAM bids (auction BIGINT, price BIGINT) WITH ("
              + options
              + ", 'topic' = '"
              + in
              + "', 'format' = 'csv')",
          aggregate
              ? "CREATE SINK results_sink WITH ("
                  + options.replace("'kafka'", "'upsert-kafka'")
                  + ", 'topic' = '"
                  + out
                  + "', 'format' = 'json') AS SELECT price, COUNT(*) AS bids FROM bids "
                  + "GROUP BY price EMIT UPDATE TRIGGER CONTINUOUS INTERVAL '0.3' SECOND"
              : "CREATE SINK results_sink WITH ("
                  + options
                  + ", 'topic' = '"
                  + out
                  + "', 'format' = 'json') AS "
                  + QUERY
                  + " TRIGGER CONTINUOUS INTERVAL '0.3' SECOND");
    }

    @Override
    public List<String> expected() {
      if (!aggregate) {
        return filtered(this);
      }
      java.util.Map<Long, Long> counts = new java.util.TreeMap<>();
      for (int chunk = 0; chunk < CHUNKS; chunk++) {
        for (long auction : auctions(chunk)) {
          counts.merge(price(auction), 1L, Long::sum);
        }
      }
      List<String> rows = new ArrayList<>();
      counts.forEach((price, bids) -> rows.add("{\"price\":" + price + ",\"bids\":" + bids + "}"));
      return rows;
    }

    @Override
    public void feed(int chunk) throws Exception {
      long[] auctions = auctions(chunk);
      for (int i = 0; i < auctions.length; i++) {
        kafka.send(in, i, auctions[i] + "," + price(auctions[i]));
      }
    }

    @Override
    public List<String> output(SluiceServerProcess server) {
      if (!aggregate) {
        return kafka.readCommitted(out);
      }
      // the latest value of each key, in offset order within its partition
      java.util.Map<String, String> latest = new java.util.HashMap<>();
      for (var record : kafka.records(out)) {
        String key = new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
          latest.remove(key);
        } else {
          latest.put(key, new String(record.value(), StandardCharsets.UTF_8));
        }
      }
      return new ArrayList<>(latest.values());
    }

    @Override
    public String render(long auction, long price) {
      return "{\"auction\":" + auction + ",\"price\":" + price + "}";
    }
  }
}
