package io.sluice.connector.jdbc;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Durations;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.SourceOptions;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * The WITH options of {@code 'connector' = 'jdbc'}, with Flink's names, checked when a table or
 * sink is created: where the database is, which table, who connects, and how the sink, lookups and
 * retries behave. The password is kept for the connection pool only: {@link #toString()} and every
 * message leave it out, and {@link JdbcUrls#mask} removes one written into the URL.
 */
public final class JdbcOptions {
  public static final String URL = "url";
  public static final String TABLE_NAME = "table-name";
  public static final String DRIVER = "driver";
  public static final String USERNAME = "username";
  public static final String PASSWORD = "password";
  public static final String CONNECTION_MAX_RETRY_TIMEOUT = "connection.max-retry-timeout";
  public static final String SINK_BUFFER_FLUSH_MAX_ROWS = "sink.buffer-flush.max-rows";
  public static final String SINK_MAX_RETRIES = "sink.max-retries";
  public static final String SINK_PROGRESS_TABLE = "sink.progress-table";
  public static final String LOOKUP_CACHE = "lookup.cache";
  public static final String LOOKUP_CACHE_MAX_ROWS = "lookup.partial-cache.max-rows";
  public static final String LOOKUP_CACHE_EXPIRE_AFTER_WRITE =
      "lookup.partial-cache.expire-after-write";
  public static final String LOOKUP_CACHE_EXPIRE_AFTER_ACCESS =
      "lookup.partial-cache.expire-after-access";
  public static final String LOOKUP_CACHE_MISSING_KEY = "lookup.partial-cache.cache-missing-key";
  public static final String LOOKUP_MAX_RETRIES = "lookup.max-retries";
  public static final String SCAN_FETCH_SIZE = "scan.fetch-size";

  /** Every option the connector reads. */
  public static final Set<String> ALL =
      Set.of(
          URL,
          TABLE_NAME,
          DRIVER,
          USERNAME,
          PASSWORD,
          CONNECTION_MAX_RETRY_TIMEOUT,
          SINK_BUFFER_FLUSH_MAX_ROWS,
          SINK_MAX_RETRIES,
          SINK_PROGRESS_TABLE,
          LOOKUP_CACHE,
          LOOKUP_CACHE_MAX_ROWS,
          LOOKUP_CACHE_EXPIRE_AFTER_WRITE,
          LOOKUP_CACHE_EXPIRE_AFTER_ACCESS,
          LOOKUP_CACHE_MISSING_KEY,
          LOOKUP_MAX_RETRIES,
          SCAN_FETCH_SIZE);

  /** The progress table a sink records its committed batches in, unless named otherwise. */
  public static final String DEFAULT_PROGRESS_TABLE = "sluice_sink_progress";

  private final String relationName;
  private final String url;
  private final JdbcDialect dialect;
  private final String tableName;
  private final String driver;
  private final String username;
  private final String password;
  private final Duration retryTimeout;
  private final int flushMaxRows;
  private final int sinkMaxRetries;
  private final String progressTable;
  private final LookupCacheOptions lookupCache;
  private final int lookupMaxRetries;
  private final int fetchSize;

  /**
   * Reads and checks the options, without connecting.
   *
   * @throws IllegalArgumentException naming the option, its (masked) value and the relation
   */
  public JdbcOptions(SourceContext context) {
    requireNonNull(context, "context is null");
    this.relationName = context.relationName();
    this.url = JdbcUrls.normalize(context.requiredOption(URL).trim());
    this.dialect =
        JdbcDialect.forUrl(url)
            .orElseThrow(
                () ->
                    SourceOptions.invalid(
                        context,
                        URL,
                        JdbcUrls.mask(url),
                        "a PostgreSQL (jdbc:postgresql://host:port/database), MariaDB"
                            + " (jdbc:mariadb://…) or MySQL (jdbc:mysql://…) URL"));
    this.tableName = context.requiredOption(TABLE_NAME).trim();
    if (tableName.isEmpty()) {
      throw SourceOptions.invalid(context, TABLE_NAME, tableName, "a table name");
    }
    this.driver = context.options().get(DRIVER);
    if (driver != null) {
      try {
        Class.forName(driver.trim(), false, JdbcOptions.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw SourceOptions.invalid(
            context, DRIVER, driver, "a JDBC driver class on the server's class path");
      }
    }
    this.username = context.options().get(USERNAME);
    this.password = context.options().get(PASSWORD);
    this.retryTimeout = duration(context, CONNECTION_MAX_RETRY_TIMEOUT, Duration.ofSeconds(60));
    if (retryTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw SourceOptions.invalid(
          context,
          CONNECTION_MAX_RETRY_TIMEOUT,
          context.options().get(CONNECTION_MAX_RETRY_TIMEOUT),
          "at least 1 s");
    }
    this.flushMaxRows = intOption(context, SINK_BUFFER_FLUSH_MAX_ROWS, 500);
    this.sinkMaxRetries = retries(context, SINK_MAX_RETRIES);
    this.progressTable =
        context.option(SINK_PROGRESS_TABLE, DEFAULT_PROGRESS_TABLE).trim().isEmpty()
            ? DEFAULT_PROGRESS_TABLE
            : context.option(SINK_PROGRESS_TABLE, DEFAULT_PROGRESS_TABLE).trim();
    this.lookupCache = LookupCacheOptions.of(context);
    this.lookupMaxRetries = retries(context, LOOKUP_MAX_RETRIES);
    this.fetchSize = intOption(context, SCAN_FETCH_SIZE, 1000);
  }

  private static Duration duration(SourceContext context, String key, Duration defaultValue) {
    String text = context.options().get(key);
    if (text == null) {
      return defaultValue;
    }
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw SourceOptions.invalid(context, key, text, "a duration such as 500ms, 10s or 5min");
    }
  }

  static Duration durationOption(SourceContext context, String key, Duration defaultValue) {
    return duration(context, key, defaultValue);
  }

  private static int intOption(SourceContext context, String key, int defaultValue) {
    long value = SourceOptions.positiveLong(context, key, defaultValue);
    if (value > Integer.MAX_VALUE) {
      throw SourceOptions.invalid(
          context, key, Long.toString(value), "a positive integer up to " + Integer.MAX_VALUE);
    }
    return (int) value;
  }

  /** A count of retries: 0 or more. */
  private static int retries(SourceContext context, String key) {
    String text = context.options().get(key);
    if (text == null) {
      return 3;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw SourceOptions.invalid(context, key, text, "0 or a positive integer");
  }

  /** The table or sink the options belong to, for messages. */
  public String relationName() {
    return relationName;
  }

  /** The JDBC URL (may hold a password: pass it through {@link JdbcUrls#mask} for messages). */
  public String url() {
    return url;
  }

  /** The URL as messages and logs show it. */
  public String maskedUrl() {
    return JdbcUrls.mask(url);
  }

  public JdbcDialect dialect() {
    return dialect;
  }

  /** The target table as written in {@code table-name}, possibly {@code schema.table}. */
  public String tableName() {
    return tableName;
  }

  /** The driver class named by {@code driver}, or null to let the URL pick it. */
  public String driver() {
    return driver;
  }

  public String username() {
    return username;
  }

  /** For the connection pool only; never put it in a message. */
  String password() {
    return password;
  }

  /** How long connecting and retrying may take before the work fails. */
  public Duration retryTimeout() {
    return retryTimeout;
  }

  /** Statements per JDBC batch a sink sends at once. */
  public int flushMaxRows() {
    return flushMaxRows;
  }

  /** How often a sink retries a batch after a lost connection or a deadlock. */
  public int sinkMaxRetries() {
    return sinkMaxRetries;
  }

  /** Where a sink records the batches it committed, as {@code [schema.]table}. */
  public String progressTable() {
    return progressTable;
  }

  /** The lookup cache, or null for none ({@code 'lookup.cache' = 'NONE'}, the default). */
  public LookupCacheOptions lookupCache() {
    return lookupCache;
  }

  /** How often a lookup retries after a lost connection. */
  public int lookupMaxRetries() {
    return lookupMaxRetries;
  }

  /** Rows a table read fetches per round trip. */
  public int fetchSize() {
    return fetchSize;
  }

  /** A lower-case word for the database, for messages: postgresql, mariadb. */
  public String databaseName() {
    return dialect.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "jdbc table '" + tableName + "' at " + maskedUrl();
  }
}
