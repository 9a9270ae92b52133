package io.sluice.server.config;

import io.sluice.exec.driver.RetryPolicy;
import io.sluice.exec.driver.StateBudget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Server settings. Each key has a default here, may be set in a properties file ({@code
 * conf/sluice.properties}), and is overridden by a JVM system property of the same name or an
 * environment variable (upper case, dots and dashes as underscores: {@code SLUICE_PORT}).
 * Command-line flags override all of them.
 */
public final class SluiceConfig {
  public static final String PORT = "sluice.port";
  public static final String DATA_DIR = "sluice.data-dir";
  public static final String FILES_BASE_DIR = "sluice.files.base-dir";

  /** Folders files may be read from and written to, comma-separated; empty: base and data dir. */
  public static final String FILES_ALLOWED_PATHS = "sluice.files.allowed-paths";

  public static final String IDLE_POLL_MS = "sluice.query.idle-poll-ms";
  public static final String FETCH_WAIT_MS = "sluice.query.fetch-wait-ms";
  public static final String ABANDON_TIMEOUT_MS = "sluice.query.abandon-timeout-ms";
  public static final String DEFAULT_TRIGGER = "sluice.query.default-trigger";
  public static final String MAX_RUNNING_PER_USER = "sluice.query.max-running-per-user";
  public static final String QUERY_PARALLELISM = "sluice.query.parallelism";
  public static final String BIND_ADDRESS = "sluice.bind-address";
  public static final String AUTH = "sluice.auth";
  public static final String AUTH_USERS_FILE = "sluice.auth.users-file";
  public static final String TLS_KEYSTORE = "sluice.tls.keystore";
  public static final String TLS_KEYSTORE_PASSWORD = "sluice.tls.keystore-password";
  public static final String HTTP_MAX_REQUEST_BYTES = "sluice.http.max-request-bytes";
  public static final String HTTP_REQUEST_TIMEOUT_MS = "sluice.http.request-timeout-ms";

  /**
   * How long a JDBC response waiting for a push query's rows may stay silent before the server
   * sends a keep-alive byte (milliseconds).
   */
  public static final String HTTP_FETCH_KEEP_ALIVE_MS = "sluice.http.fetch-keep-alive-ms";

  /** The largest body a client may post to an HTTP stream ({@code POST /api/streams/<name>}). */
  public static final String INGEST_MAX_BODY_BYTES = "sluice.ingest.max-body-bytes";

  /** CPU threads one model call may use; with 1 a call runs on its query's own thread. */
  public static final String MODELS_THREADS = "sluice.models.threads";

  /** How often model files are checked for a new version; 0 turns the check off. */
  public static final String MODELS_RELOAD_INTERVAL_MS = "sluice.models.reload-interval-ms";

  /** First wait before a persistent query retries after a passing failure. */
  public static final String RETRY_INITIAL_DELAY_MS = "sluice.query.retry.initial-delay-ms";

  /** Longest wait between retries: the delay doubles per attempt up to it. */
  public static final String RETRY_MAX_DELAY_MS = "sluice.query.retry.max-delay-ms";

  /** Attempts before a persistent query is FAILED for good; 0 retries without end. */
  public static final String RETRY_MAX_ATTEMPTS = "sluice.query.retry.max-attempts";

  /** Fraction (0 to 1) each retry delay is spread by, either way. */
  public static final String RETRY_JITTER = "sluice.query.retry.jitter";

  /** Estimated state bytes one query may hold before it is failed; 0 for no per-query limit. */
  public static final String QUERY_MAX_STATE_BYTES = "sluice.query.max-state-bytes";

  /**
   * Estimated state bytes all queries together may hold, in bytes or as a percentage of the JVM's
   * maximum heap ({@code 60%}); over it the largest query is failed. 0 for no limit.
   */
  public static final String SERVER_MAX_STATE_BYTES = "sluice.server.max-state-bytes";

  /**
   * How long parsing, planning, compiling and starting one statement may take (milliseconds) before
   * it is refused; 0 for no limit.
   */
  public static final String STATEMENT_TIMEOUT = "sluice.statement.timeout";

