package io.sluice.server.statement;

import static java.util.Objects.requireNonNull;

import io.sluice.server.result.StatementResult;
import io.sluice.server.result.StaticRows;
import io.sluice.server.system.SystemTable;
import io.sluice.server.system.SystemTables;
import io.sluice.spi.type.Column;
import io.sluice.sql.SqlShowObjects;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code SHOW STREAMS | TABLES | VIEWS | MATERIALIZED VIEWS | SINKS | QUERIES | FUNCTIONS}: the
 * rows of the system table of that name, without the full DDL text (that is for {@code sys.*} and
 * DESCRIBE readers).
 */
public final class ShowTask implements StatementTask<SqlShowObjects> {
  private final SystemTables systemTables;

  public ShowTask(SystemTables systemTables) {
    this.systemTables = requireNonNull(systemTables, "systemTables is null");
  }

  @Override
  public Class<SqlShowObjects> statementType() {
    return SqlShowObjects.class;
  }

  @Override
  public StatementResult execute(SqlShowObjects show, StatementContext context) {
    String name = show.kind().name().toLowerCase(Locale.ROOT);
    SystemTable table =
        systemTables
            .find(name)
            .orElseThrow(() -> new IllegalStateException("No system table for SHOW " + name));
    List<Column> columns = table.definition().columns();
    List<Object[]> rows = table.rows(context.session().principal());
    if (columns.get(columns.size() - 1).name().equals("ddl")) {
      columns = columns.subList(0, columns.size() - 1);
      rows = rows.stream().map(r -> Arrays.copyOf(r, r.length - 1)).toList();
    }
    return new StatementResult.Rows(columns, new StaticRows(rows));
  }
}
