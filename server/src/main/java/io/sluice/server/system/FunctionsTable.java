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
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * {@code sys.functions}: every function a query may call, built-in and user-defined: its kind
 * ({@code built-in}, or a user function's {@code scalar}, {@code aggregate} or {@code table}), and
 * for a user function its class and the jar it comes from (NULL for the server's class path).
 */
public final class FunctionsTable implements SystemTable {
  private static final RelationDefinition DEFINITION =
      RelationDefinitions.systemTable(
          "functions",
          List.of(
              Column.of("name", ColumnType.VARCHAR),
              Column.of("kind", ColumnType.VARCHAR),
              Column.of("class_name", ColumnType.VARCHAR),
              Column.of("jar", ColumnType.VARCHAR)));

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
    Map<String, Object[]> rows = new TreeMap<>();
    for (String name : names) {
      rows.put(name, new Object[] {name, "built-in", null, null});
    }
    for (FunctionDefinition function : catalog.functions()) {
      rows.put(
          function.name(),
          new Object[] {
            function.name(), function.kind().word(), function.className(), function.jar()
          });
    }
    return new ArrayList<>(rows.values());
  }
}