  /** {@value #AUTH} without authentication: every caller is an admin. */
  public static final String AUTH_NONE = "none";

  /** {@value #AUTH} with HTTP Basic authentication against the users file. */
  public static final String AUTH_BASIC = "basic";

  private static final Map<String, String> DEFAULTS =
      Map.ofEntries(
          Map.entry(PORT, "8765"),
          Map.entry(DATA_DIR, "data"),
          Map.entry(FILES_BASE_DIR, "."),
          Map.entry(FILES_ALLOWED_PATHS, ""),
          Map.entry(IDLE_POLL_MS, "100"),
          Map.entry(FETCH_WAIT_MS, "1000"),
          Map.entry(ABANDON_TIMEOUT_MS, "120000"),
          Map.entry(DEFAULT_TRIGGER, "default"),
          Map.entry(MAX_RUNNING_PER_USER, "50"),
          Map.entry(QUERY_PARALLELISM, "auto"),
          Map.entry(BIND_ADDRESS, "127.0.0.1"),
          Map.entry(AUTH, AUTH_NONE),
          // empty: the file "users" in the data directory
          Map.entry(AUTH_USERS_FILE, ""),
          // empty: plain HTTP
          Map.entry(TLS_KEYSTORE, ""),
          Map.entry(TLS_KEYSTORE_PASSWORD, ""),
          Map.entry(HTTP_MAX_REQUEST_BYTES, String.valueOf(16L * 1024 * 1024)),
          Map.entry(HTTP_REQUEST_TIMEOUT_MS, "30000"),
          Map.entry(HTTP_FETCH_KEEP_ALIVE_MS, "15000"),
          Map.entry(INGEST_MAX_BODY_BYTES, String.valueOf(16L * 1024 * 1024)),
          Map.entry(MODELS_THREADS, "1"),
          Map.entry(MODELS_RELOAD_INTERVAL_MS, "1000"),
          Map.entry(RETRY_INITIAL_DELAY_MS, "1000"),
          Map.entry(RETRY_MAX_DELAY_MS, "60000"),
          Map.entry(RETRY_MAX_ATTEMPTS, "0"),
          Map.entry(RETRY_JITTER, "0.2"),
          Map.entry(QUERY_MAX_STATE_BYTES, "0"),
          Map.entry(SERVER_MAX_STATE_BYTES, "60%"),
          Map.entry(STATEMENT_TIMEOUT, "30000"));

  private final Properties values;

  private SluiceConfig(Properties values) {
    this.values = values;
  }

  /** Defaults only, overridden by system properties and environment. */
  public static SluiceConfig defaults() {
    return load(null);
  }

  /** Defaults, then {@code file} (if not null), then system properties and environment. */
  public static SluiceConfig load(Path file) {
    Properties properties = new Properties();
    properties.putAll(DEFAULTS);
    if (file != null) {
      try (InputStream in = Files.newInputStream(file)) {
        properties.load(in);
      } catch (IOException e) {
        throw new IllegalArgumentException("Cannot read configuration file " + file + ": " + e, e);
      }
    }
    for (String key : DEFAULTS.keySet()) {
      String env = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
      if (env != null) {
        properties.setProperty(key, env);
      }
      String system = System.getProperty(key);
      if (system != null) {
        properties.setProperty(key, system);
      }
    }
    return new SluiceConfig(properties);
  }

  /** A copy with one key changed (command-line flags, tests). */
  public SluiceConfig with(String key, String value) {
    Properties copy = new Properties();
    copy.putAll(values);
    copy.setProperty(key, value);
    return new SluiceConfig(copy);
  }

  public String get(String key) {
    return values.getProperty(key);
  }

  public int port() {
    return intValue(PORT);
  }

  public Path dataDirectory() {
    return Paths.get(get(DATA_DIR)).toAbsolutePath().normalize();
  }

  public Path filesBaseDirectory() {
    return Paths.get(get(FILES_BASE_DIR)).toAbsolutePath().normalize();
  }

