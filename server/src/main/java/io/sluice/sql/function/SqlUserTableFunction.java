package io.sluice.sql.function;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.TableFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedTableFunction;

/**
 * One {@code eval} method of a user-defined table function as a SQL table function, for {@code
 * LATERAL TABLE(name(…))}: one operator per method, so Calcite's overload resolution picks the
 * method by the arguments' types.
 */
public final class SqlUserTableFunction extends SqlUserDefinedTableFunction {
  private final UserTableFunction function;
  private final UserTableFunction.Eval eval;

  public SqlUserTableFunction(UserTableFunction function, UserTableFunction.Eval eval) {
    super(
        new SqlIdentifier(function.name(), SqlParserPos.ZERO),
        SqlKind.OTHER_FUNCTION,
        // The call's own type is a cursor; its rows' type comes from the function (Rows).
        ReturnTypes.CURSOR,
        null,
        operandTypes(eval),
        new Rows(eval));
    this.function = requireNonNull(function, "function is null");
    this.eval = requireNonNull(eval, "eval is null");
  }

  public UserTableFunction function() {
    return function;
  }

  /** The {@code eval} method this call runs, and what it collects. */
  public UserTableFunction.Eval eval() {
    return eval;
  }

  private static StrictOperandTypes operandTypes(UserTableFunction.Eval eval) {
    List<SqlTypeFamily> families = new ArrayList<>();
    List<SqlTypeName> types = new ArrayList<>();
    for (Class<?> parameter : eval.method().getParameterTypes()) {
      SqlTypeName type = JavaTypes.sqlType(parameter);
      types.add(type);
      families.add(requireNonNull(type.getFamily(), "family"));
    }
    return new StrictOperandTypes(families, types, types.size());
  }

  static RelDataType rowType(RelDataTypeFactory typeFactory, UserTableFunction.Eval eval) {
    RelDataTypeFactory.Builder row = typeFactory.builder();
    for (FunctionColumn column : eval.columns()) {
      row.add(column.name(), column.relType(typeFactory));
    }
    return row.build();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SqlUserTableFunction that
        && super.equals(other)
        && function.type() == that.function.type()
        && eval.method().equals(that.eval.method());
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), eval.method());
  }

  /** The rows of one {@code eval}, as Calcite's table function contract describes them. */
  private record Rows(UserTableFunction.Eval eval) implements TableFunction {
    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory, List<?> arguments) {
      return SqlUserTableFunction.rowType(typeFactory, eval);
    }

    @Override
    public Type getElementType(List<?> arguments) {
      return Object[].class;
    }

    @Override
    public List<FunctionParameter> getParameters() {
      // The operator checks its operands itself; no named or defaulted parameters.
      return List.of();
    }
  }
}
