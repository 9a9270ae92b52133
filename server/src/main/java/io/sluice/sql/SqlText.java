package io.sluice.sql;

import org.apache.calcite.sql.parser.SqlParserPos;

/** Cuts the text a parsed node came from out of the statement, exactly as the user wrote it. */
public final class SqlText {
  private SqlText() {}

  public static String slice(String sql, SqlParserPos pos) {
    int start = offset(sql, pos.getLineNum(), pos.getColumnNum());
    int end = offset(sql, pos.getEndLineNum(), pos.getEndColumnNum()) + 1;
    return sql.substring(start, Math.min(end, sql.length())).strip();
  }

  /** Index of a 1-based line and column; Calcite counts a tab as one column. */
  private static int offset(String sql, int line, int column) {
    int index = 0;
    for (int current = 1; current < line; current++) {
      index = sql.indexOf('\n', index) + 1;
    }
    return index + column - 1;
  }
}
