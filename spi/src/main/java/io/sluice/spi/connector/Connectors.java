package io.sluice.spi.connector;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.changelog.ChangelogMode;
import io.sluice.spi.format.FormatFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The connectors and formats of the server, found through {@link ServiceLoader} (registered in
 * {@code META-INF/services}), and the checks every WITH clause goes through: the connector and
 * format exist, every option is one they read, and a sink takes what its query emits.
 */
public final class Connectors {
  /** The option naming the connector. */
  public static final String CONNECTOR_OPTION = "connector";

  /** The option naming the format, for connectors that use one. */
  public static final String FORMAT_OPTION = "format";

  /** Options of any stream, read by the driver rather than the connector. */
  public static final Set<String> STREAM_OPTIONS = Set.of("watermark.idle-timeout");

  /** Options of any sink, read when the sink's query is created. */
  public static final Set<String> SINK_OPTIONS =
      Set.of("output.mode", "trigger", "state.ttl", "parallelism");

  private static final Map<String, ConnectorFactory> CONNECTORS =
      load(ConnectorFactory.class, ConnectorFactory::identifier);
  private static final Map<String, FormatFactory> FORMATS =
      load(FormatFactory.class, FormatFactory::identifier);

  private Connectors() {}

  private static <T> Map<String, T> load(Class<T> type, Function<T, String> identifier) {
    Map<String, T> found = new TreeMap<>();
    for (T factory : ServiceLoader.load(type, Connectors.class.getClassLoader())) {
      T previous = found.put(identifier.apply(factory), factory);
      if (previous != null) {
        throw new IllegalStateException(
            "Two " + type.getSimpleName() + "s for '" + identifier.apply(factory) + "'");
      }
    }
    return found;
  }

  /**
   * The connector {@code options} name, if there is a factory for it (system tables and
   * materialized views are read by the server itself, without one).
   */
  public static java.util.Optional<ConnectorFactory> find(Map<String, String> options) {
    String name = options.get(CONNECTOR_OPTION);
    return name == null
        ? java.util.Optional.empty()
        : java.util.Optional.ofNullable(CONNECTORS.get(name.trim().toLowerCase(Locale.ROOT)));
  }

  /** The connector {@code options} name; fails naming the relation and the connectors there are. */
  public static ConnectorFactory connector(String relationName, Map<String, String> options) {
    String name = options.get(CONNECTOR_OPTION);
    if (name == null) {
      throw new IllegalArgumentException(
          "Missing required option '"
              + CONNECTOR_OPTION
              + "' in WITH clause of '"
              + relationName
              + "'; supported connectors: "
              + String.join(", ", CONNECTORS.keySet()));
    }
    ConnectorFactory connector = CONNECTORS.get(name.trim().toLowerCase(Locale.ROOT));
    if (connector == null) {
      throw new IllegalArgumentException(
          "Unknown connector '"
              + name
              + "' for '"
              + relationName
              + "'; supported connectors: "
              + String.join(", ", CONNECTORS.keySet()));
    }
    return connector;
  }

  /** The format {@code options} name; fails naming the relation and the formats there are. */
  public static FormatFactory format(String relationName, Map<String, String> options) {
    String name = options.get(FORMAT_OPTION);
    if (name == null) {
      throw new IllegalArgumentException(
          "Missing required option '"
              + FORMAT_OPTION
              + "' in WITH clause of '"
              + relationName
              + "'; supported formats: "
              + String.join(", ", FORMATS.keySet()));
    }
    FormatFactory format = FORMATS.get(name.trim().toLowerCase(Locale.ROOT));
    if (format == null) {
      throw new IllegalArgumentException(
          "Unknown format '"
              + name
              + "' for '"
              + relationName
              + "'; supported formats: "
              + String.join(", ", FORMATS.keySet()));
    }
    return format;
  }

  /**
   * The codec {@code use} asks of the format {@code options} name, or an error naming the formats
   * that have one.
   *
   * @param what the codec in words, e.g. "decode Kafka records"
   */
  public static <T> T codec(
      String relationName,
      Map<String, String> options,
      String what,
      Function<FormatFactory, java.util.Optional<T>> use) {
    FormatFactory format = format(relationName, options);
    return use.apply(format)
        .orElseThrow(
            () -> {
              List<String> able = new ArrayList<>();
              for (FormatFactory candidate : FORMATS.values()) {
                try {
                  if (use.apply(candidate).isPresent()) {
                    able.add(candidate.identifier());
                  }
                } catch (RuntimeException e) {
                  // a format whose own options do not fit still counts as able
                  able.add(candidate.identifier());
                }
              }
              return new IllegalArgumentException(
                  "Format '"
                      + format.identifier()
                      + "' cannot "
                      + what
                      + " (for '"
                      + relationName
                      + "'); formats that can: "
                      + String.join(", ", able));
            });
  }

