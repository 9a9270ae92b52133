package io.sluice.connector.jdbc;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

/**
 * A real PostgreSQL server (Debian's postgresql package) in a temporary folder on a free port, with
 * {@code pg_stat_statements} loaded so tests can count the queries Sluice sends. Run as user
 * postgres when the tests run as root (PostgreSQL refuses root).
 */
final class PostgresServer implements TestDatabase {
  private static final String BIN = "/usr/lib/postgresql/15/bin/";

  private final Path root;
  private final Path data;
  private final int port;
  // a test JVM stopped from outside must not leave the server running
  private final Thread stopOnExit = new Thread(this::stopServer, "sluice-postgres-stopper");

  private PostgresServer(Path root, int port) {
    this.root = root;
    this.data = root.resolve("data");
    this.port = port;
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  static PostgresServer start() throws Exception {
    Path initdb = Processes.binary("PostgreSQL", "postgresql", BIN + "initdb");
    Path root = Files.createTempDirectory("sluice-pg");
    // user postgres must reach the folder the tests' user created
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
    PostgresServer server = new PostgresServer(root, Processes.freePort());
    try {
      Path passwordFile = root.resolve("pw");
      Files.writeString(passwordFile, "postgres-admin\n", StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-r--r--"));
      Processes.run(
          Processes.as(
              "postgres",
              initdb.toString(),
              "-D",
              server.data.toString(),
              "-U",
              "postgres",
              "--auth-local=trust",
              "--auth-host=scram-sha-256",
              "--pwfile=" + passwordFile,
              "--no-sync",
              "--encoding=UTF8",
              "--locale=C"),
          120);
      server.startServer();
      try (Connection admin = server.connectAs("postgres", "postgres-admin", "postgres");
          java.sql.Statement statement = admin.createStatement()) {
        statement.execute("CREATE ROLE sluice LOGIN PASSWORD '" + PASSWORD + "'");
        statement.execute("CREATE DATABASE shop OWNER sluice");
      }
      try (Connection admin = server.connectAs("postgres", "postgres-admin", "shop");
          java.sql.Statement statement = admin.createStatement()) {
        statement.execute("CREATE EXTENSION pg_stat_statements");
        statement.execute("GRANT pg_read_all_stats TO sluice");
      }
      return server;
    } catch (Exception | Error e) {
      server.close();
      throw e;
    }
  }

  private void startServer() throws Exception {
    Processes.run(
        Processes.as(
            "postgres",
            BIN + "pg_ctl",
            "-D",
            data.toString(),
            "-l",
            root.resolve("server.log").toString(),
            "-w",
            "-t",
            "60",
            "-o",
            "-p "
                + port
                + " -k "
                + root
                + " -c listen_addresses=127.0.0.1 -c fsync=off"
                + " -c full_page_writes=off -c shared_preload_libraries=pg_stat_statements"
                + " -c pg_stat_statements.track=all",
            "start"),
        90);
  }

  @Override
  public String name() {
    return "PostgreSQL";
  }

  @Override
  public String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/shop";
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
        "jdbc:postgresql://127.0.0.1:" + port + "/" + database, properties);
  }

  @Override
  public long selectsOn(String table) throws Exception {
    long calls = 0;
    for (String row :
        query(
            "SELECT calls FROM pg_stat_statements WHERE query ILIKE 'SELECT %FROM %"
                + table
                + "%' AND query NOT ILIKE '%pg_stat_statements%'")) {
      calls += Long.parseLong(row);
    }
    return calls;
  }

  @Override
  public void restart() throws Exception {
    Processes.run(
        Processes.as("postgres", BIN + "pg_ctl", "-D", data.toString(), "-m", "immediate", "stop"),
        60);
    startServer();
  }

  @Override
  public void close() {
    stopServer();
    Processes.deleteTree(root);
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException e) {
      // shutting down already: the hook runs anyway
    }
  }

  private void stopServer() {
    try {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        Processes.run(
            Processes.as(
                "postgres", BIN + "pg_ctl", "-D", data.toString(), "-m", "immediate", "stop"),
            60);
      }
    } catch (Exception e) {
      // nothing more to do: the folder is deleted next
    }
  }

  /** The server's log, for failure messages. */
  String log() throws Exception {
    return Files.readString(root.resolve("server.log"), StandardCharsets.UTF_8);
  }

  /** Lists tables, for debugging. */
  List<String> tables() throws Exception {
    return query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
  }
}
