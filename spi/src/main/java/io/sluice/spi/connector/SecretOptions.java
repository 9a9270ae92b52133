package io.sluice.spi.connector;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WITH options that hold secrets — a key containing {@code password}, {@code secret}, {@code
 * token}, {@code jaas} or {@code credential} — and their values masked as {@value #MASK} wherever
 * options or statements are shown: system tables, SHOW, DESCRIBE, EXPLAIN, the web UI, logs and
 * error messages. A password written into a value (a URL's {@code password=…} parameter or {@code
 * user:password@host}) is masked in any option.
 */
public final class SecretOptions {
  public static final String MASK = "****";

  private static final Pattern SECRET_KEY =
      Pattern.compile("password|secret|token|jaas|credential", Pattern.CASE_INSENSITIVE);

  /** {@code 'key' = 'value'} in SQL text, quotes inside either doubled. */
  private static final Pattern OPTION_IN_SQL =
      Pattern.compile("('(?:[^']|'')*')(\\s*=\\s*)'(?:[^']|'')*'");

  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)((?:password|passwd|pwd)\\s*=)[^&;']*");
  private static final Pattern USER_INFO = Pattern.compile("(//[^/@:'\\s]*:)[^/@'\\s]*@");

  private SecretOptions() {}

  /** {@code value} with a password written into it (as in a URL) masked. */
  public static String maskEmbedded(String value) {
    if (value == null) {
      return null;
    }
    String masked = PASSWORD_PARAMETER.matcher(value).replaceAll("$1" + MASK);
    return USER_INFO.matcher(masked).replaceAll("$1" + MASK + "@");
  }

  public static boolean isSecret(String key) {
    return SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).find();
  }

  /** {@code options} with the values of secret keys masked. */
  public static Map<String, String> mask(Map<String, String> options) {
    Map<String, String> masked = new LinkedHashMap<>();
    options.forEach((key, value) -> masked.put(key, mask(key, value)));
    return masked;
  }

  /** {@code value}, masked when {@code key} names a secret. */
  public static String mask(String key, String value) {
    return isSecret(key) ? MASK : maskEmbedded(value);
  }

  /**
   * {@code text} (a statement, an error message) with the value of every {@code 'key' = 'value'}
   * whose key names a secret masked; null stays null.
   */
  public static String maskSql(String text) {
    if (text == null) {
      return null;
    }
    Matcher matcher = OPTION_IN_SQL.matcher(text);
    StringBuilder masked = new StringBuilder();
    while (matcher.find()) {
      String replacement =
          isSecret(matcher.group(1))
              ? matcher.group(1) + matcher.group(2) + "'" + MASK + "'"
              : maskEmbedded(matcher.group());
      matcher.appendReplacement(masked, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(masked);
    return masked.toString();
  }
}