  /**
   * Checks that every option of {@code options} is read by its connector, its format or, as {@code
   * common}, by Sluice itself; fails naming the option and the known ones.
   */
  public static void checkOptions(
      String relationName, Map<String, String> options, Set<String> common) {
    ConnectorFactory connector = connector(relationName, options);
    Set<String> known = new TreeSet<>(connector.options());
    known.add(CONNECTOR_OPTION);
    known.addAll(common);
    if (connector.usesFormat()) {
      known.add(FORMAT_OPTION);
      if (options.containsKey(FORMAT_OPTION)) {
        known.addAll(format(relationName, options).options());
      }
    }
    for (String option : new TreeSet<>(options.keySet())) {
      boolean passedThrough = connector.optionPrefixes().stream().anyMatch(option::startsWith);
      if (!known.contains(option) && !passedThrough) {
        List<String> accepted = new ArrayList<>(known);
        connector.optionPrefixes().forEach(prefix -> accepted.add(prefix + "*"));
        throw new IllegalArgumentException(
            "Unknown option '"
                + option
                + "' in WITH clause of '"
                + relationName
                + "'; connector '"
                + connector.identifier()
                + "'"
                + (connector.usesFormat() && options.containsKey(FORMAT_OPTION)
                    ? " with format '" + options.get(FORMAT_OPTION).trim() + "'"
                    : "")
                + " takes: "
                + String.join(", ", accepted));
      }
    }
  }

  /** A stream's source for one query, its options checked. */
  public static StreamSource createSource(SourceContext context) {
    requireNonNull(context, "context is null");
    ConnectorFactory connector = connector(context.relationName(), context.options());
    if (!connector.isSource()) {
      throw new IllegalArgumentException(
          "Connector '"
              + connector.identifier()
              + "' of '"
              + context.relationName()
              + "' cannot be read as a stream");
    }
    checkOptions(context.relationName(), context.options(), STREAM_OPTIONS);
    return connector.createSource(context);
  }

  /** A table's bounded source for one query, its options checked. */
  public static StreamSource createTableSource(SourceContext context) {
    requireNonNull(context, "context is null");
    ConnectorFactory connector = connector(context.relationName(), context.options());
    if (!connector.isTable()) {
      throw new IllegalArgumentException(
          "Table '"
              + context.relationName()
              + "' uses connector '"
              + connector.identifier()
              + "', which cannot hold a table; table connectors: "
              + String.join(
                  ", ",
                  CONNECTORS.values().stream()
                      .filter(ConnectorFactory::isTable)
                      .map(ConnectorFactory::identifier)
                      .toList()));
    }
    checkOptions(context.relationName(), context.options(), STREAM_OPTIONS);
    return connector.createTableSource(context);
  }

  /**
   * A table's lookup source for one query, keyed by {@code keyColumns} (declared positions), its
   * options checked.
   */
  public static LookupSource createLookupSource(SourceContext context, List<Integer> keyColumns) {
    requireNonNull(context, "context is null");
    ConnectorFactory connector = connector(context.relationName(), context.options());
    if (!connector.supportsLookup()) {
      throw new IllegalArgumentException(
          "Connector '"
              + connector.identifier()
              + "' of '"
              + context.relationName()
              + "' cannot look rows up by key");
    }
    checkOptions(context.relationName(), context.options(), STREAM_OPTIONS);
    return connector.createLookupSource(context, List.copyOf(keyColumns));
  }

  /**
   * A sink for {@code input}, its options checked (with {@code strictOptions}; INSERT INTO writes
   * with a stream's options, which a sink need not all read) and refused if it cannot take the
   * changelog the query emits.
   */
  public static StreamSink createSink(
      SourceContext context, SinkInput input, boolean strictOptions) {
    requireNonNull(context, "context is null");
    ConnectorFactory connector = connector(context.relationName(), context.options());
    Set<ChangelogMode> modes = connector.sinkChangelogModes();
    if (modes.isEmpty()) {
      throw new IllegalArgumentException(
          "Sink '"
              + context.relationName()
              + "' uses connector '"
              + connector.identifier()
              + "', which cannot be written to; sink connectors: "
              + String.join(
                  ", ",
                  CONNECTORS.values().stream()
                      .filter(c -> !c.sinkChangelogModes().isEmpty())
                      .map(ConnectorFactory::identifier)
                      .toList()));
    }
    if (strictOptions) {
      checkOptions(context.relationName(), context.options(), SINK_OPTIONS);
    }
    if (!modes.contains(input.changelogMode())) {
      List<String> able =
          CONNECTORS.values().stream()
              .filter(c -> c.sinkChangelogModes().contains(input.changelogMode()))
              .map(ConnectorFactory::identifier)
              .toList();
      boolean inPlace =
          input.changelogMode().isUpdating() && !input.changelogMode().completeEachBatch();
      throw new IllegalArgumentException(
          "Sink '"
              + context.relationName()
              + "' (connector '"
              + connector.identifier()
              + "') takes "
              + String.join(" or ", modes.stream().map(ChangelogMode::label).sorted().toList())
              + " but its query emits "
              + input.changelogMode().label()
              + (inPlace
                  ? ": its rows are updated in place (an aggregate without a window updates its"
                      + " rows), which connector '"
                      + connector.identifier()
                      + "' cannot do; use a windowed aggregate (append), output mode complete"
                      + " where the sink takes it, a materialized view, or a connector that"
                      + " updates rows in place"
                  : "")
              + (able.isEmpty()
                  ? ""
                  : " (connectors that take it: " + String.join(", ", able) + ")"));
    }
    return connector.createSink(context, input);
  }
}
