package io.sluice.connector.http;

import io.sluice.catalog.Durations;
import io.sluice.spi.connector.SourceContext;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The WITH options of a stream with {@code 'connector' = 'http'}, checked: how its log is kept
 * (segment size, retention by age and size, disk budget), where a query starts reading it, and the
 * token that may post to it.
 *
 * @param segmentBytes a segment is closed and a new one started past this size
 * @param retention segments whose newest record is older are deleted; empty keeps them
 * @param retentionBytes oldest segments are deleted while the log is larger; empty keeps them
 * @param maxBytes the log's disk budget: a post that would pass it is refused (429)
 * @param startAtEnd whether a query's first batch starts at the log's end instead of its start
 * @param token the secret a client may post with instead of a user's credentials
 */
public record HttpStreamOptions(
    long segmentBytes,
    Optional<Duration> retention,
    OptionalLong retentionBytes,
    long maxBytes,
    boolean startAtEnd,
    Optional<String> token) {
  public static final String TOKEN_OPTION = "http.token";
  public static final String SEGMENT_BYTES_OPTION = "log.segment-bytes";
  public static final String RETENTION_OPTION = "log.retention";
  public static final String RETENTION_BYTES_OPTION = "log.retention-bytes";
  public static final String MAX_BYTES_OPTION = "log.max-bytes";
  public static final String STARTUP_MODE_OPTION = "scan.startup.mode";

  static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
  static final long DEFAULT_MAX_BYTES = 10L << 30;

  public HttpStreamOptions {
    if (segmentBytes < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("Log sizes must be positive");
    }
    java.util.Objects.requireNonNull(retention, "retention is null");
    java.util.Objects.requireNonNull(retentionBytes, "retentionBytes is null");
    java.util.Objects.requireNonNull(token, "token is null");
  }

  /**
   * Reads and checks the options of {@code context}.
   *
   * @throws IllegalArgumentException naming the option, its value and the stream
   */
  public static HttpStreamOptions of(SourceContext context) {
    String name = context.relationName();
    long segmentBytes = size(context, SEGMENT_BYTES_OPTION).orElse(DEFAULT_SEGMENT_BYTES);
    OptionalLong retentionBytes = size(context, RETENTION_BYTES_OPTION);
    long maxBytes = size(context, MAX_BYTES_OPTION).orElse(DEFAULT_MAX_BYTES);
    Optional<Duration> retention = Optional.empty();
    String age = context.options().get(RETENTION_OPTION);
    if (age != null) {
      try {
        retention = Optional.of(Durations.parse(age));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Invalid value for option '"
                + RETENTION_OPTION
                + "' in WITH clause of '"
                + name
                + "': "
                + e.getMessage(),
            e);
      }
    }
    String mode = context.option(STARTUP_MODE_OPTION, "earliest").trim().toLowerCase(Locale.ROOT);
    if (!mode.equals("earliest") && !mode.equals("latest")) {
      throw new IllegalArgumentException(
          "Invalid value '"
              + context.options().get(STARTUP_MODE_OPTION)
              + "' for option '"
              + STARTUP_MODE_OPTION
              + "' in WITH clause of '"
              + name
              + "'; expected one of: earliest, latest");
    }
    Optional<String> token = Optional.ofNullable(context.options().get(TOKEN_OPTION));
    if (token.isPresent() && token.get().length() < 16) {
      // a short token is guessed: posting needs as much as a password would
      throw new IllegalArgumentException(
          "Option '" + TOKEN_OPTION + "' of '" + name + "' must be at least 16 characters long");
    }
    return new HttpStreamOptions(
        segmentBytes, retention, retentionBytes, maxBytes, mode.equals("latest"), token);
  }

  private static OptionalLong size(SourceContext context, String key) {
    String text = context.options().get(key);
    if (text == null) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(
        ByteSizes.parse(
            text, "option '" + key + "' in WITH clause of '" + context.relationName() + "'"));
  }
}
