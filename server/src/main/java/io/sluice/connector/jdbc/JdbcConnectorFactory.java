package io.sluice.connector.jdbc;

import io.sluice.connector.BoundedSource;
import io.sluice.spi.changelog.ChangelogMode;
import io.sluice.spi.connector.ConnectorFactory;
import io.sluice.spi.connector.LookupSource;
import io.sluice.spi.connector.SinkInput;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.StreamSink;
import io.sluice.spi.connector.StreamSource;
import io.sluice.spi.type.Column;
import java.util.List;
import java.util.Set;

/**
 * {@code 'connector' = 'jdbc'}: a table of a PostgreSQL, MariaDB or MySQL database, with Flink's
 * option names. As a sink it inserts, upserts and deletes by the query's key, or replaces the whole
 * table, exactly once (see {@link JdbcSink}); as a {@code CREATE TABLE} it is read whole by
 * snapshot queries and looked up by key when a stream joins it (see {@link JdbcLookupSource}).
 */
public final class JdbcConnectorFactory implements ConnectorFactory {
  @Override
  public String identifier() {
    return "jdbc";
  }

  @Override
  public Set<String> options() {
    return JdbcOptions.ALL;
  }

  @Override
  public boolean isTable() {
    return true;
  }

  @Override
  public StreamSource createTableSource(SourceContext context) {
    // the reader selects only the projected columns
    JdbcTableReader reader = new JdbcTableReader(context, new JdbcOptions(context));
    return new BoundedSource(
        context.projectedColumns().stream().map(Column::type).toList(), reader::readAll);
  }

  @Override
  public boolean supportsLookup() {
    return true;
  }

  @Override
  public LookupSource createLookupSource(SourceContext context, List<Integer> keyColumns) {
    return new JdbcLookupSource(context, new JdbcOptions(context), keyColumns);
  }

  /**
   * Inserts, updates by key (upserts and deletes; a -U is followed by its +U), or the whole table
   * each batch.
   */
  @Override
  public Set<ChangelogMode> sinkChangelogModes() {
    return Set.of(
        ChangelogMode.INSERT_ONLY,
        ChangelogMode.UPSERT,
        ChangelogMode.RETRACT,
        ChangelogMode.COMPLETE);
  }

  @Override
  public StreamSink createSink(SourceContext context, SinkInput input) {
    return new JdbcSink(new JdbcOptions(context), context.columns(), input);
  }
}
