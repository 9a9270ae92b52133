package io.sluice.spi.connector;

/** A record that cannot be decoded into the declared columns; the message says what and where. */
public final class BadRecordException extends Exception {
  private static final long serialVersionUID = 1L;

  public BadRecordException(String message) {
    super(message);
  }

  public BadRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}
