package io.sluice.error;

import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Every user-facing error message, as one template each. Positions are rendered the way Calcite
 * renders them ({@code line L, column C}) so parse, validation and DDL errors read alike.
 */
public final class SluiceErrors {
  private SluiceErrors() {}

  public static String at(SqlParserPos pos) {
    return "At line " + pos.getLineNum() + ", column " + pos.getColumnNum() + ": ";
  }

  public static SluiceException relationExists(SqlParserPos pos, String kind, String name) {
    return new SluiceException(
        ErrorCode.OBJECT_ALREADY_EXISTS, at(pos) + kind + " '" + name + "' already exists");
  }

  public static SluiceException relationNotFound(SqlParserPos pos, String kind, String name) {
    return new SluiceException(
        ErrorCode.OBJECT_NOT_FOUND, at(pos) + kind + " '" + name + "' does not exist");
  }

  public static SluiceException wrongKind(
      SqlParserPos pos, String name, String actual, String expected) {
    return new SluiceException(
        ErrorCode.VALIDATION_ERROR,
        at(pos) + "'" + name + "' is a " + actual + ", not a " + expected);
  }

  /**
   * A DROP of something others use.
   *
   * @param users how each user is named, e.g. "view 'v'"
   * @param statement the DROP as written without CASCADE, e.g. "DROP STREAM bids"
   */
  public static SluiceException inUse(
      SqlParserPos pos, String kind, String name, java.util.List<String> users, String statement) {
    return new SluiceException(
        ErrorCode.VALIDATION_ERROR,
        at(pos)
            + "Cannot drop "
            + kind
            + " '"
            + name
            + "': "
            + String.join(", ", users)
            + (users.size() == 1 ? " uses" : " use")
            + " it. Drop "
            + (users.size() == 1 ? "it" : "them")
            + " first, or run "
            + statement
            + " CASCADE to drop "
            + (users.size() == 1 ? "it" : "them")
            + " too");
  }

  public static SluiceException invalidDdl(SqlParserPos pos, String problem) {
    return new SluiceException(ErrorCode.VALIDATION_ERROR, at(pos) + problem);
  }

  public static SluiceException invalidOption(SqlParserPos pos, String relation, String problem) {
    return new SluiceException(
        ErrorCode.INVALID_OPTION,
        at(pos) + "Invalid WITH options of '" + relation + "': " + problem);
  }

  /** An ALTER of a persistent query's option that only a new query can change. */
  public static SluiceException notAlterable(
      SqlParserPos pos, String kind, String name, String option) {
    return new SluiceException(
        ErrorCode.INVALID_OPTION,
        at(pos)
            + "ALTER changes only 'parallelism' of "
            + kind.toLowerCase(java.util.Locale.ROOT)
            + " '"
            + name
            + "'; to change '"
            + option
            + "', drop it and create it again");
  }

  public static SluiceException unsupportedType(SqlParserPos pos, String column, String type) {
    return new SluiceException(
        ErrorCode.NOT_SUPPORTED,
        at(pos)
            + "Column '"
            + column
            + "' has type "
            + type
            + ", which Sluice does not support yet; supported: BOOLEAN, TINYINT, SMALLINT, "
            + "INTEGER, BIGINT, REAL, FLOAT, DOUBLE, DECIMAL, CHAR, VARCHAR, DATE, TIME, TIMESTAMP");
  }

  public static SluiceException unsupportedConstruct(String construct) {
    return new SluiceException(
        ErrorCode.NOT_SUPPORTED, construct + " is not supported by Sluice yet");
  }

  public static SluiceException unsupportedStatement(SqlParserPos pos, String statement) {
    return new SluiceException(
        ErrorCode.NOT_SUPPORTED, at(pos) + statement + " is not supported by Sluice yet");
  }

  /** A view whose query fails now; {@code pos} is null for a view read by another view. */
  public static SluiceException viewUnreadable(
      @Nullable SqlParserPos pos, String view, String problem) {
    return new SluiceException(
        ErrorCode.VALIDATION_ERROR,
        (pos == null ? "" : at(pos)) + "View '" + view + "' cannot be read: " + problem);
  }

  /** A regular expression literal that does not compile; found while the statement is planned. */
  public static SluiceException invalidRegex(
      SqlParserPos pos, String function, String regex, String problem) {
    return new SluiceException(
        ErrorCode.INVALID_OPTION,
        at(pos) + function + ": invalid regular expression '" + regex + "': " + problem);
  }

  /** A regular expression argument that does not compile; found while the query runs. */
  public static SluiceException invalidRegex(String function, String regex, String problem) {
    return new SluiceException(
        ErrorCode.INVALID_OPTION,
        function + ": invalid regular expression '" + regex + "': " + problem);
  }

  /**
   * A function's argument it cannot work with, found while the query runs ({@code FROM_BASE64} of
   * text that is not base64, a precision {@code TO_TIMESTAMP_LTZ} does not know).
   */
  public static SluiceException invalidFunctionArgument(
      String function, String argument, String problem) {
    return new SluiceException(
        ErrorCode.INVALID_OPTION, function + ": invalid argument " + argument + ": " + problem);
  }

  /** A date-time function's format pattern that is not one. */
  public static SluiceException invalidDateTimePattern(
      String function, String pattern, String problem) {
    return new SluiceException(
        ErrorCode.INVALID_OPTION,
        function + ": invalid date-time pattern '" + pattern + "': " + problem);
  }

  /** CREATE FUNCTION (or a query calling the function) whose class cannot serve as one. */
  public static SluiceException functionClassInvalid(
      SqlParserPos pos, String function, String className, String problem) {
    return new SluiceException(
        ErrorCode.VALIDATION_ERROR,
        at(pos) + "Function '" + function + "' cannot use class '" + className + "': " + problem);
  }

  public static SluiceException builtInFunction(SqlParserPos pos, String function) {
    return new SluiceException(
        ErrorCode.OBJECT_ALREADY_EXISTS,
        at(pos)
            + "'"
            + function
            + "' is a built-in function; give the user-defined function another name");
  }

  public static SluiceException notAStream(SqlParserPos pos, String name) {
    return new SluiceException(
        ErrorCode.VALIDATION_ERROR,
        at(pos) + "Cannot SELECT STREAM from '" + name + "': it is a table, not a stream");
  }

  public static SluiceException noStreamInput(SqlParserPos pos) {
    return new SluiceException(
        ErrorCode.VALIDATION_ERROR,
        at(pos) + "SELECT STREAM needs at least one stream in its FROM clause");
  }
}
