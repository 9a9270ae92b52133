package io.sluice.connector.jdbc;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A small pool of connections to one database (HikariCP), opened on first use so that creating a
 * sink or table stays offline. Connections found broken are replaced by the pool; a database that
 * is down makes {@link #get()} wait up to the connection timeout, then fail with a transient error.
 */
final class JdbcConnections implements AutoCloseable {
  private static final Duration LONGEST_CONNECT_WAIT = Duration.ofSeconds(30);

  private final JdbcOptions options;
  private final String poolName;
  private final int maxSize;
  private HikariDataSource pool;

  /**
   * @param poolName names the pool's threads and log lines, e.g. {@code sluice-jdbc-sink-totals}
   */
  JdbcConnections(JdbcOptions options, String poolName, int maxSize) {
    this.options = requireNonNull(options, "options is null");
    this.poolName = requireNonNull(poolName, "poolName is null");
    this.maxSize = maxSize;
  }

  /** A connection in auto-commit mode; close it to give it back. */
  synchronized Connection get() throws SQLException {
    if (pool == null) {
      pool = new HikariDataSource(config());
    }
    Connection connection = pool.getConnection();
    if (!connection.getAutoCommit()) {
      connection.setAutoCommit(true);
    }
    return connection;
  }

  private HikariConfig config() {
    HikariConfig config = new HikariConfig();
    config.setPoolName(poolName);
    config.setJdbcUrl(options.url());
    if (options.driver() != null) {
      config.setDriverClassName(options.driver().trim());
    }
    if (options.username() != null) {
      config.setUsername(options.username());
    }
    if (options.password() != null) {
      config.setPassword(options.password());
    }
    config.setMaximumPoolSize(maxSize);
    config.setMinimumIdle(0);
    config.setIdleTimeout(60_000);
    // wait for a database that is restarting, but not forever: the caller retries with backoff
    Duration wait =
        options.retryTimeout().compareTo(LONGEST_CONNECT_WAIT) < 0
            ? options.retryTimeout()
            : LONGEST_CONNECT_WAIT;
    config.setConnectionTimeout(wait.toMillis());
    // a database that is down when the pool starts is no reason to fail: the first use retries
    config.setInitializationFailTimeout(-1);
    if (options.dialect() instanceof PostgresDialect) {
      // a JDBC batch of inserts becomes multi-row inserts
      config.addDataSourceProperty("reWriteBatchedInserts", "true");
    }
    return config;
  }

  @Override
  public synchronized void close() {
    if (pool != null) {
      pool.close();
      pool = null;
    }
  }
}
