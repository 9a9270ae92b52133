package io.sluice.connector.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A real database server started by a test from its Debian package, under a temporary data
 * directory on a free port, with a database {@code shop} that user {@code sluice} (password {@link
 * #PASSWORD}) owns.
 */
interface TestDatabase extends AutoCloseable {
  /** The password of user {@code sluice}: tests check it never shows. */
  String PASSWORD = "Pw-7f3kx9-secret";

  String USER = "sluice";

  /** PostgreSQL or MariaDB. */
  String name();

  /** A JDBC URL of database {@code shop}, without credentials. */
  String url();

  /** A connection as user {@code sluice}. */
  Connection connect() throws SQLException;

  /** Runs statements as user {@code sluice}, each on its own. */
  default void execute(String... statements) throws SQLException {
    try (Connection connection = connect();
        java.sql.Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /** The rows of a query as {@code "a | b"}, in the order the database returns them. */
  default List<String> query(String sql) throws SQLException {
    List<String> rows = new java.util.ArrayList<>();
    try (Connection connection = connect();
        java.sql.Statement statement = connection.createStatement();
        java.sql.ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<String> values = new java.util.ArrayList<>();
        for (int c = 1; c <= columns; c++) {
          values.add(result.getString(c));
        }
        rows.add(String.join(" | ", values));
      }
    }
    return rows;
  }

  /**
   * How many SELECTs on table {@code table} the database has run so far (PostgreSQL: {@code
   * pg_stat_statements}; MariaDB: its general query log).
   */
  long selectsOn(String table) throws Exception;

  /** Stops the server at once (as a crash would) and starts it again on the same data and port. */
  void restart() throws Exception;

  @Override
  void close();
}
