package io.sluice.sql;

import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code CREATE STREAM [IF NOT EXISTS] name (columns…, WATERMARK …) WITH (…)}: an unbounded source.
 */
public final class SqlCreateStream extends SqlCreateRelation {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("CREATE STREAM", SqlKind.OTHER_DDL);

  public SqlCreateStream(
      SqlParserPos pos,
      boolean replace,
      boolean ifNotExists,
      SqlIdentifier name,
      SqlNodeList columns,
      SqlNodeList primaryKey,
      List<SqlWatermark> watermarks,
      SqlNodeList options) {
    super(OPERATOR, pos, replace, ifNotExists, name, columns, primaryKey, watermarks, options);
  }

  @Override
  protected String objectKeyword() {
    return "STREAM";
  }
}
