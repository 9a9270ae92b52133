package io.sluice.jdbc.driver;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Properties;
import java.util.TimeZone;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.AvaticaPreparedStatement;
import org.apache.calcite.avatica.AvaticaResultSet;
import org.apache.calcite.avatica.AvaticaSpecificDatabaseMetaData;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.UnregisteredDriver;

/**
 * Avatica's JDBC object factory, making the Sluice driver's connections and statements (errors in
 * the server's words, warnings from the server) and result sets whose {@code next()} reports a
 * failure while fetching (e.g. a push query that failed on the server) as an {@link SQLException},
 * as JDBC requires, instead of letting Avatica's unchecked exception escape.
 */
final class SluiceJdbcFactory implements AvaticaFactory {
  private final AvaticaFactory delegate;

  SluiceJdbcFactory(AvaticaFactory delegate) {
    this.delegate = requireNonNull(delegate, "delegate is null");
  }

  @Override
  public int getJdbcMajorVersion() {
    return delegate.getJdbcMajorVersion();
  }

  @Override
  public int getJdbcMinorVersion() {
    return delegate.getJdbcMinorVersion();
  }

  @Override
  public AvaticaConnection newConnection(
      UnregisteredDriver driver, AvaticaFactory factory, String url, Properties info)
      throws SQLException {
    return new SluiceConnection(driver, factory, url, info);
  }

  @Override
  public AvaticaStatement newStatement(
      AvaticaConnection connection,
      Meta.StatementHandle h,
      int resultSetType,
      int resultSetConcurrency,
      int resultSetHoldability)
      throws SQLException {
    return new SluiceStatement(
        connection, h, resultSetType, resultSetConcurrency, resultSetHoldability);
  }

  @Override
  public AvaticaPreparedStatement newPreparedStatement(
      AvaticaConnection connection,
      Meta.StatementHandle h,
      Meta.Signature signature,
      int resultSetType,
      int resultSetConcurrency,
      int resultSetHoldability)
      throws SQLException {
    return new SluicePreparedStatement(
        connection, h, signature, resultSetType, resultSetConcurrency, resultSetHoldability);
  }

  @Override
  public AvaticaResultSet newResultSet(
      AvaticaStatement statement,
      QueryState state,
      Meta.Signature signature,
      TimeZone timeZone,
      Meta.Frame firstFrame)
      throws SQLException {
    return new SluiceResultSet(
        statement,
        state,
        signature,
        newResultSetMetaData(statement, signature),
        timeZone,
        firstFrame);
  }

  @Override
  public AvaticaSpecificDatabaseMetaData newDatabaseMetaData(AvaticaConnection connection) {
    return delegate.newDatabaseMetaData(connection);
  }

  @Override
  public ResultSetMetaData newResultSetMetaData(
      AvaticaStatement statement, Meta.Signature signature) throws SQLException {
    return delegate.newResultSetMetaData(statement, signature);
  }

  /**
   * A result set whose {@code next()} throws only {@link SQLException}s and whose timestamps before
   * year 0 or after 9999 read as text correctly.
   */
  private static final class SluiceResultSet extends AvaticaResultSet {

    SluiceResultSet(
        AvaticaStatement statement,
        QueryState state,
        Meta.Signature signature,
        ResultSetMetaData metaData,
        TimeZone timeZone,
        Meta.Frame firstFrame)
        throws SQLException {
      super(statement, state, signature, metaData, timeZone, firstFrame);
    }

    @Override
    public String getString(int columnIndex) throws SQLException {
      ResultSetMetaData columns = getMetaData();
      if (columns.getColumnType(columnIndex) == Types.TIMESTAMP) {
        // the epoch millis as sent (a java.sql.Timestamp would shift old dates to Julian ones)
        long millis = getLong(columnIndex);
        if (!wasNull() && !TimestampText.avaticaPrints(millis)) {
          return TimestampText.of(millis, columns.getPrecision(columnIndex));
        }
      }
      return super.getString(columnIndex);
    }

    @Override
    public String getString(String columnLabel) throws SQLException {
      return getString(findColumn(columnLabel));
    }

    @Override
    public boolean next() throws SQLException {
      try {
        return super.next();
      } catch (RuntimeException e) {
        RuntimeException error = ServerError.of(e);
        if (error instanceof ServerError) {
          throw ServerError.clean(new SQLException(error));
        }
        throw AvaticaConnection.HELPER.createException(
            "Error while fetching rows: " + e.getMessage(), e);
      }
    }
  }
}
