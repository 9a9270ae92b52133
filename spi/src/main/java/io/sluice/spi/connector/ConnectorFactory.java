package io.sluice.spi.connector;

import io.sluice.spi.changelog.ChangelogMode;
import java.util.Set;

/**
 * A kind of external system ({@code 'connector' = 'kafka'}, …), found by its identifier among the
 * factories registered with {@link java.util.ServiceLoader}. It declares the WITH options it reads,
 * so a misspelled or unknown option is refused listing the known ones, and what it can do: be read
 * as a stream, be written as a sink, and which changelog kinds its sink takes.
 */
public interface ConnectorFactory {
  /** The value of the {@code connector} option that selects this connector, in lower case. */
  String identifier();

  /** Every WITH option it reads, besides {@code connector} and its format's options. */
  Set<String> options();

  /**
   * Options naming files or folders (e.g. {@code path}): the server confines them to the folders it
   * allows files in.
   */
  default Set<String> pathOptions() {
    return Set.of();
  }

  /** Prefixes of options passed through as they are (e.g. {@code properties.} to a client). */
  default Set<String> optionPrefixes() {
    return Set.of();
  }

  /** Whether a {@code format} option picks how it encodes rows (its options are then known too). */
  default boolean usesFormat() {
    return false;
  }

  /** Whether streams can read it. */
  default boolean isSource() {
    return false;
  }

  /** The changelog kinds its rows carry when read: inserts, unless it reads an updating table. */
  default ChangelogMode sourceChangelogMode() {
    return ChangelogMode.INSERT_ONLY;
  }

  /**
   * A source reading it for one query (the rows hold {@link SourceContext#projection()}), its
   * options checked now. Called only when {@link #isSource()}.
   *
   * @throws IllegalArgumentException for a missing or invalid option; the message names the
   *     relation
   */
  default StreamSource createSource(SourceContext context) {
    throw new IllegalArgumentException(
        "Connector '" + identifier() + "' cannot be read as a stream");
  }

  /**
   * Whether tables ({@code CREATE TABLE}) can use it: read whole by snapshot queries and by joins
   * that hold a table in memory.
   */
  default boolean isTable() {
    return false;
  }

  /**
   * A bounded source of a table's whole content (the rows hold {@link SourceContext#projection()}),
   * its options checked now. Called only when {@link #isTable()}.
   */
  default StreamSource createTableSource(SourceContext context) {
    throw new IllegalArgumentException("Connector '" + identifier() + "' cannot hold a table");
  }

  /**
   * Whether a stream can join its tables by looking rows up by key, batch by batch, instead of
   * holding the table in memory.
   */
  default boolean supportsLookup() {
    return false;
  }

  /**
   * A source that looks a table's rows up by {@code keyColumns} (declared positions), returning the
   * columns of {@link SourceContext#projection()}; its options checked now. Called only when {@link
   * #supportsLookup()}.
   */
  default LookupSource createLookupSource(
      SourceContext context, java.util.List<Integer> keyColumns) {
    throw new IllegalArgumentException(
        "Connector '" + identifier() + "' cannot look rows up by key");
  }

  /**
   * The changelog kinds its sink takes (e.g. only inserts); empty when it cannot be written. A
   * query emitting another changelog is refused before it starts.
   */
  default Set<ChangelogMode> sinkChangelogModes() {
    return Set.of();
  }

  /**
   * A sink writing what {@code input} delivers, its options checked now.
   *
   * @param context the sink's name, columns and options
   */
  default StreamSink createSink(SourceContext context, SinkInput input) {
    throw new IllegalArgumentException(
        "Connector '" + identifier() + "' cannot be written to by a sink");
  }
}
