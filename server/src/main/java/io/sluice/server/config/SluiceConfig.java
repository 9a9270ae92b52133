package io.sluice.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
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
  public static final String FETCH_MAX_WAIT_MS = "sluice.query.fetch-max-wait-ms";
  public static final String ABANDON_TIMEOUT_MS = "sluice.query.abandon-timeout-ms";
  public static final String DEFAULT_TRIGGER = "sluice.query.default-trigger";

  private static final Map<String, String> DEFAULTS =
      Map.of(
          PORT, "8765",
          DATA_DIR, "data",
          FILES_BASE_DIR, ".",
          IDLE_POLL_MS, "100",
          FETCH_WAIT_MS, "1000",
          FETCH_MAX_WAIT_MS, "120000",
          ABANDON_TIMEOUT_MS, "120000",
          DEFAULT_TRIGGER, "default",
          FILES_ALLOWED_PATHS, "");

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

  /**
   * Longest a fetch of a client that needs rows in every frame (all but the Sluice driver) holds
   * the request waiting for a push query's next row; below the stock Avatica driver's three-minute
   * HTTP response timeout.
   */
  public Duration fetchMaxWait() {
    return Duration.ofMillis(longValue(FETCH_MAX_WAIT_MS));
  }

  public Duration abandonTimeout() {
    return Duration.ofMillis(longValue(ABANDON_TIMEOUT_MS));
  }

  public String defaultTrigger() {
    return get(DEFAULT_TRIGGER);
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
