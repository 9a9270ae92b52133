package io.sluice.server.system;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.RelationDefinitions;
import io.sluice.catalog.RelationKind;
import io.sluice.catalog.WatermarkSpec;
import io.sluice.connector.http.HttpConnectorFactory;
import io.sluice.connector.http.StreamLogs;
import io.sluice.spi.connector.SecretOptions;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.util.ArrayList;
import java.util.List;

/** {@code sys.streams}: the declared streams, their watermarks and DDL. */
public final class StreamsTable implements SystemTable {
  private static final RelationDefinition DEFINITION =
      RelationDefinitions.systemTable(
          "streams",
          List.of(
              Column.of("name", ColumnType.VARCHAR),
              Column.of("connector", ColumnType.VARCHAR),
              Column.of("format", ColumnType.VARCHAR),
              Column.of("watermark_column", ColumnType.VARCHAR),
              Column.of("watermark_expression", ColumnType.VARCHAR),
              Column.of("late_stream", ColumnType.VARCHAR),
              Column.of("log_bytes", ColumnType.BIGINT),
              Column.of("ddl", ColumnType.VARCHAR)));

  private final Catalog catalog;
  private final StreamLogs logs;

  /**
   * @param logs the logs of HTTP streams, whose size the table shows
   */
  public StreamsTable(Catalog catalog, StreamLogs logs) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.logs = requireNonNull(logs, "logs is null");
  }

  @Override
  public RelationDefinition definition() {
    return DEFINITION;
  }

  @Override
  public List<Object[]> rows() {
    List<Object[]> rows = new ArrayList<>();
    for (RelationDefinition definition : catalog.list(RelationKind.STREAM)) {
      WatermarkSpec watermark = definition.watermark();
      rows.add(
          new Object[] {
            definition.name(),
            definition.connector(),
            definition.options().get("format"),
            watermark == null ? null : watermark.column(),
            watermark == null ? null : watermark.expression(),
            watermark == null ? null : watermark.lateStream(),
            definition.connector().trim().equalsIgnoreCase(HttpConnectorFactory.IDENTIFIER)
                ? logs.sizeBytes(definition.name())
                : null,
            SecretOptions.maskSql(definition.ddl())
          });
    }
    return rows;
  }
}
