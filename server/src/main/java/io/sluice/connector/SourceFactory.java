package io.sluice.connector;

import static java.util.Objects.requireNonNull;

import io.sluice.connector.datagen.RateSource;
import io.sluice.connector.datagen.nexmark.NexmarkSource;
import io.sluice.connector.files.FilesSource;
import io.sluice.connector.kafka.KafkaSource;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.StreamSource;
import java.util.Locale;

/** Opens the {@link StreamSource} a relation's {@code connector} option names. */
public final class SourceFactory {
  public static final String CONNECTOR_OPTION = "connector";
  public static final String KIND_OPTION = "kind";

  private SourceFactory() {}

  /**
   * A source for {@code context} whose batches hold the columns of {@link
   * SourceContext#projection()}, its options validated now rather than at the first batch.
   * Generators build only those columns; sources that decode records decode them whole and drop the
   * other columns after.
   *
   * @throws IllegalArgumentException for an unknown connector or kind, or a missing or invalid
   *     option; the message names the relation
   */
  public static StreamSource create(SourceContext context) {
    requireNonNull(context, "context is null");
    String connector = context.requiredOption(CONNECTOR_OPTION);
    int width = context.columns().size();
    switch (connector.trim().toLowerCase(Locale.ROOT)) {
      case "files":
        return ProjectedSource.of(new FilesSource(context), width, context.projection());
      case "datagen":
        return createDatagen(context);
      case "kafka":
        return ProjectedSource.of(new KafkaSource(context), width, context.projection());
      default:
        throw new IllegalArgumentException(
            "Unknown connector '"
                + connector
                + "' for '"
                + context.relationName()
                + "'; supported connectors: files, datagen, kafka");
    }
  }

  private static StreamSource createDatagen(SourceContext context) {
    String kind = context.requiredOption(KIND_OPTION);
    switch (kind.trim().toLowerCase(Locale.ROOT)) {
      case "rate":
        return new RateSource(context);
      case "nexmark":
        return new NexmarkSource(context);
      default:
        throw new IllegalArgumentException(
            "Unknown datagen kind '"
                + kind
                + "' for '"
                + context.relationName()
                + "'; supported kinds: rate, nexmark");
    }
  }
}
