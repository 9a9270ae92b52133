package io.sluice.launcher;

import io.sluice.sql.ScriptSplitter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * {@code bin/sluice run FILE.sql [URL]}: submits a script's statements to a running server, one by
 * one, printing each result; stops at the first error, naming the statement's line.
 */
public final class ScriptMain {
  private ScriptMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("Usage: sluice run FILE.sql [jdbc:sluice://host:port]");
      System.exit(2);
    }
    Path script = Paths.get(args[0]);
    String url = args.length > 1 ? args[1] : "jdbc:sluice://localhost:8765";
    List<String> statements = ScriptSplitter.split(Files.readString(script));
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        System.out.println("> " + sql.strip().replace("\n", "\n  "));
        try {
          if (statement.execute(sql)) {
            print(statement.getResultSet());
          } else {
            System.out.println("OK");
          }
        } catch (SQLException e) {
          System.err.println(script + ": " + e.getMessage());
          System.exit(1);
        }
      }
    }
  }

  private static void print(ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    int rows = 0;
    while (rs.next()) {
      StringBuilder line = new StringBuilder();
      for (int c = 1; c <= meta.getColumnCount(); c++) {
        line.append(c > 1 ? " | " : "").append(rs.getString(c));
      }
      System.out.println(line);
      rows++;
    }
    System.out.println("(" + rows + " rows)");
    rs.close();
  }
}
