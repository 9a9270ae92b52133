package org.apache.calcite.sql.parser;

import org.junit.jupiter.api.Test;

/**
 * Calcite's parser cases with Sluice's literal charsets (UTF-16LE, set in saffron.properties) where
 * Calcite's own cases expect its default, ISO-8859-1.
 *
 * <p>It lives in Calcite's package because these cases are package-private in {@link
 * SqlParserTest}: only a class of the same package overrides them (instead of running both).
 */
public abstract class UnicodeLiteralsSqlParserTest extends SqlParserTest {
  /**
   * Calcite's case with Sluice's national charset: {@code N'…'} is UTF-16LE (saffron.properties),
   * so that a literal may hold any character, where Calcite's default is ISO-8859-1.
   */
  @Override
  @Test
  void testStringLiteral() {
    expr("_latin1'hi'").ok("_LATIN1'hi'");
    expr("N'is it a plane? no it''s superman!'").ok("_UTF-16LE'is it a plane? no it''s superman!'");
    expr("n'lowercase n'").ok("_UTF-16LE'lowercase n'");
    expr("'boring string'").same();
    expr("_iSo-8859-1'bye'").ok("_ISO-8859-1'bye'");
    expr("'three'\n' blind'\n' mice'").same();
    expr("'three' -- comment\n' blind'\n' mice'").ok("'three'\n' blind'\n' mice'");
    expr("N'bye' \t\r\f\f\n' bye'").ok("_UTF-16LE'bye'\n' bye'");
    expr("_iso-8859-1'bye'\n\n--\n-- this is a comment\n' bye'").ok("_ISO-8859-1'bye'\n' bye'");
    expr("_utf8'hi'").ok("_UTF8'hi'");
    expr("'北京市 😀'").same();
    expr("'foo\rbar'").same();
    expr("'foo\nbar'").same();
    expr("'foo\r\nbar'").withConvertToLinux(false).same();
  }

  /** Calcite's case with Sluice's national charset (see {@link #testStringLiteral()}). */
  @Override
  @Test
  void testStringLiteralFails() {
    sql("select (N ^'space'^)").fails("(?s).*Encountered .*space.* at line 1, column ...*");
    sql("select (_latin1\n^'newline'^)")
        .fails("(?s).*Encountered.*newline.* at line 2, column ...*");
    sql("select ^_unknown-charset''^ from (values(true))")
        .fails("Unknown character set 'unknown-charset'");
    sql("select (N'1' '2') from t").ok("SELECT _UTF-16LE'1'\n'2'\nFROM `T`");
  }

  /** Calcite's case with Sluice's national charset (see {@link #testStringLiteral()}). */
  @Override
  @Test
  void testContinuedLiteral() {
    expr("'abba'\n'abba'").same();
    expr("'abba'\n'0001'").same();
    expr("N'yabba'\n'dabba'\n'doo'").ok("_UTF-16LE'yabba'\n'dabba'\n'doo'");
    expr("_iso-8859-1'yabba'\n'dabba'\n'don''t'").ok("_ISO-8859-1'yabba'\n'dabba'\n'don''t'");
    expr("x'01aa'\n'03ff'").ok("X'01AA'\n'03FF'");
    sql("x'01aa'\n^'vvvv'^")
        .fails("Binary literal string must contain only characters '0' - '9', 'A' - 'F'");
  }
}
