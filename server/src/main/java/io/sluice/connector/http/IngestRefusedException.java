package io.sluice.connector.http;

import static java.util.Objects.requireNonNull;

/** A post to a stream that was refused, none of its records appended; the reason says why. */
public final class IngestRefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a post was refused. */
  public enum Reason {
    /** No relation of that name. */
    NOT_FOUND,
    /** The relation is not a stream with {@code 'connector' = 'http'}. */
    NOT_HTTP_STREAM,
    /** A bad body or, under {@code 'on-error' = 'fail'}, a bad record. */
    BAD_REQUEST,
    /** The log's disk budget is full; try again once retention made room. */
    LOG_FULL,
    /** The log cannot be written now (disk error). */
    UNAVAILABLE
  }

  private final Reason reason;

  public IngestRefusedException(Reason reason, String message) {
    super(message);
    this.reason = requireNonNull(reason, "reason is null");
  }

  public IngestRefusedException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = requireNonNull(reason, "reason is null");
  }

  public Reason reason() {
    return reason;
  }
}
