package io.sluice.server.system;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.FunctionDefinition;
import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.RelationDefinitions;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import io.sluice.sql.function.SluiceFunctions;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/** {@code sys.functions}: every function a query may call, built-in and user-defined. */
public final class FunctionsTable implements SystemTable {
  private static final RelationDefinition DEFINITION =
      RelationDefinitions.systemTable("functions", List.of(Column.of("name", ColumnType.VARCHAR)));

  private final Catalog catalog;

  public FunctionsTable(Catalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  @Override
  public RelationDefinition definition() {
    return DEFINITION;
  }

  @Override
  public List<Object[]> rows() {
    TreeSet<String> names = new TreeSet<>();
    for (SqlOperator operator : SqlStdOperatorTable.instance().getOperatorList()) {
      if (operator instanceof SqlFunction) {
        names.add(operator.getName());
      }
    }
    for (SqlOperator operator : SluiceFunctions.operatorTable().getOperatorList()) {
      names.add(operator.getName());
    }
    for (FunctionDefinition function : catalog.functions()) {
      names.add(function.name());
    }
    List<Object[]> rows = new ArrayList<>();
    for (String name : names) {
      rows.add(new Object[] {name});
    }
    return rows;
  }
}
