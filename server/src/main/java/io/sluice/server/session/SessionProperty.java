package io.sluice.server.session;

import io.sluice.catalog.Durations;
import io.sluice.exec.driver.Trigger;
import io.sluice.plan.spec.OutputMode;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The settings a session may change with {@code SET 'key' = 'value'}, each with the values it
 * takes: a key nobody knows or a value a key does not take is refused, naming the key and what it
 * allows, rather than silently ignored.
 */
public enum SessionProperty {
  /** When push queries run their next batch; see {@link Trigger}. */
  TRIGGER(
      "trigger",
      "default, processing-time:N (e.g. processing-time:2s), once, available-now or continuous:N"
          + " (N at least 10ms, e.g. continuous:1s)",
      Trigger::parse),
  /** What stateful push queries emit: append | update | complete | auto. */
  OUTPUT_MODE("output.mode", "append, update, complete or auto", OutputMode::parse),
  /** Whether push query results lead with {@code _batch_id} and {@code _op}. */
  CHANGELOG_COLUMNS("changelog.columns", "true or false", SessionProperty::parseBoolean),
  /**
   * How long a key of a top-N, deduplication or other keyed state may stay idle before its state is
   * dropped (Flink's {@code table.exec.state.ttl}); 0, the default, keeps it for ever.
   */
  STATE_TTL(
      "state.ttl", "a duration such as 500ms, 30s, 10m or 1h (0: never expire)", Durations::parse),
  /**
   * How many subtasks run the session's queries (and the sinks and views it creates) at once;
   * {@code sluice.query.parallelism} when unset.
   */
  PARALLELISM(
      "parallelism",
      "a whole number from 1 to 128",
      value -> io.sluice.server.config.Parallelism.parse(value));

  private final String key;
  private final String allowed;
  private final Consumer<String> check;

  SessionProperty(String key, String allowed, Consumer<String> check) {
    this.key = key;
    this.allowed = allowed;
    this.check = check;
  }

  /** The key as {@code SET} names it. */
  public String key() {
    return key;
  }

  /** The property {@code key} names (any case); fails naming the keys there are. */
  public static SessionProperty of(String key) {
    for (SessionProperty property : values()) {
      if (property.key.equalsIgnoreCase(key.trim())) {
        return property;
      }
    }
    throw new SluiceException(
        ErrorCode.INVALID_OPTION,
        "Unknown session property '"
            + key
            + "'; known properties: "
            + Arrays.stream(values()).map(p -> p.key).collect(Collectors.joining(", ")));
  }

  /** Checks {@code value}; fails naming the key and the values it takes. */
  public void validate(String value) {
    try {
      check.accept(value);
    } catch (RuntimeException e) {
      throw new SluiceException(
          ErrorCode.INVALID_OPTION,
          "Invalid value '" + value + "' for session property '" + key + "': expected " + allowed,
          e);
    }
  }

  private static void parseBoolean(String value) {
    String text = value.trim().toLowerCase(Locale.ROOT);
    if (!text.equals("true") && !text.equals("false")) {
      throw new IllegalArgumentException(value);
    }
  }
}
