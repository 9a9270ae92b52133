package io.sluice.spi.error;

import static java.util.Objects.requireNonNull;

/** An error reported to the user: a code plus a message naming what is wrong and where. */
public class SluiceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode errorCode;

  public SluiceException(ErrorCode errorCode, String message) {
    this(errorCode, message, null);
  }

  public SluiceException(ErrorCode errorCode, String message, Throwable cause) {
    super(requireNonNull(message, "message is null"), cause);
    this.errorCode = requireNonNull(errorCode, "errorCode is null");
  }

  public ErrorCode errorCode() {
    return errorCode;
  }
}
