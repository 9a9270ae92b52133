package io.sluice.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.e2e.TestingServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a real server keeps on disk for a Kafka stream and a Kafka sink whose WITH options hold
 * passwords, after the sink has committed batches from a real broker: only the catalog holds the
 * passwords (it must, to start them again), and its files are readable by the server's user only;
 * checkpoints (metadata, offsets, state) and everything else in the data directory never hold them.
 */
@Timeout(120)
class KafkaSecretsOnDiskTest {
  private static final long DEADLINE_MILLIS = 30_000;
  private static final List<String> SECRETS = List.of("hunter2", "p4ss", "k3ypass");

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

  @Test
  void onlyThePrivateCatalogHoldsPasswords() throws Exception {
    kafka.createTopic("secret_in", 2);
    kafka.createTopic("secret_out", 1);
    // the broker speaks plain text: the clients ignore these settings, the server still keeps them
    String secretOptions =
        ", 'properties.sasl.jaas.config' = 'org.apache.kafka.common.security.plain."
            + "PlainLoginModule required username=\"u\" password=\"hunter2\";', "
            + "'properties.ssl.truststore.password' = 'p4ss'";
    Path data = temp.resolve("data");
    try (TestingServer server = new TestingServer(data);
        Connection connection = server.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE STREAM orders (id BIGINT, amount BIGINT) WITH ('connector' = 'kafka', "
              + "'topic' = 'secret_in', 'bootstrap.servers' = '"
              + kafka.bootstrapServers()
              + "', 'format' = 'json'"
              + secretOptions
              + ")");
      statement.execute(
          "CREATE SINK big_orders WITH ('connector' = 'kafka', 'topic' = 'secret_out', "
              + "'bootstrap.servers' = '"
              + kafka.bootstrapServers()
              + "', 'format' = 'json', 'properties.ssl.key.password' = 'k3ypass'"
              + secretOptions
              + ") AS SELECT id, amount FROM orders WHERE amount > 10");
      kafka.send("secret_in", 0, "{\"id\": 1, \"amount\": 5}");
      kafka.send("secret_in", 1, "{\"id\": 2, \"amount\": 20}");
      kafka.send("secret_in", 0, "{\"id\": 3, \"amount\": 30}");
      List<String> sent = kafka.awaitCommitted("secret_out", 2);
      assertThat(sent).hasSize(2);
      // the committed batch's checkpoint is written before the next batch starts
      awaitCommittedBatches(connection, 0);
    }

    List<Path> files = files(data);
    assertThat(files)
        .as("the server wrote a catalog and the sink's checkpoint")
        .anyMatch(f -> data.relativize(f).startsWith("catalog"))
        .anyMatch(f -> data.relativize(f).startsWith("checkpoints"));
    List<String> holding = new ArrayList<>();
    for (Path file : files) {
      String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      if (SECRETS.stream().anyMatch(content::contains)) {
        holding.add(data.relativize(file).toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
            .as("permissions of %s, which holds a password", file)
            .isEqualTo("rw-------");
      }
    }
    assertThat(holding)
        .as("files holding a password")
        .isNotEmpty()
        .allMatch(f -> f.startsWith("catalog/"));
    try (Stream<Path> catalog = Files.list(data.resolve("catalog"))) {
      for (Path file : catalog.filter(Files::isRegularFile).toList()) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
            .as("permissions of %s", file)
            .isEqualTo("rw-------");
      }
    }
  }

  private static void awaitCommittedBatches(Connection connection, long atLeast) throws Exception {
    long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
    while (true) {
      try (Statement statement = connection.createStatement();
          ResultSet rs =
              statement.executeQuery(
                  "SELECT last_batch_id FROM sys.queries WHERE state = 'RUNNING' AND NOT push")) {
        if (rs.next() && rs.getLong(1) >= atLeast) {
          return;
        }
      }
      assertThat(System.currentTimeMillis())
          .as("the sink's query did not commit %d batches", atLeast + 1)
          .isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** Every regular file under {@code folder}, hidden ones included. */
  private static List<Path> files(Path folder) throws Exception {
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }
}
