package io.sluice.e2e;

import static io.sluice.e2e.EndToEnd.await;
import static io.sluice.e2e.EndToEnd.execute;
import static io.sluice.e2e.EndToEnd.land;
import static io.sluice.e2e.EndToEnd.query;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Secrets written into WITH options (keys holding password, secret, token, jaas, credential) and
 * into a query's text stay out of every place the server shows or writes them: each {@code sys.*}
 * table, SHOW, DESCRIBE, EXPLAIN, the web UI and its API, error messages and the log.
 */
@Timeout(60)
class SecretMaskingEndToEndTest {
  private static final List<String> SECRETS = List.of("hunter2", "p4ss", "t0ken", "s3cret");

  @TempDir Path temp;
  private TestingServer server;
  private ListAppender<ILoggingEvent> log;
  private Logger root;

  @BeforeEach
  void start() throws Exception {
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    log = new ListAppender<>();
    log.start();
    root.addAppender(log);
    server = new TestingServer(temp.resolve("data"));
  }

  @AfterEach
  void stop() {
    server.close();
    root.detachAppender(log);
  }

  @Test
  void secretsAreMaskedInEveryPlaceTheServerShowsOrWrites() throws Exception {
    Path events = Files.createDirectories(temp.resolve("events"));
    land(events, "1.csv", "1,ann\n");
    List<String> shown = new ArrayList<>();
    try (Connection connection = server.connect()) {
      execute(
          connection,
          "CREATE STREAM vault (id BIGINT) WITH ('connector' = 'kafka', 'topic' = 'k', "
              + "'bootstrap.servers' = 'localhost:1', 'format' = 'json', "
              + "'properties.sasl.jaas.config' = 'org.apache.kafka.common.security.plain."
              + "PlainLoginModule required username=\"u\" password=\"hunter2\";', "
              + "'properties.ssl.truststore.password' = 'p4ss')");
      execute(
          connection,
          "CREATE STREAM events (id BIGINT, name VARCHAR) WITH ('connector' = 'files', "
              + "'path' = '"
              + events
              + "', 'format' = 'csv')");
      // a statement that fails, with a secret in it
      try {
        execute(
            connection,
            "CREATE STREAM bad (id BIGINT) WITH ('connector' = 'kafkaa', 'token' = 't0ken')");
      } catch (SQLException e) {
        shown.add(messages(e));
      }
      // a push query whose text holds a secret, running while the rest is looked at
      try (Statement push = connection.createStatement();
          ResultSet rows =
              push.executeQuery(
                  "SELECT STREAM id FROM events WHERE id > 0 OR 'secret' = 's3cret'")) {
        assertThat(rows.next()).isTrue();
        await(
            "the push query in sys.queries",
            () -> query(connection, "SELECT sql_text FROM sys.queries WHERE push"),
            texts -> !texts.isEmpty());

        for (String table : systemTables(connection)) {
          shown.add(table + ": " + query(connection, "SELECT * FROM sys." + table));
        }
        for (String kind :
            List.of("STREAMS", "TABLES", "VIEWS", "MATERIALIZED VIEWS", "SINKS", "QUERIES")) {
          shown.add("SHOW " + kind + ": " + query(connection, "SHOW " + kind));
        }
        shown.add("DESCRIBE: " + query(connection, "DESCRIBE vault"));
        shown.add("EXPLAIN: " + query(connection, "EXPLAIN PLAN FOR SELECT STREAM id FROM vault"));
        shown.add(
            "EXPLAIN CREATE SINK: "
                + query(
                    connection,
                    "EXPLAIN CREATE SINK copied WITH ('connector' = 'kafka', 'topic' = 'out', "
                        + "'bootstrap.servers' = 'localhost:1', 'format' = 'json', "
                        + "'properties.sasl.jaas.config' = 'x password=\"hunter2\";') "
                        + "AS SELECT id FROM events"));
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("", "api/queries")) {
          HttpResponse<String> page =
              http.send(
                  HttpRequest.newBuilder(URI.create(server.server().webUrl() + path)).build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(page.statusCode()).isEqualTo(200);
          shown.add("GET /" + path + ": " + page.body());
        }
      }
    }
    String all = String.join("\n", shown);
    assertThat(all)
        .contains("'properties.sasl.jaas.config' = '****'")
        .contains("'properties.ssl.truststore.password' = '****'")
        .contains("'secret' = '****'")
        .contains("streams: ", "'topic' = 'k'", "EXPLAIN: ", "GET /api/queries: ");
    for (String secret : SECRETS) {
      assertThat(all).as("everything shown").doesNotContain(secret);
    }
    List<String> logged = new ArrayList<>();
    for (ILoggingEvent event : log.list) {
      logged.add(
          event.getFormattedMessage()
              + (event.getThrowableProxy() == null
                  ? ""
                  : ThrowableProxyUtil.asString(event.getThrowableProxy())));
    }
    for (String secret : SECRETS) {
      assertThat(String.join("\n", logged)).as("the log").doesNotContain(secret);
    }
  }

  private static List<String> systemTables(Connection connection) throws SQLException {
    List<String> tables = new ArrayList<>();
    DatabaseMetaData metaData = connection.getMetaData();
    try (ResultSet rs = metaData.getTables(null, "sys", "%", null)) {
      while (rs.next()) {
        tables.add(rs.getString("TABLE_NAME"));
      }
    }
    assertThat(tables).contains("streams", "queries", "sinks", "tables");
    return tables;
  }

  private static String messages(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      text.append(t).append('\n');
    }
    return text.toString();
  }
}