  /**
   * The folders streams, tables and sinks may name files in: those {@value #FILES_ALLOWED_PATHS}
   * lists, or by default the files base directory and the data directory.
   */
  public java.util.List<Path> allowedPaths() {
    String value = get(FILES_ALLOWED_PATHS);
    if (value == null || value.isBlank()) {
      return java.util.List.of(filesBaseDirectory(), dataDirectory());
    }
    java.util.List<Path> paths = new java.util.ArrayList<>();
    for (String path : value.split(",", -1)) {
      if (!path.isBlank()) {
        paths.add(Paths.get(path.trim()).toAbsolutePath().normalize());
      }
    }
    return java.util.List.copyOf(paths);
  }

  public Duration idlePoll() {
    return Duration.ofMillis(longValue(IDLE_POLL_MS));
  }

  public Duration fetchWait() {
    return Duration.ofMillis(longValue(FETCH_WAIT_MS));
  }

  public Duration abandonTimeout() {
    return Duration.ofMillis(longValue(ABANDON_TIMEOUT_MS));
  }

  public String defaultTrigger() {
    return get(DEFAULT_TRIGGER);
  }

  /** How many push queries one user may run at once; 0 for no limit. */
  public int maxRunningPerUser() {
    return intValue(MAX_RUNNING_PER_USER);
  }

  /** The address the HTTP endpoint listens on ({@code 0.0.0.0}: every interface). */
  public String bindAddress() {
    return get(BIND_ADDRESS).strip();
  }

  /** True for {@code sluice.auth = basic}, false for {@code none}; fails on anything else. */
  public boolean authenticationRequired() {
    String mode = get(AUTH).strip();
    if (mode.equalsIgnoreCase(AUTH_BASIC)) {
      return true;
    }
    if (mode.equalsIgnoreCase(AUTH_NONE)) {
      return false;
    }
    throw new IllegalArgumentException(
        "Configuration key '" + AUTH + "' must be none or basic, got '" + mode + "'");
  }

  /** The file of users and their password hashes ({@code bin/sluice user} edits it). */
  public Path usersFile() {
    String file = get(AUTH_USERS_FILE).strip();
    return file.isEmpty()
        ? dataDirectory().resolve("users")
        : Paths.get(file).toAbsolutePath().normalize();
  }

  /** The PKCS12 key store to serve HTTPS with, or empty for plain HTTP. */
  public Optional<Path> tlsKeystore() {
    String file = get(TLS_KEYSTORE).strip();
    return file.isEmpty()
        ? Optional.empty()
        : Optional.of(Paths.get(file).toAbsolutePath().normalize());
  }

  public String tlsKeystorePassword() {
    return get(TLS_KEYSTORE_PASSWORD);
  }

  /** The largest request body the HTTP endpoint accepts. */
  public long maxRequestBytes() {
    return longValue(HTTP_MAX_REQUEST_BYTES);
  }

  /** The largest body a post to an HTTP stream may have. */
  public long maxIngestBodyBytes() {
    long bytes = longValue(INGEST_MAX_BODY_BYTES);
    if (bytes < 1) {
      throw new IllegalArgumentException(
          "Configuration key '" + INGEST_MAX_BODY_BYTES + "' must be positive, got " + bytes);
    }
    return bytes;
  }

  /** How long a client may take to send one request, headers and body, or stay idle. */
  public Duration requestTimeout() {
    return Duration.ofMillis(longValue(HTTP_REQUEST_TIMEOUT_MS));
  }

  /**
   * How often a JDBC response that waits for a push query's rows (a fetch of any client but the
   * Sluice driver, which holds its request until a row comes or the query ends) sends a byte the
   * client skips: well below clients' read timeouts (the stock Avatica driver's {@code
   * http_response_timeout} is three minutes) and proxies' idle timeouts, and how soon a client that
   * went away is noticed.
   */
  public Duration fetchKeepAlive() {
    long millis = longValue(HTTP_FETCH_KEEP_ALIVE_MS);
    if (millis < 1) {
      throw new IllegalArgumentException(
          "Configuration key '"
              + HTTP_FETCH_KEEP_ALIVE_MS
              + "' must be 1 or more milliseconds, got "
              + millis);
    }
    return Duration.ofMillis(millis);
  }

