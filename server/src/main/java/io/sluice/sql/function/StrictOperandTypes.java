package io.sluice.sql.function;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
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
 * Operand types of a built-in function, checked without implicit casts: Calcite would otherwise
 * turn {@code SPLIT_INDEX(s, '/', 'x')} into a cast that fails on every row, where Flink rejects
 * the call before it runs. An operand may accept several families ({@code HEX(integer | text)}).
 */
public final class StrictOperandTypes implements SqlOperandMetadata {
  private final List<List<SqlTypeFamily>> families;
  private final List<SqlTypeName> types;
  private final int required;

  public StrictOperandTypes(List<SqlTypeFamily> families, List<SqlTypeName> types, int required) {
    this(
        types,
        required,
        requireNonNull(families, "families is null").stream().map(List::of).toList());
  }

  private StrictOperandTypes(
      List<SqlTypeName> types, int required, List<List<SqlTypeFamily>> families) {
    this.families = ImmutableList.copyOf(requireNonNull(families, "families is null"));
    this.types = ImmutableList.copyOf(requireNonNull(types, "types is null"));
    this.required = required;
  }

  /**
   * Operand {@code i} of any family of {@code families.get(i)}; {@code types.get(i)} is {@link
   * SqlTypeName#ANY} for an operand of several families, which the Java method takes as an {@code
   * Object}.
   */
  public static StrictOperandTypes oneOf(
      List<List<SqlTypeFamily>> families, List<SqlTypeName> types, int required) {
    return new StrictOperandTypes(types, required, families);
  }

  @Override
  public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
    for (int i = 0; i < binding.getOperandCount(); i++) {
      RelDataType type = binding.getOperandType(i);
      if (type.getSqlTypeName() != SqlTypeName.NULL
          && families.get(i).stream().noneMatch(family -> family.contains(type))) {
        if (throwOnFailure) {
          throw binding.newValidationSignatureError();
        }
        return false;
      }
    }
    return true;
  }

  @Override
  public SqlOperandCountRange getOperandCountRange() {
    return SqlOperandCountRanges.between(required, families.size());
  }

  @Override
  public boolean isOptional(int i) {
    return i >= required;
  }

  @Override
  public String getAllowedSignatures(SqlOperator op, String opName) {
    StringBuilder signature = new StringBuilder(opName).append('(');
    for (int i = 0; i < families.size(); i++) {
      signature
          .append(i == 0 ? "" : ", ")
          .append(i >= required ? "[" : "")
          .append(
              String.join(
                  " | ", families.get(i).stream().map(family -> "<" + family + ">").toList()))
          .append(i >= required ? "]" : "");
    }
    return signature.append(')').toString();
  }

  @Override
  public List<RelDataType> paramTypes(RelDataTypeFactory typeFactory) {
    return types.stream()
        .map(t -> typeFactory.createTypeWithNullability(typeFactory.createSqlType(t), true))
        .toList();
  }

  @Override
  public List<String> paramNames() {
    return types.stream().map(t -> "arg").toList();
  }
}
