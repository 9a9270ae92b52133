package io.sluice.connector;

import java.util.Locale;

/** What a source does with a record it cannot decode: the {@code on-error} WITH option. */
public enum OnErrorPolicy {
  /** Stop the query with an error naming the record's position. */
  FAIL,
  /** Drop the record, count it and log its position. */
  SKIP;

  public static OnErrorPolicy fromOption(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Invalid value '" + value + "' for option 'on-error'; expected one of: fail, skip");
    }
  }
}
