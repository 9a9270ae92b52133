package io.sluice.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.launcher.SluiceServer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.AvaticaSqlException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same checks through each JDBC client: the stock Avatica driver over protobuf and over JSON,
 * and the Sluice driver. Typed parameters, every type's value both ways (extremes and NULL), and
 * push queries that end delivering every row.
 */
@Timeout(60)
class JdbcClientsTest {
  private static final String EVERY_TYPE =
      "SELECT CAST(? AS BOOLEAN) AS b, CAST(? AS TINYINT) AS ti, CAST(? AS SMALLINT) AS si, "
          + "CAST(? AS INTEGER) AS i, CAST(? AS BIGINT) AS lo, CAST(? AS BIGINT) AS hi, "
          + "CAST(? AS REAL) AS r, CAST(? AS DOUBLE) AS d, CAST(? AS DECIMAL(12, 3)) AS m, "
          + "CAST(? AS VARCHAR) AS s, CAST(? AS DATE) AS dt, CAST(? AS TIME(3)) AS t, "
          + "CAST(? AS TIMESTAMP(3)) AS ts FROM (VALUES (1)) AS v(x)";

  @TempDir Path temp;
  private SluiceServer server;
  private Path input;

  @BeforeEach
  void start() throws Exception {
    server = ProtocolServer.start(temp.resolve("data"));
    input = Files.createDirectories(temp.resolve("in"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Connection connect(String client) throws Exception {
    String url =
        client.equals("sluice")
            ? server.jdbcUrl()
            : "jdbc:avatica:remote:url=http://localhost:"
                + server.port()
                + ";serialization="
                + client;
    Connection connection = DriverManager.getConnection(url);
    assertThat(connection.getClass().getName())
        .startsWith(client.equals("sluice") ? "io.sluice" : "org.apache.calcite.avatica");
    return connection;
  }

  @ParameterizedTest
  @ValueSource(strings = {"protobuf", "json", "sluice"})
  void everyTypeRoundTripsThroughTypedParameters(String client) throws Exception {
    try (Connection connection = connect(client);
        PreparedStatement statement = connection.prepareStatement(EVERY_TYPE)) {
      ParameterMetaData parameters = statement.getParameterMetaData();
      List<Integer> types = new ArrayList<>();
      for (int i = 1; i <= parameters.getParameterCount(); i++) {
        types.add(parameters.getParameterType(i));
      }
      assertThat(types)
          .containsExactly(
              Types.BOOLEAN,
              Types.TINYINT,
              Types.SMALLINT,
              Types.INTEGER,
              Types.BIGINT,
              Types.BIGINT,
              Types.REAL,
              Types.DOUBLE,
              Types.DECIMAL,
              Types.VARCHAR,
              Types.DATE,
              Types.TIME,
              Types.TIMESTAMP);

      statement.setBoolean(1, true);
      statement.setByte(2, Byte.MIN_VALUE);
      statement.setShort(3, Short.MAX_VALUE);
      statement.setInt(4, Integer.MIN_VALUE);
      statement.setLong(5, Long.MIN_VALUE);
      statement.setLong(6, Long.MAX_VALUE);
      statement.setFloat(7, 0.1f);
      statement.setDouble(8, -Double.MAX_VALUE);
      statement.setBigDecimal(9, new BigDecimal("-123456789.125"));
      statement.setString(10, "o'hara é");
      statement.setDate(11, Date.valueOf("2026-01-02"));
      statement.setTime(12, Time.valueOf("12:34:56"));
      statement.setTimestamp(13, Timestamp.valueOf("2026-01-02 03:04:05.678"));
      try (ResultSet rs = statement.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean("b")).isTrue();
        assertThat(rs.getByte("ti")).isEqualTo(Byte.MIN_VALUE);
        assertThat(rs.getShort("si")).isEqualTo(Short.MAX_VALUE);
        assertThat(rs.getInt("i")).isEqualTo(Integer.MIN_VALUE);
        assertThat(rs.getLong("lo")).isEqualTo(Long.MIN_VALUE);
        assertThat(rs.getLong("hi")).isEqualTo(Long.MAX_VALUE);
        assertThat(rs.getFloat("r")).isEqualTo(0.1f);
        if (client.equals("json")) {
          // Avatica's JSON client reads every JSON fraction as a BigDecimal
          assertThat(((Number) rs.getObject("r")).floatValue()).isEqualTo(0.1f);
        } else {
          assertThat(rs.getObject("r")).isEqualTo(0.1f);
        }
        assertThat(rs.getDouble("d")).isEqualTo(-Double.MAX_VALUE);
        assertThat(rs.getBigDecimal("m")).isEqualByComparingTo("-123456789.125");
        assertThat(rs.getString("s")).isEqualTo("o'hara é");
        assertThat(rs.getDate("dt")).isEqualTo(Date.valueOf("2026-01-02"));
        assertThat(rs.getTime("t")).isEqualTo(Time.valueOf("12:34:56"));
        assertThat(rs.getTimestamp("ts")).isEqualTo(Timestamp.valueOf("2026-01-02 03:04:05.678"));
        assertThat(rs.next()).isFalse();
      }

      int[] sqlTypes = {
        Types.BOOLEAN, Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.BIGINT,
        Types.REAL, Types.DOUBLE, Types.DECIMAL, Types.VARCHAR, Types.DATE, Types.TIME,
        Types.TIMESTAMP
      };
      for (int i = 0; i < sqlTypes.length; i++) {
        statement.setNull(i + 1, sqlTypes[i]);
      }
      try (ResultSet rs = statement.executeQuery()) {
        assertThat(rs.next()).isTrue();
        for (int i = 1; i <= sqlTypes.length; i++) {
          assertThat(rs.getObject(i)).as("column %s", i).isNull();
          assertThat(rs.wasNull()).isTrue();
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"protobuf", "json", "sluice"})
  void pushQueriesThatEndDeliverEveryRow(String client) throws Exception {
    ProtocolServer.land(input, "1.csv", "1,a\n2,b\n3,c\n");
    ProtocolServer.land(input, "2.csv", "4,d\n5,e\n");
    try (Connection connection = connect(client);
        Statement statement = connection.createStatement()) {
      statement.execute(ProtocolServer.csvStream("s", input));
      statement.execute("SET 'trigger' = 'once'");
      statement.setFetchSize(2);
      assertThat(ids(statement.executeQuery("SELECT STREAM id, name FROM s")))
          .containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);

      statement.execute("SET 'trigger' = 'default'");
      assertThat(ids(statement.executeQuery("SELECT STREAM id FROM s WHERE id > 1 LIMIT 3")))
          .hasSize(3)
          .allMatch(id -> id > 1);
    }
  }

  /**
   * An error carries the server's message, SQLSTATE and vendor code to every client, and no server
   * stack trace. The stock driver puts its own prefix before the message ({@code Error while
   * executing SQL "<statement>": Remote driver error: }), built on the client from the statement it
   * sent: no field of Avatica's error response changes it. The Sluice driver's message starts with
   * the server's.
   */
  @ParameterizedTest
  @ValueSource(strings = {"protobuf", "json", "sluice"})
  void errorsCarryTheServersMessageStateAndCode(String client) throws Exception {
    String server = "From line 1, column 16 to line 1, column 22: Object 'missing' not found";
    try (Connection connection = connect(client);
        Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.executeQuery("SELECT id FROM missing"))
          .isInstanceOfSatisfying(
              SQLException.class,
              e -> {
                assertThat(e.getSQLState()).isEqualTo("42000");
                assertThat(e.getErrorCode()).isEqualTo(2);
                if (client.equals("sluice")) {
                  assertThat(e.getMessage()).startsWith(server);
                } else {
                  assertThat(e.getMessage())
                      .contains(
                          "Error while executing SQL \"SELECT id FROM missing\": "
                              + "Remote driver error: "
                              + server);
                  assertThat(((AvaticaSqlException) e).getStackTraces()).isEmpty();
                }
              });
    }
  }

  private static List<Long> ids(ResultSet rs) throws Exception {
    List<Long> ids = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    return ids;
  }
}
