package io.sluice.spi.error;

/**
 * A failure whose cause may pass by itself: a broker or database that cannot be reached for now, a
 * disk that is full. A connector throws it (or has it in the cause chain of what it throws) so a
 * persistent query retries with backoff and resumes from its checkpoint, instead of failing for
 * good. Input/output errors of files count as passing without it.
 */
public class TransientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TransientException(String message, Throwable cause) {
    super(message, cause);
  }
}
