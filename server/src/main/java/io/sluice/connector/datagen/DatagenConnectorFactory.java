package io.sluice.connector.datagen;

import io.sluice.connector.datagen.nexmark.NexmarkConfig;
import io.sluice.connector.datagen.nexmark.NexmarkSource;
import io.sluice.spi.connector.ConnectorFactory;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.StreamSource;
import java.util.Locale;
import java.util.Set;

/**
 * {@code 'connector' = 'datagen'}: generated rows, by {@code kind}: {@code rate} (numbered rows
 * paced by the wall clock, see {@link RateSource}) or {@code nexmark} (the Nexmark benchmark's
 * events, see {@link NexmarkSource}).
 */
public final class DatagenConnectorFactory implements ConnectorFactory {
  public static final String KIND_OPTION = "kind";

  @Override
  public String identifier() {
    return "datagen";
  }

  @Override
  public Set<String> options() {
    return Set.of(
        KIND_OPTION,
        RateSource.ROWS_PER_SECOND_OPTION,
        RateSource.NUMBER_OF_ROWS_OPTION,
        NexmarkSource.TABLE_OPTION,
        NexmarkSource.EVENTS_OPTION,
        NexmarkSource.EVENTS_PER_SECOND_OPTION,
        NexmarkSource.MAX_EVENTS_PER_TRIGGER_OPTION,
        NexmarkConfig.PERSON_PROPORTION_OPTION,
        NexmarkConfig.AUCTION_PROPORTION_OPTION,
        NexmarkConfig.BID_PROPORTION_OPTION,
        NexmarkConfig.FIRST_EVENT_RATE_OPTION,
        NexmarkConfig.BASE_TIME_OPTION);
  }

  @Override
  public boolean isSource() {
    return true;
  }

  /** Generators build only the columns a query reads. */
  @Override
  public StreamSource createSource(SourceContext context) {
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
