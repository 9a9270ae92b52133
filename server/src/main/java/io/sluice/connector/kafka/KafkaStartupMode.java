package io.sluice.connector.kafka;

import java.util.Locale;

/** Where a Kafka source starts reading on a query's first run: {@code scan.startup.mode}. */
public enum KafkaStartupMode {
  /** Every record still in the topic. */
  EARLIEST,
  /** Only records produced after the query started. */
  LATEST,
  /** Records with a timestamp at or after {@code scan.startup.timestamp-millis}. */
  TIMESTAMP;

  /**
   * @throws IllegalArgumentException naming the option and the accepted values
   */
  public static KafkaStartupMode fromOption(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Invalid value '"
              + value
              + "' for option '"
              + KafkaSource.STARTUP_MODE_OPTION
              + "'; expected one of: earliest, latest, timestamp");
    }
  }
}
