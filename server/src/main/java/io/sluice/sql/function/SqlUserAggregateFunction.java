package io.sluice.sql.function;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.Optionality;

/**
 * One {@code accumulate} method of a user-defined aggregate function as a SQL aggregate function:
 * one operator per method, so Calcite's overload resolution picks the method by the arguments'
 * types, as it does for scalar functions' {@code eval}s.
 */
public final class SqlUserAggregateFunction extends SqlAggFunction {
  private final UserAggregate function;
  private final Method accumulate;

  public SqlUserAggregateFunction(UserAggregate function, Method accumulate) {
    super(
        function.name(),
        new SqlIdentifier(function.name(), SqlParserPos.ZERO),
        SqlKind.OTHER_FUNCTION,
        binding -> resultType(binding.getTypeFactory(), function.resultType()),
        null,
        operandTypes(accumulate),
        SqlFunctionCategory.USER_DEFINED_FUNCTION,
        false,
        false,
        Optionality.FORBIDDEN);
    this.function = requireNonNull(function, "function is null");
    this.accumulate = requireNonNull(accumulate, "accumulate is null");
  }

  public UserAggregate function() {
    return function;
  }

  /** The {@code accumulate} method this call runs. */
  public Method accumulate() {
    return accumulate;
  }

  /** The {@code retract} method matching {@link #accumulate}, if the class has one. */
  public Optional<Method> retract() {
    return function.retractFor(accumulate);
  }

  private static StrictOperandTypes operandTypes(Method accumulate) {
    List<SqlTypeFamily> families = new ArrayList<>();
    List<SqlTypeName> types = new ArrayList<>();
    Class<?>[] parameters = accumulate.getParameterTypes();
    // The first parameter is the accumulator; the rest are the SQL arguments.
    for (int i = 1; i < parameters.length; i++) {
      SqlTypeName type = JavaTypes.sqlType(parameters[i]);
      types.add(type);
      families.add(requireNonNull(type.getFamily(), "family"));
    }
    return new StrictOperandTypes(families, types, types.size());
  }

  static RelDataType resultType(RelDataTypeFactory typeFactory, Class<?> result) {
    RelDataType type = typeFactory.createJavaType(result);
    if (typeFactory instanceof JavaTypeFactory) {
      type = ((JavaTypeFactory) typeFactory).toSql(type);
    }
    return typeFactory.createTypeWithNullability(type, true);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SqlUserAggregateFunction that
        && super.equals(other)
        && function.type() == that.function.type()
        && accumulate.equals(that.accumulate);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), accumulate);
  }
}
