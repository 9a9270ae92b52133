package io.sluice.sql;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code EXPLAIN CREATE SINK …} / {@code EXPLAIN CREATE MATERIALIZED VIEW …}: the plan the
 * persistent query would run, planned with the statement's own options (output mode, {@code
 * state.ttl}), without creating anything.
 */
public final class SqlExplainCreate extends SqlCall {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("EXPLAIN CREATE", SqlKind.EXPLAIN);

  private final SqlCreate create;

  public SqlExplainCreate(SqlParserPos pos, SqlCreate create) {
    super(pos);
    this.create = requireNonNull(create, "create is null");
  }

  /** The statement explained. */
  public SqlCreate create() {
    return create;
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableList.of(create);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("EXPLAIN");
    create.unparse(writer, 0, 0);
  }
}
