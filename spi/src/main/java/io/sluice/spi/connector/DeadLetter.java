package io.sluice.spi.connector;

import static java.util.Objects.requireNonNull;

/**
 * A record a source could not decode, kept for {@code sys.dead_letters}.
 *
 * @param relation the stream or table the record was read for
 * @param sourcePosition where the record is, e.g. {@code file '/in/a.csv' line 3}
 * @param error why it could not be decoded
 * @param raw the record's text, or null when there is none (an unreadable binary file)
 * @param receivedMillis when it was met, epoch millis
 */
public record DeadLetter(
    String relation, String sourcePosition, String error, String raw, long receivedMillis) {
  public DeadLetter {
    requireNonNull(relation, "relation is null");
    requireNonNull(sourcePosition, "sourcePosition is null");
    requireNonNull(error, "error is null");
  }
}
