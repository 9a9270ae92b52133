package io.sluice.spi.connector;

/**
 * A source could not produce the rows of a batch: a bad record under {@code 'on-error' = 'fail'} or
 * an unreadable input. The message names the relation and where in the input it happened.
 */
public final class SourceReadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SourceReadException(String message) {
    super(message);
  }

  public SourceReadException(String message, Throwable cause) {
    super(message, cause);
  }
}
