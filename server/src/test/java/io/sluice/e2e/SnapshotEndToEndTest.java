package io.sluice.e2e;

import static io.sluice.e2e.EndToEnd.execute;
import static io.sluice.e2e.EndToEnd.land;
import static io.sluice.e2e.EndToEnd.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A plain SELECT reads what is there now, from a stream or a table, and ends. */
@Timeout(30)
class SnapshotEndToEndTest {
  @TempDir Path temp;
  private TestingServer server;
  private Connection connection;

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(temp.resolve("data"));
    connection = server.connect();
  }

  @AfterEach
  void stop() throws Exception {
    connection.close();
    server.close();
  }

  @Test
  void plainSelectOverStreamReadsAllExistingFilesAndEnds() throws Exception {
    Path input = Files.createDirectories(temp.resolve("events"));
    execute(
        connection,
        "CREATE STREAM events (id BIGINT, kind VARCHAR) WITH ("
            + "'connector' = 'files', 'path' = '"
            + input
            + "', 'format' = 'json', "
            + "'max-files-per-trigger' = '1')");
    assertThat(query(connection, "SELECT id FROM events")).as("empty folder").isEmpty();

    land(input, "b.json", "{\"id\": 3, \"kind\": \"view\"}\n{\"id\": 4, \"kind\": \"buy\"}\n");
    land(input, "a.json", "{\"id\": 1, \"kind\": \"view\"}\n{\"id\": 2, \"kind\": \"view\"}\n");
    land(input, "c.json", "{\"id\": 5, \"kind\": \"buy\"}\n");

    // all files despite 'max-files-per-trigger' = '1', in file-name order, then the end
    assertThat(query(connection, "SELECT id, kind FROM events"))
        .containsExactly("1 | view", "2 | view", "3 | view", "4 | buy", "5 | buy");
    assertThat(query(connection, "SELECT id * 100 FROM events WHERE kind = 'buy'"))
        .containsExactly("400", "500");

    // the next snapshot sees what landed since
    land(input, "d.json", "{\"id\": 6, \"kind\": \"buy\"}\n");
    assertThat(query(connection, "SELECT id FROM events WHERE kind = 'buy'"))
        .containsExactly("4", "5", "6");
    // and no snapshot is left running
    assertThat(query(connection, "SELECT sql_text FROM sys.queries WHERE state = 'RUNNING'"))
        .containsExactly("SELECT sql_text FROM sys.queries WHERE state = 'RUNNING'");
  }

  @Test
  void plainSelectOverTableReadsItsFileAndEnds() throws Exception {
    Path users =
        land(
            Files.createDirectories(temp.resolve("users")),
            "users.csv",
            "id,name,active\n1,ann,true\n2,bob,false\n3,\"cy, jr\",true\n");
    execute(
        connection,
        "CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR, "
            + "active BOOLEAN) WITH ('connector' = 'files', 'path' = '"
            + users
            + "', "
            + "'format' = 'csv', 'csv.header' = 'true')");

    assertThat(query(connection, "SELECT id, name, active FROM users"))
        .containsExactly("1 | ann | true", "2 | bob | false", "3 | cy, jr | true");
    assertThat(query(connection, "SELECT name FROM users WHERE active AND id > 1"))
        .containsExactly("cy, jr");
  }

  @Test
  void plainSelectOverTableDirectoryReadsAllFiles() throws Exception {
    Path prices = Files.createDirectories(temp.resolve("prices"));
    land(prices, "part-1.csv", "apple,3\npear,4\n");
    land(prices, "part-2.csv", "plum,5\n");
    execute(
        connection,
        "CREATE TABLE prices (fruit VARCHAR, cents INTEGER) WITH ("
            + "'connector' = 'files', 'path' = '"
            + prices
            + "', 'format' = 'csv')");

    assertThat(query(connection, "SELECT fruit, cents FROM prices"))
        .containsExactly("apple | 3", "pear | 4", "plum | 5");
  }
}
