package io.sluice.sql;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code STOP QUERY id}: ends a running continuous query, named by an identifier or a string. */
public final class SqlStopQuery extends SqlCall {
  private static final SqlOperator OPERATOR = new SqlSpecialOperator("STOP QUERY", SqlKind.OTHER);

  private final SqlNode queryId;

  /** {@code queryId} is a {@link SqlIdentifier} or a {@link SqlCharStringLiteral}. */
  public SqlStopQuery(SqlParserPos pos, SqlNode queryId) {
    super(pos);
    requireNonNull(queryId, "queryId is null");
    if (!(queryId instanceof SqlIdentifier) && !(queryId instanceof SqlCharStringLiteral)) {
      throw new IllegalArgumentException("query id must be an identifier or a string: " + queryId);
    }
    this.queryId = queryId;
  }

  /** The id as the user meant it: an identifier's name or a string's value, without quotes. */
  public String queryId() {
    if (queryId instanceof SqlIdentifier) {
      return ((SqlIdentifier) queryId).getSimple();
    }
    return ((SqlCharStringLiteral) queryId).getValueAs(String.class);
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableList.of(queryId);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("STOP QUERY");
    queryId.unparse(writer, 0, 0);
  }
}
