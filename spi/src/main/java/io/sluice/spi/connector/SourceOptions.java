package io.sluice.spi.connector;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * Typed reads of WITH options, failing with a message that names the option, its value and the
 * relation, so a connector can validate everything when it is created.
 */
public final class SourceOptions {
  private SourceOptions() {}

  /** A positive integer option, or {@code defaultValue} when absent. */
  public static long positiveLong(SourceContext context, String key, long defaultValue) {
    OptionalLong value = positiveLong(context, key);
    return value.isPresent() ? value.getAsLong() : defaultValue;
  }

  /** A positive integer option, empty when absent. */
  public static OptionalLong positiveLong(SourceContext context, String key) {
    requireNonNull(context, "context is null");
    String text = context.options().get(key);
    if (text == null) {
      return OptionalLong.empty();
    }
    long value;
    try {
      value = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw invalid(context, key, text, "a positive integer");
    }
    if (value <= 0) {
      throw invalid(context, key, text, "a positive integer");
    }
    return OptionalLong.of(value);
  }

  /** A {@code true}/{@code false} option (any case), or {@code defaultValue} when absent. */
  public static boolean booleanOption(SourceContext context, String key, boolean defaultValue) {
    requireNonNull(context, "context is null");
    String text = context.options().get(key);
    if (text == null) {
      return defaultValue;
    }
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw invalid(context, key, text, "true or false");
    }
  }

  /** The error for an option whose value cannot be used. */
  public static IllegalArgumentException invalid(
      SourceContext context, String key, String value, String expected) {
    return new IllegalArgumentException(
        "Invalid value '"
            + SecretOptions.mask(key, value)
            + "' for option '"
            + key
            + "' in WITH clause of '"
            + context.relationName()
            + "': expected "
            + expected);
  }
}
