package io.sluice.http;

import static io.sluice.http.NetworkTesting.PASSWORD;
import static io.sluice.http.NetworkTesting.await;
import static io.sluice.http.NetworkTesting.basic;
import static io.sluice.http.NetworkTesting.connect;
import static io.sluice.http.NetworkTesting.execute;
import static io.sluice.http.NetworkTesting.get;
import static io.sluice.http.NetworkTesting.query;
import static io.sluice.http.NetworkTesting.usersFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.e2e.TestingServer;
import io.sluice.server.config.SluiceConfig;
import io.sluice.server.session.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each role's allowed and refused statements over JDBC, on a server with authentication: a reader
 * queries and stops its own queries, a writer also declares, drops, inserts and stops any query, an
 * admin also creates and drops functions. A refused statement names the role it needs; {@code
 * sys.queries} names who started each query (who created each sink and view, also after a restart)
 * and shows a reader the text of its own queries only; push queries per user are capped.
 */
@Timeout(180)
class RolesTest {
  private static final String UDF = "io.sluice.testing.udf.Shout";

  @TempDir Path temp;
  private TestingServer server;
  private Connection reader;
  private Connection otherReader;
  private Connection writer;
  private Connection admin;

  @BeforeEach
  void start() throws Exception {
    Path users =
        usersFile(
            temp.resolve("users"),
            "rita",
            Role.READER,
            "ron",
            Role.READER,
            "wes",
            Role.WRITER,
            "ada",
            Role.ADMIN);
    server =
        new TestingServer(
            temp.resolve("data"),
            Map.of(
                SluiceConfig.AUTH,
                "basic",
                SluiceConfig.AUTH_USERS_FILE,
                users.toString(),
                SluiceConfig.MAX_RUNNING_PER_USER,
                "2"));
    reader = connect(server.url(), "rita", PASSWORD);
    otherReader = connect(server.url(), "ron", PASSWORD);
    writer = connect(server.url(), "wes", PASSWORD);
    admin = connect(server.url(), "ada", PASSWORD);
    Path input = Files.createDirectories(temp.resolve("events"));
    Files.writeString(input.resolve("1.csv"), "1,ann\n2,bob\n");
    execute(writer, streamDdl("events", input));
  }

  @AfterEach
  void stop() throws Exception {
    for (Connection connection : List.of(reader, otherReader, writer, admin)) {
      connection.close();
    }
    server.close();
  }

  private static String streamDdl(String name, Path folder) {
    return "CREATE STREAM "
        + name
        + " (id BIGINT, name VARCHAR) WITH ('connector' = 'files', 'path' = '"
        + folder
        + "', 'format' = 'csv')";
  }

  private static void refused(Connection connection, String sql, String expected) {
    assertThatThrownBy(() -> execute(connection, sql))
        .as(sql)
        .isInstanceOf(SQLException.class)
        .hasMessageContaining(expected);
  }

  /** Starts a push query and returns its open result set (the query runs until it is closed). */
  private static ResultSet push(Connection connection, String sql) throws SQLException {
    Statement statement = connection.createStatement();
    return statement.executeQuery(sql);
  }

  private String runningQueryStartedBy(String user) throws Exception {
    List<String> ids =
        await(
            "a running push query of " + user,
            () ->
                query(
                    admin,
                    "SELECT query_id FROM sys.queries WHERE state = 'RUNNING' AND push"
                        + " AND started_by = '"
                        + user
                        + "'"),
            rows -> rows.size() == 1);
    return ids.get(0);
  }

