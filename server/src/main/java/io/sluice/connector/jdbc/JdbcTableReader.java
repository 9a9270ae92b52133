package io.sluice.connector.jdbc;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.SourceReadException;
import io.sluice.spi.type.Column;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a jdbc table's whole content once ({@code SELECT columns FROM table}), for snapshot queries
 * and joins that hold the table in memory: only the columns the query uses, checked against the
 * database's table first, {@code scan.fetch-size} rows per round trip.
 */
final class JdbcTableReader {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcTableReader.class);

  private final SourceContext context;
  private final JdbcOptions options;

  JdbcTableReader(SourceContext context, JdbcOptions options) {
    this.context = requireNonNull(context, "context is null");
    this.options = requireNonNull(options, "options is null");
  }

  /** Every row of the table, holding the projected columns. */
  Batch readAll() {
    List<Column> read = context.projectedColumns();
    BatchBuilder out = new BatchBuilder(read.stream().map(Column::type).toList(), 1024);
    try (JdbcConnections connections =
        new JdbcConnections(options, "sluice-jdbc-table-" + context.relationName(), 1)) {
      return Retries.run(
          "read table '" + context.relationName() + "'",
          options.lookupMaxRetries(),
          options.retryTimeout(),
          LOG,
          () -> {
            try (Connection connection = connections.get()) {
              TargetTable table =
                  TargetTable.read(connection, options.dialect(), options.tableName())
                      .orElseThrow(
                          () ->
                              SchemaFit.missingTable(options, context.relationName(), read, null));
              List<TargetColumn> sources =
                  SchemaFit.forRead(table, read, context.relationName(), options);
              String sql =
                  options
                      .dialect()
                      .selectAll(
                          table.quotedName(), sources.stream().map(TargetColumn::name).toList());
              // PostgreSQL streams rows in fetch-size chunks only inside a transaction
              connection.setAutoCommit(false);
              try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setFetchSize(options.fetchSize());
                try (ResultSet rows = select.executeQuery()) {
                  boolean[] zoned = JdbcValues.timeZoneColumns(rows);
                  while (rows.next()) {
                    for (int c = 0; c < read.size(); c++) {
                      JdbcValues.read(rows, c + 1, read.get(c), zoned[c + 1], out, c);
                    }
                    out.endRow();
                  }
                }
              } finally {
                connection.rollback();
                connection.setAutoCommit(true);
              }
              return out.build();
            } catch (SQLException | RuntimeException e) {
              // a retry starts the batch afresh
              out.build();
              throw e;
            }
          });
    } catch (SQLException e) {
      throw new SourceReadException(
          "Cannot read table '"
              + context.relationName()
              + "' ("
              + options.tableName()
              + " in "
              + SchemaFit.where(options)
              + "): "
              + JdbcUrls.mask(String.valueOf(e.getMessage())),
          e);
    }
  }
}
