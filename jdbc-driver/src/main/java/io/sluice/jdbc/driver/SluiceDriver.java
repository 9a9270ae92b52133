package io.sluice.jdbc.driver;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.DriverVersion;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.remote.Driver;

/**
 * JDBC driver for Sluice.
 *
 * <ul>
 *   <li>{@code jdbc:sluice://host:port} talks to a server over Avatica's protobuf protocol.
 *   <li>{@code jdbc:sluice:embedded:[dir]} runs the engine in this JVM on data directory {@code
 *       dir} (default {@code data}); the server classes must be on the class path.
 * </ul>
 *
 * <p>Result sets of push queries ({@code SELECT STREAM}) deliver each row as soon as it arrives,
 * and {@code Statement.cancel()} stops the query on the server. A query that fails while its rows
 * are fetched makes {@code ResultSet.next()} throw an {@code SQLException}.
 */
public class SluiceDriver extends Driver {
  public static final String PREFIX = "jdbc:sluice:";
  public static final String EMBEDDED_PREFIX = "jdbc:sluice:embedded:";
  static final String EMBEDDED_FACTORY = "io.sluice.jdbc.EmbeddedServiceFactory";
  static final String SLUICE_DRIVER_PROPERTY = "sluice_driver";
  private static final String VERSION = "0.1.0";
  private static final String HTTP_CLIENT_IMPL = "httpclient_impl";

  static {
    new SluiceDriver().register();
  }

  @Override
  protected String getConnectStringPrefix() {
    return PREFIX;
  }

  @Override
  protected DriverVersion createDriverVersion() {
    return new DriverVersion("Sluice JDBC Driver", "0.1.0", "Sluice", "0.1.0", true, 0, 1, 0, 1);
  }

  @Override
  protected AvaticaFactory createFactory() {
    return new SluiceJdbcFactory(super.createFactory());
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    Properties properties = new Properties();
    if (info != null) {
      properties.putAll(info);
    }
    // tells the server this client takes frames that are empty and not done (see SluiceMeta)
    properties.setProperty(SLUICE_DRIVER_PROPERTY, VERSION);
    if (!url.startsWith(EMBEDDED_PREFIX)) {
      properties.putIfAbsent(HTTP_CLIENT_IMPL, SluiceHttpClient.class.getName());
    }
    return super.connect(PREFIX + avaticaProperties(url), properties);
  }

  /** Rewrites a Sluice URL into the key=value form Avatica's driver parses. */
  static String avaticaProperties(String url) throws SQLException {
    if (url.startsWith(EMBEDDED_PREFIX)) {
      String directory = url.substring(EMBEDDED_PREFIX.length());
      return "factory=" + EMBEDDED_FACTORY + ";url=" + (directory.isEmpty() ? "data" : directory);
    }
    String rest = url.substring(PREFIX.length());
    if (!rest.startsWith("//")) {
      throw new SQLException(
          "Invalid Sluice URL '"
              + url
              + "'; expected jdbc:sluice://host:port or jdbc:sluice:embedded:[dir]");
    }
    String hostAndPort = rest.substring(2);
    int slash = hostAndPort.indexOf('/');
    if (slash >= 0) {
      hostAndPort = hostAndPort.substring(0, slash);
    }
    if (hostAndPort.isEmpty()) {
      throw new SQLException("Invalid Sluice URL '" + url + "': missing host");
    }
    if (!hostAndPort.contains(":")) {
      hostAndPort = hostAndPort + ":8765";
    }
    return "url=http://" + hostAndPort + ";serialization=protobuf";
  }

  @Override
  public Meta createMeta(AvaticaConnection connection) {
    return new StreamingFetchMeta(super.createMeta(connection), connection);
  }
}
