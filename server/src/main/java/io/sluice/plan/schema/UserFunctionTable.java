package io.sluice.plan.schema;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.FunctionDefinition;
import io.sluice.error.SluiceErrors;
import io.sluice.spi.error.SluiceException;
import io.sluice.sql.function.JavaMethodFunction;
import io.sluice.sql.function.JavaTypes;
import io.sluice.sql.function.SqlUserAggregateFunction;
import io.sluice.sql.function.SqlUserTableFunction;
import io.sluice.sql.function.StrictOperandTypes;
import io.sluice.sql.function.UserAggregate;
import io.sluice.sql.function.UserFunctionKind;
import io.sluice.sql.function.UserFunctions;
import io.sluice.sql.function.UserTableFunction;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.adapter.enumerable.NullPolicy;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The catalog's user-defined functions as an operator table: one operator per {@code eval} (scalar
 * and table functions) or {@code accumulate} (aggregate functions) method, so Calcite's overload
 * resolution picks the method by the arguments' types. Table functions are found only where a table
 * function is called ({@code LATERAL TABLE(f(…))}), the others only where they are not.
 */
public final class UserFunctionTable implements SqlOperatorTable {
  private final Catalog catalog;

  public UserFunctionTable(Catalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  @Override
  public void lookupOperatorOverloads(
      SqlIdentifier opName,
      @Nullable SqlFunctionCategory category,
      SqlSyntax syntax,
      List<SqlOperator> operatorList,
      SqlNameMatcher nameMatcher) {
    if (!opName.isSimple() || syntax != SqlSyntax.FUNCTION) {
      return;
    }
    Optional<FunctionDefinition> function = catalog.findFunction(opName.getSimple());
    if (function.isEmpty()) {
      return;
    }
    boolean tableWanted = category != null && category.isTableFunction();
    if (tableWanted == (function.get().kind() == UserFunctionKind.TABLE)) {
      operatorList.addAll(operators(function.get(), opName.getParserPosition()));
    }
  }

  @Override
  public List<SqlOperator> getOperatorList() {
    List<SqlOperator> operators = new ArrayList<>();
    for (FunctionDefinition function : catalog.functions()) {
      try {
        operators.addAll(operators(function, SqlParserPos.ZERO));
      } catch (SluiceException | IllegalArgumentException e) {
        // A function whose class cannot be loaded any more fails the queries that call it, not
        // every lookup of the whole list.
      }
    }
    return operators;
  }

  private List<SqlOperator> operators(FunctionDefinition function, SqlParserPos pos) {
    String where =
        function.jar() == null ? "on the server's class path" : "in jar '" + function.jar() + "'";
    ClassLoader loader;
    try {
      loader = catalog.classLoader(function);
    } catch (SluiceException | IllegalArgumentException e) {
      throw SluiceErrors.functionClassInvalid(
          pos, function.name(), function.className(), e.getMessage());
    }
    Class<?> type = UserFunctions.load(function.name(), function.className(), loader, pos, where);
    List<SqlOperator> operators = new ArrayList<>();
    switch (UserFunctions.kind(type)) {
      case AGGREGATE -> {
        UserAggregate aggregate = UserAggregate.of(function.name(), type, pos);
        for (Method accumulate : aggregate.accumulate()) {
          operators.add(new SqlUserAggregateFunction(aggregate, accumulate));
        }
      }
      case TABLE -> {
        UserTableFunction table = UserTableFunction.of(function.name(), type, pos);
        for (UserTableFunction.Eval eval : table.evals()) {
          operators.add(new SqlUserTableFunction(table, eval));
        }
      }
      default -> {
        for (Method method : UserFunctions.evalMethods(function.name(), type, pos)) {
          operators.add(operator(function.name(), method));
        }
      }
    }
    return operators;
  }

  private static SqlOperator operator(String name, Method method) {
    List<SqlTypeFamily> families = new ArrayList<>();
    List<SqlTypeName> types = new ArrayList<>();
    boolean primitive = false;
    for (Class<?> parameter : method.getParameterTypes()) {
      SqlTypeName type = JavaTypes.sqlType(parameter);
      types.add(type);
      families.add(requireNonNull(type.getFamily(), "family"));
      primitive |= parameter.isPrimitive();
    }
    Class<?> result = method.getReturnType();
    // A NULL cannot reach a primitive parameter: as in Flink, the call is then NULL.
    NullPolicy nullPolicy = primitive ? NullPolicy.ANY : NullPolicy.NONE;
    return new SqlUserDefinedFunction(
        new SqlIdentifier(name, SqlParserPos.ZERO),
        SqlKind.OTHER_FUNCTION,
        binding -> returnType(binding.getTypeFactory(), result),
        null,
        new StrictOperandTypes(families, types, types.size()),
        new JavaMethodFunction(List.of(method), nullPolicy));
  }

  private static RelDataType returnType(RelDataTypeFactory typeFactory, Class<?> result) {
    RelDataType type = typeFactory.createJavaType(result);
    if (typeFactory instanceof JavaTypeFactory) {
      type = ((JavaTypeFactory) typeFactory).toSql(type);
    }
    return typeFactory.createTypeWithNullability(type, true);
  }
}
