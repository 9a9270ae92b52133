package io.sluice.spi.connector;

import java.util.Locale;

/** What a source does with a record it cannot decode: the {@code on-error} WITH option. */
public enum OnErrorPolicy {
  /** Stop the query with an error naming the record's position. */
  FAIL,
  /** Drop the record, count it and log its position. */
  SKIP,
  /**
   * Drop the record from the query's input, count it, and keep it (raw text, error, position) in
   * the server's dead letters, {@code sys.dead_letters}.
   */
  DEAD_LETTER;

  public static OnErrorPolicy fromOption(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Invalid value '"
              + value
              + "' for option 'on-error'; expected one of: fail, skip, dead-letter");
    }
  }
}
