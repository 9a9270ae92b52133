package io.sluice.connector.jdbc;

import java.util.regex.Pattern;

/**
 * JDBC URLs as Sluice handles them: {@code jdbc:mysql:} read by the MariaDB driver, and a password
 * written into the URL ({@code ?password=…}, {@code user:password@host}) masked wherever the URL is
 * shown.
 */
public final class JdbcUrls {
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)((?:password|passwd|pwd)\\s*=)[^&;]*");
  private static final Pattern USER_INFO = Pattern.compile("(//[^/@:]*:)[^/@]*@");

  private JdbcUrls() {}

  /**
   * The URL the server connects with: {@code jdbc:mysql:} becomes {@code jdbc:mariadb:}, as the
   * MariaDB driver (which talks to MySQL servers too) only accepts its own scheme.
   */
  static String normalize(String url) {
    return url.startsWith("jdbc:mysql:")
        ? "jdbc:mariadb:" + url.substring("jdbc:mysql:".length())
        : url;
  }

  /** {@code url} with any password in it replaced by {@code ****}. */
  public static String mask(String url) {
    if (url == null) {
      return null;
    }
    String masked = PASSWORD_PARAMETER.matcher(url).replaceAll("$1****");
    return USER_INFO.matcher(masked).replaceAll("$1****@");
  }
}
