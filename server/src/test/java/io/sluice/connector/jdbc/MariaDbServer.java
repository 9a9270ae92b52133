package io.sluice.connector.jdbc;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real MariaDB server (Debian's mariadb-server package) in a temporary folder on a free port, its
 * general query log in a table so tests can count the queries Sluice sends.
 */
final class MariaDbServer implements TestDatabase {
  private static final String SERVER = "/usr/sbin/mariadbd";

  private final Path root;
  private final Path data;
  private final int port;
  private Process process;
  // a test JVM stopped from outside must not leave the server running
  private final Thread stopOnExit =
      new Thread(
          () -> {
            if (process != null) {
              process.destroyForcibly();
            }
          },
          "sluice-mariadb-stopper");

  private MariaDbServer(Path root, int port) {
    this.root = root;
    this.data = root.resolve("data");
    this.port = port;
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  static MariaDbServer start() throws Exception {
    Path install =
        Processes.binary(
            "MariaDB",
            "mariadb-server",
            "/usr/bin/mariadb-install-db",
            "/usr/bin/mysql_install_db");
    Processes.binary("MariaDB", "mariadb-server", SERVER);
    Path root = Files.createTempDirectory("sluice-mariadb");
    MariaDbServer server = new MariaDbServer(root, Processes.freePort());
    try {
      Processes.run(
          List.of(
              install.toString(),
              "--no-defaults",
              "--datadir=" + server.data,
              "--user=" + System.getProperty("user.name"),
              "--auth-root-authentication-method=normal",
              "--skip-test-db"),
          120);
      server.startServer();
      try (Connection admin = server.connectAs("root", "", "mysql");
          java.sql.Statement statement = admin.createStatement()) {
        statement.execute("CREATE DATABASE shop");
        for (String host : List.of("localhost", "127.0.0.1")) {
          statement.execute("CREATE USER 'sluice'@'" + host + "' IDENTIFIED BY '" + PASSWORD + "'");
          statement.execute("GRANT ALL ON shop.* TO 'sluice'@'" + host + "'");
          statement.execute("GRANT SELECT ON mysql.general_log TO 'sluice'@'" + host + "'");
        }
        statement.execute("SET GLOBAL log_output = 'TABLE'");
        statement.execute("SET GLOBAL general_log = 1");
      }
      return server;
    } catch (Exception | Error e) {
      server.close();
      throw e;
    }
  }

  private void startServer() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(SERVER);
    command.add("--no-defaults");
    command.add("--datadir=" + data);
    command.add("--port=" + port);
    command.add("--bind-address=127.0.0.1");
    command.add("--socket=" + root.resolve("mysqld.sock"));
    command.add("--pid-file=" + root.resolve("mysqld.pid"));
    command.add("--user=" + System.getProperty("user.name"));
    command.add("--skip-log-bin");
    command.add("--innodb-flush-log-at-trx-commit=2");
    command.add("--innodb-buffer-pool-size=64M");
    command.add("--log-error=" + root.resolve("error.log"));
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(root.resolve("server.out").toFile())
            .start();
    long deadline = System.currentTimeMillis() + 60_000;
    while (true) {
      try (Connection ignored = connectAs("root", "", "mysql")) {
        return;
      } catch (SQLException e) {
        if (!process.isAlive() || System.currentTimeMillis() > deadline) {
          throw new AssertionError("MariaDB did not start:\n" + log(), e);
        }
        Thread.sleep(100);
      }
    }
  }

  @Override
  public String name() {
    return "MariaDB";
  }

  @Override
  public String url() {
    return "jdbc:mariadb://127.0.0.1:" + port + "/shop";
  }

  @Override
  public Connection connect() throws SQLException {
    return connectAs(USER, PASSWORD, "shop");
  }

  private Connection connectAs(String user, String password, String database) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    return DriverManager.getConnection(
        "jdbc:mariadb://127.0.0.1:" + port + "/" + database, properties);
  }

  @Override
  public long selectsOn(String table) throws Exception {
    List<String> rows =
        query(
            "SELECT COUNT(*) FROM mysql.general_log WHERE command_type IN ('Query', 'Execute')"
                + " AND argument LIKE 'SELECT %FROM %"
                + table
                + "%' AND argument NOT LIKE '%general_log%'"
                // the driver's metadata queries (columns, keys) name the table too
                + " AND UPPER(CONVERT(argument USING utf8mb4)) NOT LIKE '%INFORMATION_SCHEMA%'");
    return Long.parseLong(rows.get(0));
  }

  @Override
  public void restart() throws Exception {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    startServer();
    try (Connection admin = connectAs("root", "", "mysql");
        java.sql.Statement statement = admin.createStatement()) {
      statement.execute("SET GLOBAL log_output = 'TABLE'");
      statement.execute("SET GLOBAL general_log = 1");
    }
  }

  @Override
  public void close() {
    try {
      if (process != null) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      Processes.deleteTree(root);
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
      } catch (IllegalStateException e) {
        // shutting down already: the hook runs anyway
      }
    }
  }

  private String log() {
    try {
      return Files.readString(root.resolve("error.log"), StandardCharsets.UTF_8);
    } catch (Exception e) {
      return "(no error log: " + e + ")";
    }
  }
}
