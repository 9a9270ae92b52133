package io.sluice.connector.jdbc;

import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.SourceOptions;
import java.time.Duration;
import java.util.Locale;

/**
 * The partial lookup cache of a jdbc table ({@code 'lookup.cache' = 'PARTIAL'}), as Flink's: at
 * most {@code max-rows} rows, each key's rows dropped {@code expire-after-write} after they were
 * read and/or {@code expire-after-access} after they were last used; keys the table does not hold
 * are remembered too unless {@code cache-missing-key} is false.
 *
 * @param maxRows the rows the cache holds at most
 * @param expireAfterWrite null when rows do not expire by age
 * @param expireAfterAccess null when rows do not expire by idleness
 */
public record LookupCacheOptions(
    long maxRows, Duration expireAfterWrite, Duration expireAfterAccess, boolean cacheMissingKey) {
  public LookupCacheOptions {
    if (maxRows <= 0) {
      throw new IllegalArgumentException("maxRows must be positive, not " + maxRows);
    }
  }

  /** The cache {@code context}'s options ask for, or null for none. */
  static LookupCacheOptions of(SourceContext context) {
    String mode = context.option(JdbcOptions.LOOKUP_CACHE, "NONE").trim().toUpperCase(Locale.ROOT);
    boolean partialOptions =
        context.options().keySet().stream().anyMatch(k -> k.startsWith("lookup.partial-cache."));
    switch (mode) {
      case "NONE":
        if (partialOptions) {
          throw new IllegalArgumentException(
              "Options 'lookup.partial-cache.*' of '"
                  + context.relationName()
                  + "' need 'lookup.cache' = 'PARTIAL'");
        }
        return null;
      case "PARTIAL":
        break;
      default:
        throw SourceOptions.invalid(
            context,
            JdbcOptions.LOOKUP_CACHE,
            context.options().get(JdbcOptions.LOOKUP_CACHE),
            "NONE or PARTIAL");
    }
    long maxRows =
        SourceOptions.positiveLong(context, JdbcOptions.LOOKUP_CACHE_MAX_ROWS)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "'lookup.cache' = 'PARTIAL' of '"
                            + context.relationName()
                            + "' needs option '"
                            + JdbcOptions.LOOKUP_CACHE_MAX_ROWS
                            + "' (the rows the cache holds at most)"));
    Duration write =
        context.options().containsKey(JdbcOptions.LOOKUP_CACHE_EXPIRE_AFTER_WRITE)
            ? JdbcOptions.durationOption(
                context, JdbcOptions.LOOKUP_CACHE_EXPIRE_AFTER_WRITE, Duration.ZERO)
            : null;
    Duration access =
        context.options().containsKey(JdbcOptions.LOOKUP_CACHE_EXPIRE_AFTER_ACCESS)
            ? JdbcOptions.durationOption(
                context, JdbcOptions.LOOKUP_CACHE_EXPIRE_AFTER_ACCESS, Duration.ZERO)
            : null;
    boolean missing =
        SourceOptions.booleanOption(context, JdbcOptions.LOOKUP_CACHE_MISSING_KEY, true);
    return new LookupCacheOptions(maxRows, write, access, missing);
  }
}
