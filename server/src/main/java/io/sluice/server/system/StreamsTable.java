package io.sluice.server.system;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.RelationDefinitions;
import io.sluice.catalog.RelationKind;
import io.sluice.catalog.WatermarkSpec;
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
              Column.of("ddl", ColumnType.VARCHAR)));

  private final Catalog catalog;

  public StreamsTable(Catalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
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
            SecretOptions.maskSql(definition.ddl())
          });
    }
    return rows;
  }
}