  @Test
  void readerQueriesAndStopsOnlyItsOwnQueries() throws Exception {
    assertThat(query(reader, "SELECT id, name FROM events")).containsExactly("1 | ann", "2 | bob");
    assertThat(query(reader, "SHOW STREAMS")).hasSize(1);
    assertThat(query(reader, "DESCRIBE events")).hasSize(2);
    assertThat(query(reader, "EXPLAIN PLAN FOR SELECT id FROM events")).isNotEmpty();
    execute(reader, "SET 'output.mode' = 'append'");

    ResultSet own = push(reader, "SELECT STREAM id FROM events");
    assertThat(own.next()).isTrue();
    String ownId = runningQueryStartedBy("rita");
    ResultSet others = push(writer, "SELECT STREAM name FROM events");
    String othersId = runningQueryStartedBy("wes");
    assertThat(query(reader, "SELECT started_by FROM sys.queries WHERE query_id = '" + ownId + "'"))
        .containsExactly("rita");

    refused(
        reader,
        "STOP QUERY " + othersId,
        "Permission denied: STOP QUERY of another user's query needs role writer; user rita has"
            + " role reader");
    execute(reader, "STOP QUERY " + ownId);
    await(
        "rita's query to stop",
        () -> query(admin, "SELECT state FROM sys.queries WHERE query_id = '" + ownId + "'"),
        rows -> rows.equals(List.of("CANCELLED")));
    own.getStatement().close();
    others.getStatement().close();

    Path out = temp.resolve("out");
    for (String[] statement :
        List.of(
            new String[] {streamDdl("more", temp.resolve("more")), "CREATE STREAM", "writer"},
            new String[] {"CREATE VIEW v AS SELECT id FROM events", "CREATE VIEW", "writer"},
            new String[] {
              "CREATE MATERIALIZED VIEW mv AS SELECT name, COUNT(*) AS n FROM events GROUP BY name",
              "CREATE MATERIALIZED VIEW",
              "writer"
            },
            new String[] {
              "CREATE SINK s WITH ('connector' = 'files', 'path' = '"
                  + out
                  + "', 'format' = 'json') AS SELECT id FROM events",
              "CREATE SINK",
              "writer"
            },
            new String[] {"INSERT INTO events SELECT id, name FROM events", "INSERT", "writer"},
            new String[] {"DROP STREAM events", "DROP STREAM", "writer"},
            new String[] {"CREATE FUNCTION shout AS '" + UDF + "'", "CREATE FUNCTION", "admin"},
            new String[] {"DROP FUNCTION IF EXISTS shout", "DROP FUNCTION", "admin"})) {
      refused(
          reader,
          statement[0],
          "Permission denied: "
              + statement[1]
              + " needs role "
              + statement[2]
              + "; user rita has role reader");
    }
    // nothing of it happened
    assertThat(query(admin, "SHOW STREAMS")).hasSize(1);
    assertThat(query(admin, "SHOW SINKS")).isEmpty();
    assertThat(Files.exists(out)).isFalse();
  }

  @Test
  void writerDeclaresInsertsAndStopsAnyQueryButLoadsNoCode() throws Exception {
    Path copies = Files.createDirectories(temp.resolve("copies"));
    execute(writer, streamDdl("copies", copies));
    execute(writer, "CREATE VIEW names AS SELECT name FROM events");
    assertThat(query(reader, "SELECT name FROM names")).containsExactly("ann", "bob");
    execute(
        writer,
        "CREATE SINK delivered WITH ('connector' = 'files', 'path' = '"
            + temp.resolve("out")
            + "', 'format' = 'json') AS SELECT id FROM events");
    execute(writer, "INSERT INTO copies SELECT id + 10, name FROM events");
    assertThat(query(writer, "SHOW SINKS")).hasSize(2);
    // a sink's query is the one who created it
    assertThat(query(writer, "SELECT started_by FROM sys.queries WHERE query_id = 'delivered'"))
        .containsExactly("wes");

    ResultSet readers = push(reader, "SELECT STREAM id FROM events");
    String readersId = runningQueryStartedBy("rita");
    execute(writer, "STOP QUERY " + readersId);
    await(
        "rita's query to stop",
        () -> query(admin, "SELECT state FROM sys.queries WHERE query_id = '" + readersId + "'"),
        rows -> rows.equals(List.of("CANCELLED")));
    readers.getStatement().close();

    refused(
        writer,
        "CREATE FUNCTION shout AS '" + UDF + "'",
        "Permission denied: CREATE FUNCTION needs role admin; user wes has role writer");
    execute(writer, "DROP SINK delivered");
    execute(writer, "DROP VIEW names");
  }

  @Test
  void adminCreatesAndDropsFunctions() throws Exception {
    execute(admin, "CREATE FUNCTION shout AS '" + UDF + "'");
    assertThat(query(reader, "SELECT shout(name) FROM events")).containsExactly("ANN!", "BOB!");
    refused(
        writer,
        "DROP FUNCTION shout",
        "Permission denied: DROP FUNCTION needs role admin; user wes has role writer");
    execute(admin, "DROP FUNCTION shout");
  }

  @Test
  void pushQueriesPerUserAreCapped() throws Exception {
    ResultSet first = push(reader, "SELECT STREAM id FROM events");
    ResultSet second = push(reader, "SELECT STREAM name FROM events");
    assertThatThrownBy(() -> push(reader, "SELECT STREAM id, name FROM events"))
        .hasMessageContaining(
            "User rita already runs 2 push queries, as many as"
                + " sluice.query.max-running-per-user (2) allows");
    // snapshots are not capped, and the cap is per user
    assertThat(query(reader, "SELECT COUNT(*) FROM events")).containsExactly("2");
    ResultSet others = push(otherReader, "SELECT STREAM id FROM events");
    assertThat(others.next()).isTrue();

    // closing its statement stops a push query
    first.getStatement().close();
    await(
        "rita to run one push query",
        () ->
            query(
                admin,
                "SELECT query_id FROM sys.queries WHERE state = 'RUNNING' AND push"
                    + " AND started_by = 'rita'"),
        rows -> rows.size() == 1);
    ResultSet third = push(reader, "SELECT STREAM id, name FROM events");
    assertThat(third.next()).isTrue();
    for (ResultSet open : List.of(third, second, others)) {
      open.getStatement().close();
    }
  }

