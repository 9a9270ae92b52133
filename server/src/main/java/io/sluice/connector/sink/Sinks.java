package io.sluice.connector.sink;

import io.sluice.catalog.Column;
import io.sluice.connector.SourceContext;
import io.sluice.connector.SourceMetrics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Creates the sink a persistent query writes to, from its WITH options. */
public final class Sinks {
  private Sinks() {
  }

  /**
   * @param name the persistent query's name; prefixes the files it writes so several queries
   *     can write one folder
   */
  public static StreamSink create(String name, List<Column> columns, Map<String, String> options,
      Path baseDirectory) {
    String connector = options.getOrDefault("connector", "");
    if (connector.equals("files")) {
      return new FilesSink(new SourceContext(name, columns, options, baseDirectory,
          new SourceMetrics()), name);
    }
    throw new IllegalArgumentException("Sink '" + name + "' uses connector '" + connector
        + "'; supported sink connectors: files (format json, csv or parquet)");
  }
}
