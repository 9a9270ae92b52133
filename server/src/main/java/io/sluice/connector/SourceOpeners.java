package io.sluice.connector;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.RelationKind;
import io.sluice.connector.http.HttpConnectorFactory;
import io.sluice.connector.http.StreamLogs;
import io.sluice.exec.driver.SourceOpener;
import io.sluice.exec.view.ResultTable;
import io.sluice.exec.view.ResultTableSource;
import io.sluice.plan.schema.SystemTables;
import io.sluice.spi.connector.Connectors;
import io.sluice.spi.connector.DeadLetters;
import io.sluice.spi.connector.LookupSource;
import io.sluice.spi.connector.SinkInput;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.SourceMetrics;
import io.sluice.spi.connector.StreamSink;
import io.sluice.spi.connector.StreamSource;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Opens the source of a relation: streams through their connector, static tables read once, system
 * tables from the server's own state.
 */
public final class SourceOpeners implements SourceOpener {
  private final Path baseDirectory;
  private final PathConfinement confinement;
  private final DeadLetters deadLetters;
  private final Function<String, Supplier<List<Object[]>>> systemRows;
  private final Function<String, ResultTable> views;
  private final Function<String, java.util.Optional<RelationDefinition>> relations;
  private final StreamLogs logs;

  /**
   * @param baseDirectory what relative paths in options resolve against
   * @param confinement the folders paths in options may name
   * @param deadLetters the server's, for sources under {@code 'on-error' = 'dead-letter'}
   * @param systemRows how to read the rows of a system table, by table name: asked when a query
   *     opens the table (in the thread of the statement, which knows who runs it), read per batch
   * @param views result table of a materialized view, by name
   * @param logs the logs of HTTP streams, which their sources read
   */
  public SourceOpeners(
      Path baseDirectory,
      PathConfinement confinement,
      DeadLetters deadLetters,
      Function<String, Supplier<List<Object[]>>> systemRows,
      Function<String, ResultTable> views,
      Function<String, java.util.Optional<RelationDefinition>> relations,
      StreamLogs logs) {
    this.relations = requireNonNull(relations, "relations is null");
    this.logs = requireNonNull(logs, "logs is null");
    this.baseDirectory = requireNonNull(baseDirectory, "baseDirectory is null");
    this.confinement = requireNonNull(confinement, "confinement is null");
    this.deadLetters = requireNonNull(deadLetters, "deadLetters is null");
    this.systemRows = requireNonNull(systemRows, "systemRows is null");
    this.views = requireNonNull(views, "views is null");
  }

  @Override
  public StreamSource open(
      RelationDefinition relation, List<Integer> columns, SourceMetrics metrics, boolean push) {
    int width = relation.columns().size();
    if (relation.kind() == RelationKind.MATERIALIZED_VIEW) {
      ResultTable table = views.apply(relation.name());
      if (table == null) {
        throw new IllegalStateException(
            "Materialized view '" + relation.name() + "' is not running");
      }
      return ProjectedSource.of(new ResultTableSource(table, push), width, columns);
    }
    List<ColumnType> types = relation.columns().stream().map(Column::type).toList();
    if (SystemTables.isSystem(relation)) {
      Supplier<List<Object[]>> rows = systemRows.apply(relation.name());
      return ProjectedSource.of(
          new BoundedSource(types, () -> JavaRows.toBatch(relation.columns(), rows.get())),
          width,
          columns);
    }
    SourceContext context =
        new SourceContext(
            relation.name(),
            relation.columns(),
            relation.options(),
            baseDirectory,
            metrics,
            deadLetters,
            columns);
    confine(context);
    if (relation.kind() == RelationKind.TABLE) {
      return Connectors.createTableSource(context);
    }
    if (isHttp(relation)) {
      return logs.source(context);
    }
    return Connectors.createSource(context);
  }

  private static boolean isHttp(RelationDefinition relation) {
    return relation.kind() == RelationKind.STREAM
        && relation.connector().trim().equalsIgnoreCase(HttpConnectorFactory.IDENTIFIER);
  }

