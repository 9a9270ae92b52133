package io.sluice.server.statement;

import io.sluice.server.result.StatementResult;
import io.sluice.server.session.SessionProperty;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSetOption;
import org.apache.calcite.util.NlsString;

/**
 * {@code SET 'key' = 'value'} and {@code RESET 'key'}: changes one of the session's known
 * properties; an unknown key or a value the key does not take is refused, naming what it allows.
 */
public final class SetTask implements StatementTask<SqlSetOption> {
  @Override
  public Class<SqlSetOption> statementType() {
    return SqlSetOption.class;
  }

  @Override
  public StatementResult execute(SqlSetOption set, StatementContext context) {
    SessionProperty property = SessionProperty.of(set.getName().toString());
    SqlNode value = set.getValue();
    if (value == null) {
      context.session().reset(property);
    } else {
      context
          .session()
          .set(property, value instanceof SqlLiteral literal ? text(literal) : value.toString());
    }
    return new StatementResult.Update(0);
  }

  private static String text(SqlLiteral literal) {
    Object value = literal.getValue();
    return value instanceof NlsString string ? string.getValue() : literal.toValue();
  }
}
