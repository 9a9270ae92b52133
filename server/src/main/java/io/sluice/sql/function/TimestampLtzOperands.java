package io.sluice.sql.function;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandMetadata;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * TO_TIMESTAMP_LTZ's two signatures, as Flink's: {@code (epoch [, precision])} of a number and an
 * integer, or {@code (text [, pattern [, zone]])} all text; a call mixing them is refused before it
 * runs.
 */
final class TimestampLtzOperands implements SqlOperandMetadata {
  @Override
  public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
    // the text signature when any argument is text (a bare NULL first argument is either)
    boolean text = false;
    for (int i = 0; i < binding.getOperandCount(); i++) {
      RelDataType type = binding.getOperandType(i);
      text |= type.getSqlTypeName() != SqlTypeName.NULL && SqlTypeFamily.CHARACTER.contains(type);
    }
    boolean fits = true;
    for (int i = 0; i < binding.getOperandCount(); i++) {
      RelDataType type = binding.getOperandType(i);
      if (type.getSqlTypeName() == SqlTypeName.NULL) {
        continue;
      }
      SqlTypeFamily expected =
          text ? SqlTypeFamily.CHARACTER : i == 0 ? SqlTypeFamily.NUMERIC : SqlTypeFamily.INTEGER;
      fits &= expected.contains(type) && (text || i < 2);
    }
    if (!fits && throwOnFailure) {
      throw binding.newValidationSignatureError();
    }
    return fits;
  }

  @Override
  public SqlOperandCountRange getOperandCountRange() {
    return SqlOperandCountRanges.between(1, 3);
  }

  @Override
  public boolean isOptional(int i) {
    return i > 0;
  }

  @Override
  public String getAllowedSignatures(SqlOperator op, String opName) {
    return opName
        + "(<NUMERIC> [, <INTEGER>])\n"
        + opName
        + "(<CHARACTER> [, <CHARACTER> [, <CHARACTER>]])";
  }

  @Override
  public List<RelDataType> paramTypes(RelDataTypeFactory typeFactory) {
    RelDataType any =
        typeFactory.createTypeWithNullability(typeFactory.createSqlType(SqlTypeName.ANY), true);
    RelDataType text =
        typeFactory.createTypeWithNullability(typeFactory.createSqlType(SqlTypeName.VARCHAR), true);
    return List.of(any, any, text);
  }

  @Override
  public List<String> paramNames() {
    return List.of("arg", "arg", "arg");
  }
}
