package io.sluice.spi.fs;

import java.nio.charset.StandardCharsets;

/**
 * Turns an object's name (a sink, a view, a query — quoted identifiers may hold any character) into
 * one file-name segment that cannot leave its folder: letters, digits, {@code _} and {@code -} stay
 * as they are, every other byte of the name's UTF-8 becomes {@code %XX}. So {@code "../x"} is
 * {@code %2E%2E%2Fx}, never a path, and distinct names stay distinct.
 */
public final class FileNames {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private FileNames() {}

  public static String encode(String name) {
    if (name.isEmpty()) {
      return "%";
    }
    StringBuilder encoded = new StringBuilder(name.length());
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if (c >= 'a' && c <= 'z'
          || c >= 'A' && c <= 'Z'
          || c >= '0' && c <= '9'
          || c == '_'
          || c == '-') {
        encoded.append(c);
      } else {
        encoded.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
      }
    }
    return encoded.toString();
  }
}
