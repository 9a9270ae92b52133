package io.sluice.sql;

import io.sluice.error.SluiceErrors;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;

/**
 * {@code MODEL name}, the argument of a table function that names a model ({@code ML_PREDICT(TABLE
 * t, MODEL m, DESCRIPTOR(…))}): a call of {@link #OPERATOR} on the name. The validator leaves the
 * name alone (it is no column); the table function that takes it looks the model up. Anywhere else
 * it is refused, which also catches a column named model given an alias without AS ({@code SELECT
 * model m}).
 */
public final class SqlModelReference {
  /** The operator of {@code MODEL name} calls. */
  public static final SqlSpecialOperator OPERATOR = new ModelOperator();

  private SqlModelReference() {}

  /** Whether {@code node} is a {@code MODEL name} argument. */
  public static boolean is(SqlNode node) {
    return node instanceof SqlCall call && call.getOperator() instanceof ModelOperator;
  }

  /** The model {@code MODEL name} names, as written. */
  public static SqlIdentifier name(SqlNode reference) {
    return ((SqlCall) reference).operand(0);
  }

  /** The operator: writes {@code MODEL name}, validates nothing, has no value of its own. */
  private static final class ModelOperator extends SqlSpecialOperator {
    ModelOperator() {
      super("MODEL", SqlKind.OTHER);
    }

    @Override
    public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
      writer.keyword("MODEL");
      call.operand(0).unparse(writer, 0, 0);
    }

    @Override
    public void validateCall(
        SqlCall call,
        SqlValidator validator,
        SqlValidatorScope scope,
        SqlValidatorScope operandScope) {
      // the name is a model's, not a column's: nothing to resolve here
    }

    @Override
    public RelDataType deriveType(SqlValidator validator, SqlValidatorScope scope, SqlCall call) {
      RelDataType type = validator.getTypeFactory().createSqlType(SqlTypeName.ANY);
      validator.setValidatedNodeType(call, type);
      return type;
    }
  }

  /** The error for a {@code MODEL name} where no table function takes it. */
  public static SluiceException misplaced(SqlNode reference) {
    SqlIdentifier name = name(reference);
    return new SluiceException(
        ErrorCode.VALIDATION_ERROR,
        SluiceErrors.at(reference.getParserPosition())
            + "MODEL "
            + name
            + " names a model, which only ML_PREDICT takes: ML_PREDICT(TABLE t, MODEL "
            + name
            + ", DESCRIPTOR(…)). To alias a column named model, write AS: model AS "
            + name);
  }
}
