package io.sluice.jdbc.driver;

import java.sql.SQLException;
import org.apache.calcite.avatica.AvaticaClientRuntimeException;

/**
 * An error the server reported, carrying its message, SQLSTATE and code. Avatica wraps such errors
 * in messages that repeat the whole statement ({@code Error while executing SQL "…": Remote driver
 * error: …}), which buries the message and echoes any password in the statement; the driver throws
 * this through Avatica's layers and turns it back into an {@link SQLException} that says only what
 * the server said.
 */
final class ServerError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final String AVATICA_PREFIX = "Remote driver error: ";

  private final String sqlState;
  private final int vendorCode;

  private ServerError(String message, String sqlState, int vendorCode) {
    super(message);
    this.sqlState = sqlState;
    this.vendorCode = vendorCode;
  }

  /**
   * The server's error behind {@code e}, or {@code e} itself if it did not come from the server.
   */
  static RuntimeException of(RuntimeException e) {
    if (!(e instanceof AvaticaClientRuntimeException)) {
      return e;
    }
    AvaticaClientRuntimeException remote = (AvaticaClientRuntimeException) e;
    String message = remote.getMessage() == null ? "" : remote.getMessage();
    if (message.startsWith(AVATICA_PREFIX)) {
      message = message.substring(AVATICA_PREFIX.length());
    }
    return new ServerError(message, remote.getSqlState(), remote.getErrorCode());
  }

  /**
   * The server's error as the {@link SQLException} to throw in place of {@code e}, if {@code e}
   * came from one; otherwise {@code e}.
   */
  static SQLException clean(SQLException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof ServerError) {
        ServerError error = (ServerError) cause;
        return new SQLException(error.getMessage(), error.sqlState, error.vendorCode);
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return e;
  }

  /** Runs a JDBC call, reporting a server error as the server worded it. */
  static <T> T rethrown(JdbcCall<T> call) throws SQLException {
    try {
      return call.call();
    } catch (SQLException e) {
      throw clean(e);
    }
  }

  /** A JDBC method call. */
  @FunctionalInterface
  interface JdbcCall<T> {
    T call() throws SQLException;
  }
}
