package io.sluice.jdbc.driver;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;

/**
 * Avatica's statement, whose errors say what the server said (without repeating the statement) and
 * whose {@link #getWarnings()} gives what its query skipped or dropped (bad records, late rows).
 */
final class SluiceStatement extends AvaticaStatement {
  private SQLWarning warnings;

  SluiceStatement(
      AvaticaConnection connection,
      Meta.StatementHandle h,
      int resultSetType,
      int resultSetConcurrency,
      int resultSetHoldability) {
    super(connection, h, resultSetType, resultSetConcurrency, resultSetHoldability);
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    return ServerError.rethrown(() -> super.execute(sql));
  }

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    return ServerError.rethrown(() -> super.executeQuery(sql));
  }

  @Override
  public long executeLargeUpdate(String sql) throws SQLException {
    return ServerError.rethrown(() -> super.executeLargeUpdate(sql));
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    return ServerError.rethrown(super::executeLargeBatch);
  }

  @Override
  public synchronized SQLWarning getWarnings() throws SQLException {
    checkOpen();
    warnings = Warnings.append(warnings, ServerWarnings.take(connection.id, handle.id));
    return warnings;
  }

  @Override
  public synchronized void clearWarnings() throws SQLException {
    checkOpen();
    ServerWarnings.take(connection.id, handle.id);
    warnings = null;
  }

  @Override
  protected void close_() {
    ServerWarnings.forget(connection.id, handle.id);
    super.close_();
  }
}
