package io.sluice.catalog;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses option durations: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, or plain
 * milliseconds; Flink's spellings {@code 10 sec}, {@code 10min} and {@code 1 hour} are read too.
 */
public final class Durations {
  private static final Pattern DURATION =
      Pattern.compile(
          "(\\d+)\\s*(ms|s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hour|hours|)");

  private Durations() {}

  public static Duration parse(String text) {
    Matcher matcher = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration; write e.g. 500ms, 10s, 2m or 1h");
    }
    long amount = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2);
    if (unit.startsWith("s")) {
      return Duration.ofSeconds(amount);
    }
    if (unit.startsWith("m") && !unit.equals("ms")) {
      return Duration.ofMinutes(amount);
    }
    if (unit.startsWith("h")) {
      return Duration.ofHours(amount);
    }
    return Duration.ofMillis(amount);
  }
}
