package io.sluice.jdbc;

/** The client of a request waiting for rows closed its connection: the wait ends, unanswered. */
final class ClientGoneException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ClientGoneException(Throwable cause) {
    super("The client closed the connection while its request waited for rows", cause);
  }
}
