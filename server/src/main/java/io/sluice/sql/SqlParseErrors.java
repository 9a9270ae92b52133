package io.sluice.sql;

import java.util.List;
import java.util.Locale;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlValidatorException;

/** Errors raised by Sluice's own grammar rules, worded and positioned like JavaCC's own. */
public final class SqlParseErrors {
  private SqlParseErrors() {}

  /**
   * An unexpected word where one of {@code expected} must follow. The parser turns the returned
   * exception into a {@code SqlParseException} carrying {@code pos}.
   */
  public static CalciteContextException unexpected(
      SqlParserPos pos, String found, List<String> expected) {
    String message =
        String.format(
            Locale.ROOT,
            "Encountered \"%s\" at line %d, column %d.\nWas expecting one of: %s",
            found,
            pos.getLineNum(),
            pos.getColumnNum(),
            String.join(", ", expected));
    return new CalciteContextException(
        message,
        new SqlValidatorException(message, null),
        pos.getLineNum(),
        pos.getColumnNum(),
        pos.getEndLineNum(),
        pos.getEndColumnNum());
  }
}
