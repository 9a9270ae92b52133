package io.sluice.sql;

import static java.util.Objects.requireNonNull;

import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSetOption;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code SET 'key' = 'value'}: a session setting whose key is a string, so dotted keys such as
 * {@code 'output.mode'} need no quoting. It is a {@link SqlSetOption} whose name is the key as a
 * one-part identifier, so code that handles Calcite's {@code SET name = value} handles it too.
 */
public final class SqlSetProperty extends SqlSetOption {
  public SqlSetProperty(SqlParserPos pos, SqlIdentifier key, SqlCharStringLiteral value) {
    super(pos, null, requireNonNull(key, "key is null"), requireNonNull(value, "value is null"));
    if (!key.isSimple()) {
      throw new IllegalArgumentException("key must be a one-part identifier: " + key);
    }
  }

  public String key() {
    return getName().getSimple();
  }

  public String value() {
    return ((SqlLiteral) requireNonNull(getValue(), "value")).getValueAs(String.class);
  }

  // Calcite's SqlSetOption is mutable; this node is not, so the key and value above stay valid.
  @Override
  public void setOperand(int i, SqlNode operand) {
    throw new UnsupportedOperationException("SqlSetProperty is immutable");
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("SET");
    SqlLiteral.createCharString(key(), getName().getParserPosition()).unparse(writer, 0, 0);
    writer.keyword("=");
    requireNonNull(getValue(), "value").unparse(writer, 0, 0);
  }
}
