package io.sluice.server.system;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.ModelDefinition;
import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.RelationDefinitions;
import io.sluice.catalog.SqlTypes;
import io.sluice.exec.model.ModelRegistry;
import io.sluice.exec.model.ModelStatus;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code sys.models}: every model, the version (content hash) queries score with and when it was
 * loaded, and why its file last failed to load, if it did (the version shown keeps scoring).
 */
public final class ModelsTable implements SystemTable {
  private static final RelationDefinition DEFINITION =
      RelationDefinitions.systemTable(
          "models",
          List.of(
              Column.of("name", ColumnType.VARCHAR),
              Column.of("provider", ColumnType.VARCHAR),
              Column.of("path", ColumnType.VARCHAR),
              Column.of("inputs", ColumnType.VARCHAR),
              Column.of("outputs", ColumnType.VARCHAR),
              Column.of("version", ColumnType.VARCHAR),
              Column.of("loaded_at", ColumnType.TIMESTAMP),
              Column.of("error", ColumnType.VARCHAR),
              Column.of("error_at", ColumnType.TIMESTAMP),
              Column.of("comment", ColumnType.VARCHAR),
              Column.of("ddl", ColumnType.VARCHAR)));

  private final Catalog catalog;
  private final ModelRegistry models;

  public ModelsTable(Catalog catalog, ModelRegistry models) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.models = requireNonNull(models, "models is null");
  }

  @Override
  public RelationDefinition definition() {
    return DEFINITION;
  }

  @Override
  public List<Object[]> rows() {
    List<Object[]> rows = new ArrayList<>();
    for (ModelDefinition model : catalog.models()) {
      Optional<ModelStatus> status = models.status(model.name());
      rows.add(
          new Object[] {
            model.name(),
            model.provider(),
            model.path(),
            columns(model.inputs()),
            columns(model.outputs()),
            status.map(ModelStatus::version).orElse(null),
            status.map(ModelStatus::loadedAtMillis).orElse(null),
            status.map(ModelStatus::error).orElse(null),
            status.map(ModelStatus::errorAtMillis).orElse(null),
            model.comment(),
            model.ddl()
          });
    }
    return rows;
  }

  private static String columns(List<Column> columns) {
    return columns.stream()
        .map(column -> column.name() + " " + SqlTypes.typeText(column))
        .collect(Collectors.joining(", "));
  }
}
