package io.sluice.jdbc.driver;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.UnregisteredDriver;

/** Avatica's connection, reporting a statement the server refuses to prepare in its own words. */
final class SluiceConnection extends AvaticaConnection {
  SluiceConnection(UnregisteredDriver driver, AvaticaFactory factory, String url, Properties info) {
    super(driver, factory, url, info);
  }

  @Override
  public PreparedStatement prepareStatement(
      String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    return ServerError.rethrown(
        () ->
            super.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability));
  }

  @Override
  public void close() throws SQLException {
    try {
      super.close();
    } finally {
      ServerWarnings.forget(id);
    }
  }
}
