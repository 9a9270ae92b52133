package io.sluice.jdbc.driver;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
 *   <li>{@code jdbc:sluice://host:port[?tls=true&key=value…]} talks to a server over Avatica's
 *       protobuf protocol; {@code tls=true} over HTTPS. Connection properties (or the URL's query):
 *       {@code user} and {@code password} for a server with authentication, {@code truststore} and
 *       {@code truststore_password} (PKCS12 or JKS) to trust a server's certificate that the JVM
 *       does not, and any other Avatica property.
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
  static final String USER = "user";
  static final String PASSWORD = "password";
  static final String TLS = "tls";
  private static final String AUTHENTICATION = "authentication";
  private static final String AVATICA_USER = "avatica_user";
  private static final String AVATICA_PASSWORD = "avatica_password";

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
    Properties properties = connectionProperties(url, info);
    // tells the server this client takes frames that are empty and not done (see SluiceMeta)
    properties.setProperty(SLUICE_DRIVER_PROPERTY, VERSION);
    if (!url.startsWith(EMBEDDED_PREFIX)) {
      properties.putIfAbsent(HTTP_CLIENT_IMPL, SluiceHttpClient.class.getName());
    }
    try {
      return super.connect(PREFIX + avaticaProperties(url), properties);
    } catch (SQLException | RuntimeException e) {
      throw ConnectionErrors.explain(url, e);
    }
  }

  /**
   * The URL's query parameters under the caller's properties, with {@code user} and {@code
   * password} as Avatica's HTTP Basic credentials.
   */
  static Properties connectionProperties(String url, Properties info) {
    Properties properties = new Properties();
    int query = url.indexOf('?');
    if (query >= 0 && !url.startsWith(EMBEDDED_PREFIX)) {
      for (String pair : url.substring(query + 1).split("&", -1)) {
        if (pair.isEmpty()) {
          continue;
        }
        int equals = pair.indexOf('=');
        String key = equals < 0 ? pair : pair.substring(0, equals);
        String value = equals < 0 ? "" : pair.substring(equals + 1);
        properties.setProperty(
            URLDecoder.decode(key, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      }
    }
    if (info != null) {
      for (String key : info.stringPropertyNames()) {
        properties.setProperty(key, info.getProperty(key));
      }
    }
    String user = properties.getProperty(USER);
    if (user != null && !user.isEmpty() && properties.getProperty(AVATICA_USER) == null) {
      properties.setProperty(AUTHENTICATION, "BASIC");
      properties.setProperty(AVATICA_USER, user);
      properties.setProperty(AVATICA_PASSWORD, properties.getProperty(PASSWORD, ""));
    }
    // Avatica forwards properties it does not know to the server in its open-connection request:
    // the password goes only as the HTTP credentials
    properties.remove(PASSWORD);
    return properties;
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
    boolean tls = false;
    int query = hostAndPort.indexOf('?');
    if (query >= 0) {
      String tlsValue = connectionProperties(url, null).getProperty(TLS, "false");
      if (!tlsValue.equalsIgnoreCase("true") && !tlsValue.equalsIgnoreCase("false")) {
        throw new SQLException(
            "Invalid Sluice URL '" + url + "': tls must be true or false, not '" + tlsValue + "'");
      }
      tls = tlsValue.equalsIgnoreCase("true");
      hostAndPort = hostAndPort.substring(0, query);
    }
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
    return "url=" + (tls ? "https" : "http") + "://" + hostAndPort + ";serialization=protobuf";
  }

  @Override
  public Meta createMeta(AvaticaConnection connection) {
    return new StreamingFetchMeta(super.createMeta(connection), connection);
  }
}
