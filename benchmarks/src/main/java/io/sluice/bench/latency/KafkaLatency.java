package io.sluice.bench.latency;

import static java.util.Objects.requireNonNull;

import io.sluice.bench.InputTopics;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;

/**
 * {@code bench latency --input kafka}: events produced at a fixed rate to a topic of a real KRaft
 * broker in this process, read by the server (a child JVM) as a Kafka stream; per trigger, the time
 * from the produce call to (a) our JDBC driver's {@code next()} returning the row of a filter push
 * query ({@code kafka-jdbc}) and (b) a consumer in this JVM receiving the record a Kafka sink of
 * the same filter wrote to another topic, read {@code read_committed} ({@code kafka-kafka}, what an
 * exactly-once reader sees: the sink commits one transaction per batch or epoch) and {@code
 * read_uncommitted} ({@code kafka-kafka-uncommitted}, the same records as soon as they are written
 * into the open transaction). Send and receive times come from this JVM's clock.
 */
final class KafkaLatency implements AutoCloseable {
  private static final long DEADLINE_SECONDS = 60;

  private final KafkaClusterTestKit broker;
  private final String bootstrap;
  private final Admin admin;
  private final KafkaProducer<byte[], byte[]> producer;

  private KafkaLatency(KafkaClusterTestKit broker) {
    this.broker = requireNonNull(broker, "broker is null");
    this.bootstrap = broker.bootstrapServers();
    this.admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                // each tick's events leave at once: latency, not batching, is measured
                ProducerConfig.LINGER_MS_CONFIG,
                0),
            new ByteArraySerializer(),
            new ByteArraySerializer());
  }

  /** Starts the local broker. */
  static KafkaLatency start() throws Exception {
    return new KafkaLatency(InputTopics.startBroker());
  }

  String bootstrapServers() {
    return bootstrap;
  }

  /**
   * One run: {@code rate} events per second for warm-up plus measured seconds into a new topic,
   * timed to the JDBC client ({@code toKafka} false) or through a Kafka sink to consumers here.
   */
  List<LatencyBenchmark.RunResult> run(
      LatencyServer server,
      String name,
      String trigger,
      long rate,
      boolean toKafka,
      LatencyBenchmark.Options options)
      throws Exception {
    String in = name + "_in";
    String out = name + "_out";
    admin
        .createTopics(List.of(new NewTopic(in, 1, (short) 1), new NewTopic(out, 1, (short) 1)))
        .all()
        .get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    long total = rate * (options.warmupSeconds + options.seconds);
    long firstMeasured = rate * options.warmupSeconds;
    long expected = (total - firstMeasured + 1) / 2;
    long keptTotal = (total + 1) / 2;
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl())) {
      // earliest: the topic is new, so a query that starts late still reads every event
      LatencyBenchmark.execute(
          connection,
          "CREATE STREAM "
              + name
              + " (id BIGINT, sent_ns BIGINT, keep BOOLEAN) WITH ('connector' = 'kafka',"
              + " 'topic' = '"
              + in
              + "', 'bootstrap.servers' = '"
              + bootstrap
              + "', 'format' = 'json', 'scan.startup.mode' = 'earliest')");
      LatencyBenchmark.execute(connection, "SET 'trigger' = '" + trigger + "'");
      List<Reader> readers = new ArrayList<>();
      Statement statement = null;
      if (toKafka) {
        LatencyBenchmark.execute(
            connection,
            "CREATE SINK "
                + name
                + "_sink WITH ('connector' = 'kafka', 'topic' = '"
                + out
                + "', 'bootstrap.servers' = '"
                + bootstrap
                + "', 'format' = 'json') AS SELECT id, sent_ns FROM "
                + name
                + " WHERE keep");
        readers.add(new TopicReader("kafka-kafka", out, "read_committed", expected));
        readers.add(new TopicReader("kafka-kafka-uncommitted", out, "read_uncommitted", expected));
      } else {
        statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery("SELECT STREAM id, sent_ns FROM " + name + " WHERE keep");
        readers.add(new JdbcReader(rs, expected));
      }
      for (Reader reader : readers) {
        reader.start(firstMeasured, keptTotal);
      }
      // let the query start before the first event
      Thread.sleep(1000);

      AtomicLong failures = new AtomicLong();
      long maxLagNanos =
          PacedSender.run(
              total,
              rate,
              options.tickMs,
              (from, to) -> {
                for (long id = from; id < to; id++) {
                  String value =
                      "{\"id\":"
                          + id
                          + ",\"sent_ns\":"
                          + System.nanoTime()
                          + ",\"keep\":"
                          + (id % 2 == 0)
                          + "}";
                  var unused =
                      producer.send(
                          new ProducerRecord<>(in, 0, null, value.getBytes(StandardCharsets.UTF_8)),
                          (metadata, error) -> {
                            if (error != null) {
                              failures.incrementAndGet();
                            }
                          });
                }
              });
      producer.flush();
      long lastSent = System.nanoTime();
      List<LatencyBenchmark.RunResult> results = new ArrayList<>();
      for (Reader reader : readers) {
        reader.await(TimeUnit.SECONDS.toMillis(10));
      }
      for (Reader reader : readers) {
        reader.stop();
        Percentiles latency = reader.percentiles();
        String why = null;
        if (failures.get() > 0) {
          why = failures.get() + " sends failed";
        } else if (reader.failed() || !reader.done()) {
          why = "not every row arrived within 10 s of the last send";
        } else if (maxLagNanos > TimeUnit.SECONDS.toNanos(1)) {
          why = "the producer fell " + maxLagNanos / 1_000_000 + " ms behind its schedule";
        } else if (reader.lastReceived() - lastSent > TimeUnit.SECONDS.toNanos(2)) {
          why =
              "the last row arrived " + (reader.lastReceived() - lastSent) / 1_000_000 + " ms late";
        } else if (latency.p99() > 1_000_000) {
          why = "p99 above 1 s";
        }
        results.add(
            new LatencyBenchmark.RunResult(
                trigger + " " + reader.path(), rate, latency, expected, why == null, why));
      }
      if (statement != null) {
        statement.close();
      }
      if (toKafka) {
        System.out.println("  " + ServerTimings.summary(server.httpUrl(), name + "_sink"));
        LatencyBenchmark.execute(connection, "DROP SINK " + name + "_sink");
      }
      LatencyBenchmark.execute(connection, "DROP STREAM " + name);
      return results;
    } finally {
      admin.deleteTopics(List.of(in, out)).all().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }
  }

  /** Receives the kept events on a thread of its own and times each. */
  private abstract static class Reader {
    private final long[] latencies;
    private final AtomicLong measured = new AtomicLong();
    private final AtomicLong lastReceived = new AtomicLong();
    private final AtomicBoolean failed = new AtomicBoolean();
    private volatile boolean done;
    private volatile boolean stopping;
    private long firstMeasured;
    private Thread thread;

    Reader(long expected) {
      this.latencies = new long[(int) Math.min(Integer.MAX_VALUE - 8, expected + 16)];
    }

    abstract String path();

    /** Reads until {@code keptTotal} rows arrived, calling {@link #received} for each. */
    abstract void read(long keptTotal) throws Exception;

    void start(long firstMeasured, long keptTotal) {
      this.firstMeasured = firstMeasured;
      thread =
          new Thread(
              () -> {
                try {
                  read(keptTotal);
                  done = true;
                } catch (Exception e) {
                  if (!stopping) {
                    failed.set(true);
                    System.err.println("The " + path() + " reader failed: " + e);
                  }
                }
              },
              "latency-reader-" + path());
      thread.setDaemon(true);
      thread.start();
    }

    void received(long id, long sentNanos) {
      long now = System.nanoTime();
      lastReceived.set(now);
      if (id >= firstMeasured) {
        int at = (int) measured.getAndIncrement();
        if (at < latencies.length) {
          latencies[at] = (now - sentNanos) / 1000;
        }
      }
    }

    boolean isStopping() {
      return stopping;
    }

    void await(long millis) throws InterruptedException {
      thread.join(millis);
    }

    void stop() throws InterruptedException {
      stopping = true;
      thread.interrupt();
      thread.join(5000);
    }

    boolean done() {
      return done;
    }

    boolean failed() {
      return failed.get();
    }

    long lastReceived() {
      return lastReceived.get();
    }

    Percentiles percentiles() {
      return Percentiles.of(latencies, (int) Math.min(measured.get(), latencies.length));
    }
  }

  /** The rows of a push query, as a JDBC client's {@code next()} returns them. */
  private static final class JdbcReader extends Reader {
    private final ResultSet rs;

    JdbcReader(ResultSet rs, long expected) {
      super(expected);
      this.rs = rs;
    }

    @Override
    String path() {
      return "kafka-jdbc";
    }

    @Override
    void read(long keptTotal) throws SQLException {
      for (long seen = 0; seen < keptTotal && rs.next(); seen++) {
        received(rs.getLong(1), rs.getLong(2));
      }
    }
  }

  /** The records of the sink's topic, as a consumer of the given isolation level receives them. */
  private final class TopicReader extends Reader {
    private final String path;
    private final String topic;
    private final String isolation;

    TopicReader(String path, String topic, String isolation, long expected) {
      super(expected);
      this.path = path;
      this.topic = topic;
      this.isolation = isolation;
    }

    @Override
    String path() {
      return path;
    }

    @Override
    void read(long keptTotal) {
      try (KafkaConsumer<byte[], byte[]> consumer =
          new KafkaConsumer<>(
              Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  bootstrap,
                  ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                  isolation,
                  ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                  "earliest"),
              new ByteArrayDeserializer(),
              new ByteArrayDeserializer())) {
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long seen = 0;
        while (seen < keptTotal && !isStopping()) {
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            received(number(value, "\"id\":"), number(value, "\"sent_ns\":"));
            seen++;
          }
        }
      }
    }
  }

  /** The integer after {@code key} in a flat JSON object the sink wrote. */
  private static long number(String json, String key) {
    int at = json.indexOf(key);
    if (at < 0) {
      throw new IllegalStateException("No " + key + " in " + json);
    }
    int from = at + key.length();
    while (json.charAt(from) == ' ') {
      from++;
    }
    int to = from;
    while (to < json.length() && (Character.isDigit(json.charAt(to)) || json.charAt(to) == '-')) {
      to++;
    }
    return Long.parseLong(json.substring(from, to));
  }

  @Override
  public void close() throws Exception {
    producer.close(Duration.ofSeconds(5));
    admin.close(Duration.ofSeconds(5));
    broker.close();
  }
}
