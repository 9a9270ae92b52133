package io.sluice.sql;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code STOP QUERY id} (ends a running continuous query) and {@code RESTART QUERY id} (starts a
 * stopped or failed persistent query again from its checkpoint); the id is an identifier or a
 * string.
 */
public final class SqlQueryControl extends SqlCall {
  /** What to do with the query. */
  public enum Action {
    STOP,
    RESTART
  }

  private final Action action;
  private final SqlNode queryId;

  /** {@code queryId} is a {@link SqlIdentifier} or a {@link SqlCharStringLiteral}. */
  public SqlQueryControl(SqlParserPos pos, Action action, SqlNode queryId) {
    super(pos);
    this.action = requireNonNull(action, "action is null");
    requireNonNull(queryId, "queryId is null");
    if (!(queryId instanceof SqlIdentifier) && !(queryId instanceof SqlCharStringLiteral)) {
      throw new IllegalArgumentException("query id must be an identifier or a string: " + queryId);
    }
    this.queryId = queryId;
  }

  public Action action() {
    return action;
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
    return new SqlSpecialOperator(action.name() + " QUERY", SqlKind.OTHER);
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableList.of(queryId);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(action.name().toUpperCase(Locale.ROOT) + " QUERY");
    queryId.unparse(writer, 0, 0);
  }
}
