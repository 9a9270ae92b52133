package io.sluice.connector.sink;

import io.sluice.connector.kafka.KafkaSink;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.SourceMetrics;
import io.sluice.spi.connector.StreamSink;
import io.sluice.spi.type.Column;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Creates the sink a persistent query writes to, from its WITH options. */
public final class Sinks {
  private Sinks() {}

  /**
   * @param name the persistent query's name; prefixes the files it writes so several queries can
   *     write one folder
   */
  public static StreamSink create(
      String name, List<Column> columns, Map<String, String> options, Path baseDirectory) {
    String connector = options.getOrDefault("connector", "");
    SourceContext context =
        new SourceContext(name, columns, options, baseDirectory, new SourceMetrics());
    switch (connector) {
      case "files":
        return new FilesSink(context, name);
      case "kafka":
        return new KafkaSink(context, name);
      default:
        throw new IllegalArgumentException(
            "Sink '"
                + name
                + "' uses connector '"
                + connector
                + "'; supported sink connectors: files (json, csv or parquet), kafka (json or csv)");
    }
  }
}
