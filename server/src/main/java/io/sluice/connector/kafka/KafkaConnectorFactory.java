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
 * {@code 'connector' = 'kafka'}: a topic read as a stream (offsets checkpointed, exactly once) and
 * written by sinks in transactions (see {@link KafkaSource}, {@link KafkaSink}); {@code
 * properties.*} pass to the Kafka client.
 */
public final class KafkaConnectorFactory implements ConnectorFactory {
  @Override
  public String identifier() {
    return "kafka";
  }

  @Override
  public Set<String> options() {
    Set<String> options = new java.util.HashSet<>(COMMON_OPTIONS);
    options.add(KafkaSink.KEY_FIELDS_OPTION);
    return Set.copyOf(options);
  }

  /** The options of {@code kafka} and {@code upsert-kafka} alike. */
  static final Set<String> COMMON_OPTIONS = commonOptions();

  private static Set<String> commonOptions() {
    Set<String> options = new java.util.HashSet<>(KafkaFormats.OPTIONS);
    options.addAll(
        Set.of(
            KafkaClientOptions.TOPIC_OPTION,
            KafkaClientOptions.BOOTSTRAP_SERVERS_OPTION,
            KafkaSource.STARTUP_MODE_OPTION,
            KafkaSource.STARTUP_TIMESTAMP_OPTION,
            KafkaSource.MAX_OFFSETS_PER_TRIGGER_OPTION,
            SourceContext.ON_ERROR_OPTION));
    return Set.copyOf(options);
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

  @Override
  public StreamSource createSource(SourceContext context) {
    return ProjectedSource.of(
        new KafkaSource(context), context.columns().size(), context.projection());
  }

  /** Records are appended: only inserts (an updating query needs an upsert sink). */
  @Override
  public Set<ChangelogMode> sinkChangelogModes() {
    return Set.of(ChangelogMode.INSERT_ONLY);
  }

  @Override
  public StreamSink createSink(SourceContext context, SinkInput input) {
    return new KafkaSink(context, input.name());
  }
}
