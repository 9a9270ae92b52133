package io.sluice.sql;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * A computed column of CREATE STREAM / CREATE TABLE, Flink's {@code name AS expression} (e.g.
 * {@code pt AS PROCTIME()}): not read from the source, computed when the relation is read.
 */
public final class SqlComputedColumn extends SqlCall {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("COMPUTED COLUMN", SqlKind.COLUMN_DECL);

  private final SqlIdentifier name;
  private final SqlNode expression;

  public SqlComputedColumn(SqlParserPos pos, SqlIdentifier name, SqlNode expression) {
    super(pos);
    this.name = requireNonNull(name, "name is null");
    this.expression = requireNonNull(expression, "expression is null");
  }

  public SqlIdentifier name() {
    return name;
  }

  /** The expression after AS. */
  public SqlNode expression() {
    return expression;
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableList.of(name, expression);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    name.unparse(writer, 0, 0);
    writer.keyword("AS");
    expression.unparse(writer, 0, 0);
  }
}
