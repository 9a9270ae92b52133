package io.sluice.launcher;

import io.sluice.sql.ScriptSplitter;
import java.io.Console;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * {@code bin/sluice run FILE.sql [URL] [--user NAME]}: submits a script's statements to a running
 * server, one by one, printing each result; stops at the first error, naming the statement's line.
 * With {@code --user}, the password comes from {@code SLUICE_PASSWORD} or else the terminal.
 */
public final class ScriptMain {
  private ScriptMain() {}

  public static void main(String[] args) throws Exception {
    String usage = "Usage: sluice run FILE.sql [jdbc:sluice://host:port] [--user NAME]";
    List<String> positional = new ArrayList<>();
    Properties credentials = new Properties();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--user") && i + 1 < args.length) {
        credentials.setProperty("user", args[++i]);
      } else if (args[i].startsWith("--")) {
        System.err.println(usage);
        System.exit(2);
      } else {
        positional.add(args[i]);
      }
    }
    if (positional.isEmpty() || positional.size() > 2) {
      System.err.println(usage);
      System.exit(2);
    }
    Path script = Paths.get(positional.get(0));
    String url = positional.size() > 1 ? positional.get(1) : "jdbc:sluice://localhost:8765";
    if (credentials.containsKey("user")) {
      credentials.setProperty("password", password(credentials.getProperty("user")));
    }
    List<String> statements = ScriptSplitter.split(Files.readString(script));
    try (Connection connection = DriverManager.getConnection(url, credentials);
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

  // Java 17, the build's target, returns no console when stdin or stdout is not a terminal
  @SuppressWarnings("SystemConsoleNull")
  private static String password(String user) {
    String fromEnvironment = System.getenv("SLUICE_PASSWORD");
    if (fromEnvironment != null) {
      return fromEnvironment;
    }
    Console console = System.console();
    if (console == null) {
      System.err.println("No password for " + user + ": set SLUICE_PASSWORD or run in a terminal");
      System.exit(2);
    }
    char[] password = console.readPassword("Password for %s: ", user);
    return password == null ? "" : new String(password);
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
