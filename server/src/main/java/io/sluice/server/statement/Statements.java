package io.sluice.server.statement;

import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import io.sluice.sql.SluiceSqlParser;
import io.sluice.sql.SqlText;
import io.sluice.sql.SqlTrigger;
import java.util.Locale;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.parser.SqlParserUtil;

/** Text handling the statement tasks share: parsing, a query's own text, trigger clauses. */
public final class Statements {
  private Statements() {}

  /** Parses one statement; a syntax error names the token and its position. */
  public static SqlNode parse(String sql) {
    try {
      return SluiceSqlParser.parseStatement(sql);
    } catch (SqlParseException e) {
      throw new SluiceException(ErrorCode.SYNTAX_ERROR, syntaxMessage(e), e);
    }
  }

  /** Calcite's first line names the token and position; the list of expected tokens is noise. */
  static String syntaxMessage(SqlParseException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    int newline = message.indexOf('\n');
    String first = newline < 0 ? message : message.substring(0, newline);
    SqlParserPos pos = e.getPos();
    if (pos != null && !first.contains("line " + pos.getLineNum())) {
      first = first + " (at line " + pos.getLineNum() + ", column " + pos.getColumnNum() + ")";
    }
    return "Syntax error: " + first.trim();
  }

  /**
   * The query's own text: kept as written, because Calcite's unparsing of group windows ({@code
   * $TUMBLE}) and their auxiliary functions does not parse back to the same query.
   */
  static String queryText(String sql, SqlNode query) {
    SqlParserPos pos =
        query instanceof SqlOrderBy orderBy
            ? orderBy.getParserPosition()
            : query.getParserPosition();
    String text = SqlText.slice(sql, pos);
    try {
      SluiceSqlParser.parseStatement(text);
      return text;
    } catch (SqlParseException e) {
      // The node's span can miss a trailing clause; fall back to Calcite's own rendering.
      return query.toSqlString(c -> c.withDialect(CalciteSqlDialect.DEFAULT)).getSql();
    }
  }

  /** An EMIT clause's trigger as the {@code trigger} option spells it. */
  static String triggerText(SqlTrigger trigger) {
    switch (trigger.kind()) {
      case ONCE:
        return "once";
      case AVAILABLE_NOW:
        return "available-now";
      case CONTINUOUS:
        return trigger.interval() == null
            ? "continuous"
            : "continuous:"
                + SqlParserUtil.intervalToMillis(
                    (SqlIntervalLiteral.IntervalValue) trigger.interval().getValue())
                + "ms";
      default:
        SqlIntervalLiteral.IntervalValue interval =
            (SqlIntervalLiteral.IntervalValue) trigger.interval().getValue();
        return "processing-time:" + SqlParserUtil.intervalToMillis(interval) + "ms";
    }
  }

  static String capitalize(String word) {
    return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
  }
}
