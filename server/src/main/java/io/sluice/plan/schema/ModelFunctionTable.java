package io.sluice.plan.schema;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import java.util.List;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.checkerframework.checker.nullness.qual.Nullable;

/** The table functions over the catalog's models, as an operator table: ML_PREDICT. */
public final class ModelFunctionTable implements SqlOperatorTable {
  private final MlPredictFunction mlPredict;

  public ModelFunctionTable(Catalog catalog) {
    this.mlPredict = new MlPredictFunction(requireNonNull(catalog, "catalog is null"));
  }

  @Override
  public void lookupOperatorOverloads(
      SqlIdentifier opName,
      @Nullable SqlFunctionCategory category,
      SqlSyntax syntax,
      List<SqlOperator> operatorList,
      SqlNameMatcher nameMatcher) {
    if (opName.isSimple()
        && syntax == SqlSyntax.FUNCTION
        && nameMatcher.matches(opName.getSimple(), MlPredictFunction.NAME)) {
      operatorList.add(mlPredict);
    }
  }

  @Override
  public List<SqlOperator> getOperatorList() {
    return List.of(mlPredict);
  }
}