  /**
   * How many subtasks a query runs on unless its session says otherwise: {@code auto} (the default)
   * for the number of processors the JVM may use.
   */
  public int queryParallelism() {
    String value = get(QUERY_PARALLELISM).strip();
    try {
      return value.equalsIgnoreCase("auto") ? Parallelism.available() : Parallelism.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Configuration key '" + QUERY_PARALLELISM + "' must be auto or " + e.getMessage(), e);
    }
  }

  /** ONNX Runtime's intra-op threads per model call, at least 1. */
  public int modelThreads() {
    int threads = intValue(MODELS_THREADS);
    if (threads < 1) {
      throw new IllegalArgumentException(
          "Configuration key '" + MODELS_THREADS + "' must be 1 or more, got " + threads);
    }
    return threads;
  }

  public Duration modelReloadInterval() {
    return Duration.ofMillis(longValue(MODELS_RELOAD_INTERVAL_MS));
  }

  /** How persistent queries retry after passing failures (see {@link RetryPolicy}). */
  public RetryPolicy retryPolicy() {
    long attempts = longValue(RETRY_MAX_ATTEMPTS);
    if (attempts < 0 || attempts > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "Configuration key '"
              + RETRY_MAX_ATTEMPTS
              + "' must be 0 (retry without end) or more, got "
              + attempts);
    }
    try {
      return new RetryPolicy(
          Duration.ofMillis(longValue(RETRY_INITIAL_DELAY_MS)),
          Duration.ofMillis(longValue(RETRY_MAX_DELAY_MS)),
          (int) attempts,
          Double.parseDouble(get(RETRY_JITTER).trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Configuration key '"
              + RETRY_JITTER
              + "' must be a number, got '"
              + get(RETRY_JITTER)
              + "'");
    }
  }

  /** The state budget of every query and of all together (see {@link StateBudget}). */
  public StateBudget stateBudget() {
    long perQuery = longValue(QUERY_MAX_STATE_BYTES);
    String server = get(SERVER_MAX_STATE_BYTES).trim();
    long serverBytes;
    if (server.endsWith("%")) {
      double percent;
      try {
        percent = Double.parseDouble(server.substring(0, server.length() - 1).trim());
      } catch (NumberFormatException e) {
        percent = -1;
      }
      if (percent < 0 || percent > 100) {
        throw new IllegalArgumentException(
            "Configuration key '"
                + SERVER_MAX_STATE_BYTES
                + "' must be bytes or a percentage of the heap from 0% to 100%, got '"
                + server
                + "'");
      }
      serverBytes = (long) (Runtime.getRuntime().maxMemory() * percent / 100);
    } else {
      serverBytes = longValue(SERVER_MAX_STATE_BYTES);
    }
    if (perQuery < 0 || serverBytes < 0) {
      throw new IllegalArgumentException(
          "Configuration keys '"
              + QUERY_MAX_STATE_BYTES
              + "' and '"
              + SERVER_MAX_STATE_BYTES
              + "' must be 0 (no limit) or more");
    }
    return new StateBudget(perQuery, serverBytes, QUERY_MAX_STATE_BYTES, SERVER_MAX_STATE_BYTES);
  }

  /** The budget of one statement's parsing, planning and start; zero for none. */
  public Duration statementTimeout() {
    long millis = longValue(STATEMENT_TIMEOUT);
    if (millis < 0) {
      throw new IllegalArgumentException(
          "Configuration key '"
              + STATEMENT_TIMEOUT
              + "' must be 0 (no limit) or more milliseconds");
    }
    return Duration.ofMillis(millis);
  }

  private int intValue(String key) {
    return (int) longValue(key);
  }

  private long longValue(String key) {
    String value = get(key);
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Configuration key '" + key + "' must be a number, got '" + value + "'");
    }
  }
}
