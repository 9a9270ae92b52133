package io.sluice.connector.http;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses option sizes: plain bytes, or with a unit {@code kb}, {@code mb}, {@code gb} (1024s). */
public final class ByteSizes {
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|k|kb|m|mb|g|gb|t|tb|)");

  private ByteSizes() {}

  /**
   * @throws IllegalArgumentException naming {@code what} when {@code text} is not a positive size
   */
  public static long parse(String text, String what) {
    Matcher matcher = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "Invalid value '" + text + "' for " + what + "; write e.g. 1048576, 64mb or 10gb");
    }
    long amount;
    try {
      amount = Long.parseLong(matcher.group(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Value '" + text + "' for " + what + " is too large", e);
    }
    int shift =
        switch (matcher.group(2)) {
          case "k", "kb" -> 10;
          case "m", "mb" -> 20;
          case "g", "gb" -> 30;
          case "t", "tb" -> 40;
          default -> 0;
        };
    if (amount <= 0 || Long.numberOfLeadingZeros(amount) <= shift) {
      throw new IllegalArgumentException(
          "Invalid value '" + text + "' for " + what + "; expected a positive size");
    }
    return amount << shift;
  }
}
