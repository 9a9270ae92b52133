package io.sluice.connector;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Column;
import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.RelationKind;
import io.sluice.catalog.SystemTables;
import io.sluice.exec.batch.ColumnType;
import io.sluice.exec.driver.SourceOpener;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Opens the source of a relation: streams through their connector, static tables read once,
 * system tables from the server's own state.
 */
public final class SourceOpeners implements SourceOpener {
  private final Path baseDirectory;
  private final DeadLetters deadLetters;
  private final Function<String, List<Object[]>> systemRows;

  /**
   * @param deadLetters the server's, for sources under {@code 'on-error' = 'dead-letter'}
   * @param systemRows current rows of a system table, by table name
   */
  public SourceOpeners(Path baseDirectory, DeadLetters deadLetters,
      Function<String, List<Object[]>> systemRows) {
    this.baseDirectory = requireNonNull(baseDirectory, "baseDirectory is null");
    this.deadLetters = requireNonNull(deadLetters, "deadLetters is null");
    this.systemRows = requireNonNull(systemRows, "systemRows is null");
  }

  @Override public StreamSource open(RelationDefinition relation, SourceMetrics metrics) {
    List<ColumnType> types =
        relation.columns().stream().map(Column::type).toList();
    if (SystemTables.isSystem(relation)) {
      return new BoundedSource(types,
          () -> JavaRows.toBatch(relation.columns(), systemRows.apply(relation.name())));
    }
    SourceContext context = new SourceContext(relation.name(), relation.columns(),
        relation.options(), baseDirectory, metrics, deadLetters);
    if (relation.kind() == RelationKind.TABLE) {
      return new FilesTableSource(context);
    }
    return SourceFactory.create(context);
  }

  /** Checks a relation's WITH options at CREATE time, so mistakes surface before any query. */
  public static void validate(RelationDefinition relation, Path baseDirectory) {
    SourceContext context = context(relation, baseDirectory, new SourceMetrics());
    if (relation.kind() == RelationKind.TABLE && !relation.connector().equals("files")) {
      throw new IllegalArgumentException("Table '" + relation.name() + "' uses connector '"
          + relation.connector() + "'; tables support connector 'files'");
    }
    SourceFactory.create(context).close();
  }

  private static SourceContext context(RelationDefinition relation, Path baseDirectory,
      SourceMetrics metrics) {
    return new SourceContext(relation.name(), relation.columns(), relation.options(),
        baseDirectory, metrics);
  }
}