  @Test
  void sinksAndViewsAreTheirCreatorsAlsoAfterARestart() throws Exception {
    Path copies = Files.createDirectories(temp.resolve("copies"));
    execute(writer, streamDdl("copies", copies));
    execute(
        writer,
        "CREATE SINK delivered WITH ('connector' = 'files', 'path' = '"
            + temp.resolve("out")
            + "', 'format' = 'json') AS SELECT id FROM events");
    execute(admin, "INSERT INTO copies SELECT id + 10, name FROM events");
    execute(
        writer,
        "CREATE MATERIALIZED VIEW per_name AS SELECT name, COUNT(*) AS n FROM events GROUP BY"
            + " name");
    String owners =
        "SELECT query_id || ' ' || started_by FROM sys.queries WHERE query_id IN"
            + " ('delivered', 'copies_insert_1', 'per_name') ORDER BY query_id";
    List<String> expected = List.of("copies_insert_1 ada", "delivered wes", "per_name wes");
    assertThat(query(reader, owners)).isEqualTo(expected);

    // persistent queries do not count against their creator's cap of push queries (2)
    ResultSet first = push(writer, "SELECT STREAM id FROM events");
    ResultSet second = push(writer, "SELECT STREAM name FROM events");
    assertThat(first.next()).isTrue();
    assertThat(second.next()).isTrue();
    first.getStatement().close();
    second.getStatement().close();
    // nor may a reader stop a sink as if it were its own
    refused(
        reader,
        "STOP QUERY delivered",
        "Permission denied: STOP QUERY of another user's query needs role writer");

    for (Connection connection : List.of(reader, otherReader, writer, admin)) {
      connection.close();
    }
    server.restart();
    reader = connect(server.url(), "rita", PASSWORD);
    otherReader = connect(server.url(), "ron", PASSWORD);
    writer = connect(server.url(), "wes", PASSWORD);
    admin = connect(server.url(), "ada", PASSWORD);
    assertThat(
            await(
                "the sinks and the view to resume under their creators",
                () -> query(reader, owners),
                rows -> rows.equals(expected)))
        .isEqualTo(expected);
  }

  @Test
  void readerSeesTheTextOfItsOwnQueriesOnly() throws Exception {
    execute(
        writer,
        "CREATE SINK delivered WITH ('connector' = 'files', 'path' = '"
            + temp.resolve("out")
            + "', 'format' = 'json') AS SELECT id FROM events WHERE name <> 'secret plan'");
    ResultSet own = push(reader, "SELECT STREAM id FROM events WHERE id > 0");
    String ownId = runningQueryStartedBy("rita");
    ResultSet others = push(otherReader, "SELECT STREAM name FROM events WHERE id > 1");
    String othersId = runningQueryStartedBy("ron");
    String listing =
        "SELECT query_id || ' ' || state || ' ' || started_by || ' ' || COALESCE(sql_text, '-')"
            + " FROM sys.queries WHERE query_id IN ('"
            + ownId
            + "', '"
            + othersId
            + "', 'delivered') ORDER BY started_by";
    String ownText = ownId + " RUNNING rita SELECT STREAM id FROM events WHERE id > 0";
    String othersText = othersId + " RUNNING ron SELECT STREAM name FROM events WHERE id > 1";
    String sinkText = "delivered RUNNING wes SELECT id FROM events WHERE name <> 'secret plan'";

    // a reader: its own query in full, of the others only id, state and owner
    assertThat(query(reader, listing))
        .containsExactly(ownText, othersId + " RUNNING ron -", "delivered RUNNING wes -");
    assertThat(query(otherReader, listing))
        .containsExactly(ownId + " RUNNING rita -", othersText, "delivered RUNNING wes -");
    // SHOW QUERIES alike
    assertThat(String.join("\n", query(reader, "SHOW QUERIES")))
        .contains("SELECT STREAM id FROM events WHERE id > 0")
        .doesNotContain("WHERE id > 1")
        .doesNotContain("secret plan");
    // writers and admins see everything
    for (Connection full : List.of(writer, admin)) {
      assertThat(query(full, listing)).containsExactly(ownText, othersText, sinkText);
    }

    // the web UI's data alike
    var http = NetworkTesting.http();
    String readers =
        get(
                http,
                server.server().webUrl() + "api/queries",
                "Authorization",
                basic("rita", PASSWORD))
            .body();
    assertThat(readers)
        .contains("SELECT STREAM id FROM events WHERE id > 0")
        .contains(othersId)
        .doesNotContain("WHERE id > 1")
        .doesNotContain("secret plan");
    String writers =
        get(http, server.server().webUrl() + "api/queries", "Authorization", basic("wes", PASSWORD))
            .body();
    assertThat(writers).contains("WHERE id > 1").contains("secret plan");
    own.getStatement().close();
    others.getStatement().close();
  }
}
