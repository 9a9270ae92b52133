package io.sluice.connector.kafka;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.connector.Connectors;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.format.FormatFactory;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The formats of a topic's record keys and values, under Flink's option names: {@code value.format}
 * (or Sluice's {@code format}), {@code key.format} (default: the value's), {@code
 * value.fields-include} ({@code ALL}), and a format's own options for one side prefixed with it
 * ({@code 'key.csv.delimiter'}); an unprefixed format option applies to both sides.
 *
 * @param valueOptions the options to build the value codec from, its format under {@code format}
 * @param keyOptions the options to build the key codec from, its format under {@code format}
 */
public record KafkaFormats(Map<String, String> valueOptions, Map<String, String> keyOptions) {
  public static final String KEY_FORMAT_OPTION = "key.format";
  public static final String VALUE_FORMAT_OPTION = "value.format";
  public static final String VALUE_FIELDS_INCLUDE_OPTION = "value.fields-include";
  public static final String KEY_PREFIX = "key.";
  public static final String VALUE_PREFIX = "value.";

  /** The options this class reads, beyond a format's own prefixed by a side. */
  public static final Set<String> OPTIONS =
      Set.of(KEY_FORMAT_OPTION, VALUE_FORMAT_OPTION, VALUE_FIELDS_INCLUDE_OPTION);

  public KafkaFormats {
    valueOptions = Map.copyOf(valueOptions);
    keyOptions = Map.copyOf(keyOptions);
  }

  /**
   * The formats {@code context}'s options give, {@code defaultFormat} for values when they name
   * none (null: one is required).
   *
   * @throws IllegalArgumentException naming the option that is missing, contradicts another, or is
   *     not an option of its side's format
   */
  public static KafkaFormats of(SourceContext context, String defaultFormat) {
    requireNonNull(context, "context is null");
    Map<String, String> options = context.options();
    String relation = context.relationName();
    String format = trimmed(options.get(Connectors.FORMAT_OPTION));
    String valueFormat = trimmed(options.get(VALUE_FORMAT_OPTION));
    if (format != null && valueFormat != null && !format.equalsIgnoreCase(valueFormat)) {
      throw new IllegalArgumentException(
          "Options '"
              + Connectors.FORMAT_OPTION
              + "' ('"
              + format
              + "') and '"
              + VALUE_FORMAT_OPTION
              + "' ('"
              + valueFormat
              + "') of '"
              + relation
              + "' disagree; give one of them");
    }
    if (valueFormat == null) {
      valueFormat = format != null ? format : defaultFormat;
    }
    if (valueFormat == null) {
      throw new IllegalArgumentException(
          "Missing required option '"
              + VALUE_FORMAT_OPTION
              + "' (or '"
              + Connectors.FORMAT_OPTION
              + "') in WITH clause of '"
              + relation
              + "'");
    }
    String include = trimmed(options.get(VALUE_FIELDS_INCLUDE_OPTION));
    if (include != null && !include.equalsIgnoreCase("ALL")) {
      throw new IllegalArgumentException(
          "Option '"
              + VALUE_FIELDS_INCLUDE_OPTION
              + "' of '"
              + relation
              + "' is '"
              + include
              + "'; Sluice writes and reads every column in the value: 'ALL' (the default)");
    }
    String keyFormat = trimmed(options.get(KEY_FORMAT_OPTION));
    Map<String, String> value = side(relation, options, VALUE_PREFIX, valueFormat);
    Map<String, String> key =
        side(relation, options, KEY_PREFIX, keyFormat != null ? keyFormat : valueFormat);
    return new KafkaFormats(value, key);
  }

  /**
   * The options of one side: the unprefixed ones, its format under {@code format}, and its prefixed
   * format options without the prefix.
   */
  private static Map<String, String> side(
      String relation, Map<String, String> options, String prefix, String format) {
    Map<String, String> side = new HashMap<>();
    options.forEach(
        (key, value) -> {
          if (!key.startsWith(KEY_PREFIX) && !key.startsWith(VALUE_PREFIX)) {
            side.put(key, value);
          }
        });
    side.put(Connectors.FORMAT_OPTION, format);
    FormatFactory factory = Connectors.format(relation, side);
    for (Map.Entry<String, String> option : options.entrySet()) {
      String key = option.getKey();
      if (!key.startsWith(prefix)
          || OPTIONS.contains(key)
          || key.equals(KafkaSink.KEY_FIELDS_OPTION)) {
        continue;
      }
      String own = key.substring(prefix.length());
      if (!factory.options().contains(own)) {
        Set<String> known = new TreeSet<>();
        factory.options().forEach(o -> known.add(prefix + o));
        throw new IllegalArgumentException(
            "Unknown option '"
                + key
                + "' in WITH clause of '"
                + relation
                + "'; format '"
                + format.toLowerCase(Locale.ROOT)
                + "' of the "
                + prefix.substring(0, prefix.length() - 1)
                + " takes: "
                + (known.isEmpty() ? "none" : String.join(", ", known)));
      }
      side.put(own, option.getValue());
    }
    return side;
  }

  private static String trimmed(String value) {
    return value == null ? null : value.trim();
  }
}
