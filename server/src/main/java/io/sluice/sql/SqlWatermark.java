package io.sluice.sql;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;
import org.checkerframework.checker.nullness.qual.Nullable;

/** {@code WATERMARK FOR column AS expression [ON LATE INTO stream]} inside CREATE STREAM. */
public final class SqlWatermark extends SqlCall {
  private static final SqlOperator OPERATOR = new SqlSpecialOperator("WATERMARK", SqlKind.OTHER);

  private final SqlIdentifier column;
  private final SqlNode expression;
  private final @Nullable SqlIdentifier lateStream;

  public SqlWatermark(
      SqlParserPos pos,
      SqlIdentifier column,
      SqlNode expression,
      @Nullable SqlIdentifier lateStream) {
    super(pos);
    this.column = requireNonNull(column, "column is null");
    this.expression = requireNonNull(expression, "expression is null");
    this.lateStream = lateStream;
  }

  public SqlIdentifier column() {
    return column;
  }

  public SqlNode expression() {
    return expression;
  }

  public @Nullable SqlIdentifier lateStream() {
    return lateStream;
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(column, expression, lateStream);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("WATERMARK FOR");
    column.unparse(writer, 0, 0);
    writer.keyword("AS");
    expression.unparse(writer, 0, 0);
    if (lateStream != null) {
      writer.keyword("ON LATE INTO");
      lateStream.unparse(writer, 0, 0);
    }
  }
}
