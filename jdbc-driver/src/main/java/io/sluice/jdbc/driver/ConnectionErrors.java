package io.sluice.jdbc.driver;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Failures to connect in words a user acts on: Avatica's HTTP client reports a refused login as
 * "got HTTP/401" deep in a cause chain, and a certificate it does not trust as an SSL exception.
 */
final class ConnectionErrors {
  private static final Pattern HTTP_STATUS = Pattern.compile("HTTP/(\\d{3})");

  private ConnectionErrors() {}

  static SQLException explain(String url, Exception failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SSLException) {
        return new SQLException(
            "Cannot connect to "
                + url
                + " over TLS: "
                + cause.getMessage()
                + " (to trust the server's certificate, set the connection properties truststore"
                + " and truststore_password)",
            "08006",
            failure);
      }
      String message = cause.getMessage();
      Matcher status = message == null ? null : HTTP_STATUS.matcher(message);
      if (status != null && status.find()) {
        switch (status.group(1)) {
          case "401":
            return new SQLException(
                "Authentication failed at "
                    + url
                    + ": the server refused the user name or password (HTTP 401); set the"
                    + " connection properties user and password",
                "28000",
                failure);
          case "429":
            return new SQLException(
                "Login refused at "
                    + url
                    + ": too many failed logins from this address (HTTP 429); wait and try again",
                "28000",
                failure);
          case "403":
            return new SQLException(
                "The server at " + url + " refused the request (HTTP 403)", "28000", failure);
          default:
            break;
        }
      }
    }
    if (failure instanceof SQLException) {
      return (SQLException) failure;
    }
    return new SQLException("Cannot connect to " + url + ": " + failure.getMessage(), failure);
  }
}
