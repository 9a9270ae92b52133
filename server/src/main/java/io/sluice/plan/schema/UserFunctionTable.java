package io.sluice.plan.schema;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.FunctionDefinition;
import io.sluice.sql.function.JavaMethodFunction;
import io.sluice.sql.function.StrictOperandTypes;
import io.sluice.sql.function.UserFunctions;
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
 * The catalog's user-defined functions as an operator table: one operator per {@code eval} method,
 * so Calcite's overload resolution picks the method by the arguments' types.
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
    if (function.isPresent()) {
      operatorList.addAll(operators(function.get(), opName.getParserPosition()));
    }
  }

  @Override
  public List<SqlOperator> getOperatorList() {
    List<SqlOperator> operators = new ArrayList<>();
    for (FunctionDefinition function : catalog.functions()) {
      operators.addAll(operators(function, SqlParserPos.ZERO));
    }
    return operators;
  }

  private static List<SqlOperator> operators(FunctionDefinition function, SqlParserPos pos) {
    List<SqlOperator> operators = new ArrayList<>();
    for (Method method : UserFunctions.evalMethods(function.name(), function.className(), pos)) {
      operators.add(operator(function.name(), method));
    }
    return operators;
  }

  private static SqlOperator operator(String name, Method method) {
    List<SqlTypeFamily> families = new ArrayList<>();
    List<SqlTypeName> types = new ArrayList<>();
    boolean primitive = false;
    for (Class<?> parameter : method.getParameterTypes()) {
      SqlTypeName type = sqlType(parameter);
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

  private static SqlTypeName sqlType(Class<?> type) {
    if (type == String.class) {
      return SqlTypeName.VARCHAR;
    }
    if (type == boolean.class || type == Boolean.class) {
      return SqlTypeName.BOOLEAN;
    }
    if (type == byte.class || type == Byte.class) {
      return SqlTypeName.TINYINT;
    }
    if (type == short.class || type == Short.class) {
      return SqlTypeName.SMALLINT;
    }
    if (type == int.class || type == Integer.class) {
      return SqlTypeName.INTEGER;
    }
    if (type == long.class || type == Long.class) {
      return SqlTypeName.BIGINT;
    }
    if (type == float.class || type == Float.class) {
      return SqlTypeName.REAL;
    }
    if (type == double.class || type == Double.class) {
      return SqlTypeName.DOUBLE;
    }
    return SqlTypeName.DECIMAL;
  }
}
