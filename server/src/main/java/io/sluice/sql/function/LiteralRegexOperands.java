package io.sluice.sql.function;

import static java.util.Objects.requireNonNull;

import io.sluice.error.SluiceErrors;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.type.SqlOperandMetadata;

/**
 * The operand types of a function taking a regular expression, plus: a regular expression given as
 * a literal must compile, checked when the statement is planned, so a typo is reported with its
 * line and column instead of failing the query once it runs.
 */
final class LiteralRegexOperands implements SqlOperandMetadata {
  private final String function;
  private final int regexOperand;
  private final SqlOperandMetadata types;

  LiteralRegexOperands(String function, int regexOperand, SqlOperandMetadata types) {
    this.function = requireNonNull(function, "function is null");
    this.regexOperand = regexOperand;
    this.types = requireNonNull(types, "types is null");
  }

  @Override
  public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
    if (!types.checkOperandTypes(binding, throwOnFailure)) {
      return false;
    }
    if (binding.getOperandCount() > regexOperand) {
      SqlNode operand = binding.operand(regexOperand);
      if (operand instanceof SqlLiteral literal && literal.getValueAs(Object.class) != null) {
        String regex = literal.getValueAs(String.class);
        try {
          Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
          throw SluiceErrors.invalidRegex(
              operand.getParserPosition(), function, regex, e.getDescription());
        }
      }
    }
    return true;
  }

  @Override
  public SqlOperandCountRange getOperandCountRange() {
    return types.getOperandCountRange();
  }

  @Override
  public boolean isOptional(int i) {
    return types.isOptional(i);
  }

  @Override
  public String getAllowedSignatures(SqlOperator op, String opName) {
    return types.getAllowedSignatures(op, opName);
  }

  @Override
  public List<RelDataType> paramTypes(RelDataTypeFactory typeFactory) {
    return types.paramTypes(typeFactory);
  }

  @Override
  public List<String> paramNames() {
    return types.paramNames();
  }
}
