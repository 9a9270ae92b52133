package io.sluice.spi.error;

/** Stable codes for the errors users see; the SQLSTATE goes to JDBC clients unchanged. */
public enum ErrorCode {
  SYNTAX_ERROR(1, "42000"),
  VALIDATION_ERROR(2, "42000"),
  NOT_SUPPORTED(3, "0A000"),
  OBJECT_ALREADY_EXISTS(4, "42S01"),
  OBJECT_NOT_FOUND(5, "42S02"),
  INVALID_OPTION(6, "22023"),
  SOURCE_ERROR(7, "58000"),
  QUERY_FAILED(8, "58000"),
  INTERNAL_ERROR(9, "XX000"),
  /** The user's role does not allow the statement (SQLSTATE insufficient privilege). */
  PERMISSION_DENIED(10, "42501"),
  /** A configured limit, e.g. running queries per user, is reached. */
  LIMIT_EXCEEDED(11, "53400");

  private final int code;
  private final String sqlState;

  ErrorCode(int code, String sqlState) {
    this.code = code;
    this.sqlState = sqlState;
  }

  public int code() {
    return code;
  }

  public String sqlState() {
    return sqlState;
  }
}