  @Override
  public io.sluice.spi.connector.StreamSink lateRowsSink(
      RelationDefinition relation, String queryId) {
    String lateStream = relation.watermark().lateStream();
    RelationDefinition target =
        relations
            .apply(lateStream)
            .map(RelationDefinition::physical)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Stream '"
                            + relation.name()
                            + "' sends late rows INTO '"
                            + lateStream
                            + "', which does not exist"));
    if (target.kind() != RelationKind.STREAM || !target.connector().equals("files")) {
      throw new IllegalArgumentException(
          "Late rows of '"
              + relation.name()
              + "' go INTO '"
              + target.name()
              + "', which must be a stream with connector 'files'");
    }
    if (target.columns().size() != relation.columns().size()) {
      throw new IllegalArgumentException(
          "Late rows of '"
              + relation.name()
              + "' go INTO '"
              + target.name()
              + "', which must have the same "
              + relation.columns().size()
              + " columns");
    }
    SourceContext context =
        new SourceContext(
            "late-" + queryId,
            target.columns(),
            target.options(),
            baseDirectory,
            new SourceMetrics());
    confine(context);
    return Connectors.createSink(context, SinkInput.insertOnly("late-" + queryId), false);
  }

  @Override
  public LookupSource openLookup(
      RelationDefinition relation, List<Integer> columns, List<Integer> keyColumns) {
    SourceContext context =
        new SourceContext(
            relation.name(),
            relation.columns(),
            relation.options(),
            baseDirectory,
            new SourceMetrics(),
            deadLetters,
            columns);
    confine(context);
    return Connectors.createLookupSource(context, keyColumns);
  }

  /** Checks a relation's WITH options at CREATE time, so mistakes surface before any query. */
  public void validate(RelationDefinition declared) {
    RelationDefinition relation = declared.physical(); // the source never reads computed columns
    SourceContext context = context(relation, baseDirectory, new SourceMetrics());
    confine(context);
    if (relation.kind() == RelationKind.TABLE) {
      Connectors.createTableSource(context).close();
    } else if (isHttp(relation)) {
      HttpConnectorFactory.check(context);
    } else {
      Connectors.createSource(context).close();
      boolean updating =
          Connectors.find(relation.options())
              .map(c -> c.sourceChangelogMode().isUpdating())
              .orElse(false);
      if (updating && relation.primaryKey().isEmpty()) {
        // its updates replace rows by key: without one they could not be told apart
        throw new IllegalArgumentException(
            "Stream '"
                + relation.name()
                + "' uses connector '"
                + relation.connector()
                + "', whose records update rows by key; declare the key columns with PRIMARY KEY");
      }
    }
  }

  /** Refuses a path option that names a file outside the allowed folders. */
  private void confine(SourceContext context) {
    Connectors.find(context.options())
        .ifPresent(
            connector -> {
              for (String option : connector.pathOptions()) {
                String value = context.options().get(option);
                if (value != null) {
                  confinement.check(
                      context.workingDirectory().resolve(value.trim()),
                      "option '" + option + "' of '" + context.relationName() + "'");
                }
              }
            });
  }

  /**
   * The sink a persistent query writes to, from its WITH options ({@code strictOptions} for CREATE
   * SINK; INSERT INTO writes with the target stream's options, which a sink need not all read):
   * refused when it cannot take what the query emits.
   */
  public StreamSink sink(
      List<Column> columns, Map<String, String> options, SinkInput input, boolean strictOptions) {
    SourceContext context =
        new SourceContext(input.name(), columns, options, baseDirectory, new SourceMetrics());
    confine(context);
    return Connectors.createSink(context, input, strictOptions);
  }

  private static SourceContext context(
      RelationDefinition relation, Path baseDirectory, SourceMetrics metrics) {
    return new SourceContext(
        relation.name(), relation.columns(), relation.options(), baseDirectory, metrics);
  }
}
