package io.sluice.sql;

import io.sluice.sql.parser.impl.SluiceSqlParserImpl;
import io.sluice.sql.parser.impl.SluiceSqlParserImplConstants;
import io.sluice.sql.parser.impl.Token;
import io.sluice.sql.parser.impl.TokenMgrError;
import java.io.StringReader;
import java.util.List;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * Entry point to Sluice's SQL grammar: Calcite's parser extended at build time with Sluice's DDL.
 * Identifiers keep the case they are written in and are matched case-insensitively, so analysts
 * need not quote names.
 */
public final class SluiceSqlParser {
  /** Parser settings every statement is parsed with. */
  public static final SqlParser.Config CONFIG =
      SqlParser.config()
          .withParserFactory(SluiceSqlParserImpl.FACTORY)
          .withQuoting(Quoting.DOUBLE_QUOTE)
          .withUnquotedCasing(Casing.UNCHANGED)
          .withQuotedCasing(Casing.UNCHANGED)
          .withCaseSensitive(false)
          .withConformance(SqlConformanceEnum.DEFAULT);

  private SluiceSqlParser() {}

  /** Parses one statement (a trailing semicolon is allowed). */
  public static SqlNode parseStatement(String sql) throws SqlParseException {
    return SqlParser.create(stripTrailingSemicolon(sql), CONFIG).parseStmt();
  }

  /** Parses a script of statements separated by semicolons; a script of only comments is empty. */
  public static List<SqlNode> parseScript(String sql) throws SqlParseException {
    // Calcite's statement-list rule fails on an empty list instead of returning it.
    if (hasNoTokens(sql)) {
      return List.of();
    }
    SqlNodeList list = SqlParser.create(sql, CONFIG).parseStmtList();
    return list.getList();
  }

  private static boolean hasNoTokens(String sql) {
    try {
      Token first = new SluiceSqlParserImpl(new StringReader(sql)).getNextToken();
      return first.kind == SluiceSqlParserImplConstants.EOF;
    } catch (TokenMgrError e) {
      // Not empty, just malformed: the real parse reports it with its position.
      return false;
    }
  }

  private static String stripTrailingSemicolon(String sql) {
    String trimmed = sql.stripTrailing();
    return trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1) : sql;
  }
}
