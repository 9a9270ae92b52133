package io.sluice.connector.kafka;

import io.sluice.connector.ProjectedSource;
import io.sluice.spi.changelog.ChangelogMode;
import io.sluice.spi.connector.ConnectorFactory;
import io.sluice.spi.connector.SinkInput;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.StreamSink;
import io.sluice.spi.connector.StreamSource;
import java.util.Set;

/**
 * {@code 'connector' = 'upsert-kafka'}: a topic holding the latest row of each key, as Flink's
 * connector of that name. A sink writes each row under the query's upsert key (+I and +U the row,
 * -D a tombstone); a stream reads the topic as an updating table (each record the latest row of its
 * key, a tombstone a deletion), keyed by its PRIMARY KEY. Otherwise as {@code 'kafka'}.
 */
public final class UpsertKafkaConnectorFactory implements ConnectorFactory {
  @Override
  public String identifier() {
    return "upsert-kafka";
  }

  @Override
  public Set<String> options() {
    return KafkaConnectorFactory.COMMON_OPTIONS;
  }

  @Override
  public Set<String> optionPrefixes() {
    return Set.of(
        KafkaClientOptions.PROPERTIES_PREFIX, KafkaFormats.KEY_PREFIX, KafkaFormats.VALUE_PREFIX);
  }

  @Override
  public boolean usesFormat() {
    return true;
  }

  @Override
  public boolean isSource() {
    return true;
  }

  /** Each record replaces its key's row; a tombstone deletes it. */
  @Override
  public ChangelogMode sourceChangelogMode() {
    return ChangelogMode.UPSERT;
  }

  @Override
  public StreamSource createSource(SourceContext context) {
    refuseKeyFields(context);
    return ProjectedSource.of(
        new KafkaSource(context, true), context.columns().size(), context.projection());
  }

  /** Rows by key: inserts, and updates and deletions of an upsert key. */
  @Override
  public Set<ChangelogMode> sinkChangelogModes() {
    return Set.of(ChangelogMode.INSERT_ONLY, ChangelogMode.UPSERT, ChangelogMode.RETRACT);
  }

  @Override
  public StreamSink createSink(SourceContext context, SinkInput input) {
    refuseKeyFields(context);
    if (input.upsertKey().isEmpty()) {
      throw new IllegalArgumentException(
          "Sink '"
              + input.name()
              + "' (connector 'upsert-kafka') writes each row under its key, but its query's rows"
              + " have no key (a GROUP BY gives its groups' key, a stream its PRIMARY KEY); use"
              + " connector 'kafka' to append rows without one");
    }
    return new KafkaSink(
        context, input.name(), input.upsertKey().stream().mapToInt(Integer::intValue).toArray());
  }

  /** An upsert topic's key is the row's key: choosing other columns would break the upserts. */
  private static void refuseKeyFields(SourceContext context) {
    if (context.options().containsKey(KafkaSink.KEY_FIELDS_OPTION)) {
      throw new IllegalArgumentException(
          "Option '"
              + KafkaSink.KEY_FIELDS_OPTION
              + "' of '"
              + context.relationName()
              + "': an upsert-kafka record's key is the row's key (a sink's query key, a stream's"
              + " PRIMARY KEY); drop the option, or use connector 'kafka'");
    }
  }
}
