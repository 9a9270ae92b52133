package io.sluice.connector.http;

/** A stream's log cannot take a post without passing its disk budget ({@code log.max-bytes}). */
public final class LogFullException extends Exception {
  private static final long serialVersionUID = 1L;

  public LogFullException(String message) {
    super(message);
  }
}
