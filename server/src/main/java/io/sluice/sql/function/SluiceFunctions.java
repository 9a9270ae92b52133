package io.sluice.sql.function;

import com.google.common.collect.ImmutableList;
import java.util.Collections;
import java.util.List;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandMetadata;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/**
 * Sluice's built-in functions beyond Calcite's standard ones, with Flink's semantics. Calcite's own
 * REGEXP_EXTRACT (BigQuery's) reads its third argument as a start position, not a group, so Sluice
 * defines its own.
 */
public final class SluiceFunctions {
  /** {@code REGEXP_EXTRACT(text, regex [, group])}. */
  public static final SqlFunction REGEXP_EXTRACT =
      function(
          "REGEXP_EXTRACT",
          JavaMethodFunction.of(StringFunctions.class, "regexpExtract"),
          ReturnTypes.VARCHAR_FORCE_NULLABLE,
          new LiteralRegexOperands(
              "REGEXP_EXTRACT",
              1,
              new StrictOperandTypes(
                  List.of(SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER, SqlTypeFamily.INTEGER),
                  List.of(SqlTypeName.VARCHAR, SqlTypeName.VARCHAR, SqlTypeName.BIGINT),
                  2)));

  /** {@code SPLIT_INDEX(text, separator, index)}. */
  public static final SqlFunction SPLIT_INDEX =
      function(
          "SPLIT_INDEX",
          "splitIndex",
          List.of(SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER, SqlTypeFamily.INTEGER),
          List.of(SqlTypeName.VARCHAR, SqlTypeName.VARCHAR, SqlTypeName.BIGINT),
          3);

  /** {@code REGEXP_REPLACE(text, regex, replacement)}: the replacement taken literally. */
  public static final SqlFunction REGEXP_REPLACE =
      function(
          "REGEXP_REPLACE",
          JavaMethodFunction.of(StringFunctions.class, "regexpReplace"),
          ReturnTypes.VARCHAR_FORCE_NULLABLE,
          new LiteralRegexOperands(
              "REGEXP_REPLACE",
              1,
              new StrictOperandTypes(
                  List.of(
                      SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER),
                  List.of(SqlTypeName.VARCHAR, SqlTypeName.VARCHAR, SqlTypeName.VARCHAR),
                  3)));

  /** {@code LPAD(text, length, pad)}. */
  public static final SqlFunction LPAD =
      function(
          "LPAD",
          "lpad",
          List.of(SqlTypeFamily.CHARACTER, SqlTypeFamily.INTEGER, SqlTypeFamily.CHARACTER),
          List.of(SqlTypeName.VARCHAR, SqlTypeName.BIGINT, SqlTypeName.VARCHAR),
          3);

  /** {@code RPAD(text, length, pad)}. */
  public static final SqlFunction RPAD =
      function(
          "RPAD",
          "rpad",
          List.of(SqlTypeFamily.CHARACTER, SqlTypeFamily.INTEGER, SqlTypeFamily.CHARACTER),
          List.of(SqlTypeName.VARCHAR, SqlTypeName.BIGINT, SqlTypeName.VARCHAR),
          3);

  /** {@code CONCAT_WS(separator, text, …)}: NULL texts skipped; up to 31 texts. */
  public static final SqlFunction CONCAT_WS =
      function(
          "CONCAT_WS",
          "concatWs",
          Collections.nCopies(32, SqlTypeFamily.CHARACTER),
          Collections.nCopies(32, SqlTypeName.VARCHAR),
          2);

  /** {@code DATE_FORMAT(timestamp | text, pattern)}. */
  public static final SqlFunction DATE_FORMAT =
      function(
          "DATE_FORMAT",
          JavaMethodFunction.of(DateTimeFunctions.class, "dateFormat"),
          ReturnTypes.VARCHAR_FORCE_NULLABLE,
          StrictOperandTypes.oneOf(
              List.of(
                  List.of(SqlTypeFamily.TIMESTAMP, SqlTypeFamily.CHARACTER),
                  List.of(SqlTypeFamily.CHARACTER)),
              List.of(SqlTypeName.ANY, SqlTypeName.VARCHAR),
              2));

  /**
   * {@code UNIX_TIMESTAMP([text [, pattern]])}: without arguments the current time, read anew for
   * each row as Flink's (unlike CURRENT_TIMESTAMP, fixed per batch).
   */
  public static final SqlFunction UNIX_TIMESTAMP =
      nonDeterministic(
          "UNIX_TIMESTAMP",
          JavaMethodFunction.of(DateTimeFunctions.class, "unixTimestamp"),
          ReturnTypes.BIGINT_NULLABLE,
          new StrictOperandTypes(
              List.of(SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER),
              List.of(SqlTypeName.VARCHAR, SqlTypeName.VARCHAR),
              0));

  /**
   * {@code TO_TIMESTAMP_LTZ(epoch [, precision])} and {@code TO_TIMESTAMP_LTZ(text [, pattern [,
   * zone]])}: a TIMESTAMP(3) in UTC, Sluice's session time zone, as Sluice has no TIMESTAMP WITH
   * LOCAL TIME ZONE (Flink's TIMESTAMP_LTZ); the same instant.
   */
  public static final SqlFunction TO_TIMESTAMP_LTZ =
      function(
          "TO_TIMESTAMP_LTZ",
          JavaMethodFunction.of(DateTimeFunctions.class, "toTimestampLtz"),
          ReturnTypes.explicit(SqlTypeName.TIMESTAMP, 3).andThen(SqlTypeTransforms.FORCE_NULLABLE),
          new TimestampLtzOperands());

  /**
   * {@code NOW()}: CURRENT_TIMESTAMP, as in Flink: its type, and its value (the micro-batch's time)
   * since the planner converts one into the other.
   */
  public static final SqlFunction NOW =
      new SqlFunction(
          "NOW",
          SqlKind.OTHER_FUNCTION,
          SqlStdOperatorTable.CURRENT_TIMESTAMP::inferReturnType,
          null,
          OperandTypes.NILADIC,
          SqlFunctionCategory.TIMEDATE) {
        @Override
        public boolean isDynamicFunction() {
          return true;
        }
      };

  /** {@code UUID()}: a random UUID as text, another one for each row. */
  public static final SqlFunction UUID =
      nonDeterministic(
          "UUID",
          JavaMethodFunction.of(StringFunctions.class, "uuid"),
          ReturnTypes.explicit(SqlTypeName.CHAR, 36),
          new StrictOperandTypes(List.of(), List.of(), 0));

  /** {@code LOG(x)} (natural) or {@code LOG(base, x)}, in Flink's argument order. */
  public static final SqlFunction LOG =
      function(
          "LOG",
          JavaMethodFunction.of(MathFunctions.class, "log"),
          ReturnTypes.DOUBLE_NULLABLE,
          new StrictOperandTypes(
              List.of(SqlTypeFamily.NUMERIC, SqlTypeFamily.NUMERIC),
              List.of(SqlTypeName.DOUBLE, SqlTypeName.DOUBLE),
              1));

  /** {@code LOG2(x)}. */
  public static final SqlFunction LOG2 =
      function(
          "LOG2",
          JavaMethodFunction.of(MathFunctions.class, "log2"),
          ReturnTypes.DOUBLE_NULLABLE,
          new StrictOperandTypes(List.of(SqlTypeFamily.NUMERIC), List.of(SqlTypeName.DOUBLE), 1));

  /** {@code CHR(code)}. */
  public static final SqlFunction CHR =
      function("CHR", "chr", List.of(SqlTypeFamily.INTEGER), List.of(SqlTypeName.BIGINT), 1);

  /** {@code HEX(integer | text)}. */
  public static final SqlFunction HEX =
      function(
          "HEX",
          JavaMethodFunction.of(StringFunctions.class, "hex"),
          ReturnTypes.VARCHAR_FORCE_NULLABLE,
          StrictOperandTypes.oneOf(
              List.of(List.of(SqlTypeFamily.INTEGER, SqlTypeFamily.CHARACTER)),
              List.of(SqlTypeName.ANY),
              1));

  /** {@code BIN(integer)}. */
  public static final SqlFunction BIN =
      function("BIN", "bin", List.of(SqlTypeFamily.INTEGER), List.of(SqlTypeName.BIGINT), 1);

  /** {@code TO_BASE64(text)}. */
  public static final SqlFunction TO_BASE64 =
      function(
          "TO_BASE64",
          "toBase64",
          List.of(SqlTypeFamily.CHARACTER),
          List.of(SqlTypeName.VARCHAR),
          1);

  /** {@code FROM_BASE64(text)}. */
  public static final SqlFunction FROM_BASE64 =
      function(
          "FROM_BASE64",
          "fromBase64",
          List.of(SqlTypeFamily.CHARACTER),
          List.of(SqlTypeName.VARCHAR),
          1);

  /** {@code REGEXP(text, regex)}. */
  public static final SqlFunction REGEXP =
      function(
          "REGEXP",
          JavaMethodFunction.of(StringFunctions.class, "regexp"),
          ReturnTypes.BOOLEAN_NULLABLE,
          new LiteralRegexOperands(
              "REGEXP",
              1,
              new StrictOperandTypes(
                  List.of(SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER),
                  List.of(SqlTypeName.VARCHAR, SqlTypeName.VARCHAR),
                  2)));

  /** {@code SUBSTR(text, from [, length])}. */
  public static final SqlFunction SUBSTR =
      function(
          "SUBSTR",
          "substr",
          List.of(SqlTypeFamily.CHARACTER, SqlTypeFamily.INTEGER, SqlTypeFamily.INTEGER),
          List.of(SqlTypeName.VARCHAR, SqlTypeName.BIGINT, SqlTypeName.BIGINT),
          2);

  /** {@code TO_TIMESTAMP(text [, pattern])}. */
  public static final SqlFunction TO_TIMESTAMP =
      function(
          "TO_TIMESTAMP",
          JavaMethodFunction.of(DateTimeFunctions.class, "toTimestamp"),
          ReturnTypes.explicit(SqlTypeName.TIMESTAMP, 3).andThen(SqlTypeTransforms.FORCE_NULLABLE),
          List.of(SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER),
          List.of(SqlTypeName.VARCHAR, SqlTypeName.VARCHAR),
          1);

  /** {@code TO_DATE(text [, pattern])}. */
  public static final SqlFunction TO_DATE =
      function(
          "TO_DATE",
          JavaMethodFunction.of(DateTimeFunctions.class, "toDate"),
          ReturnTypes.explicit(SqlTypeName.DATE).andThen(SqlTypeTransforms.FORCE_NULLABLE),
          List.of(SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER),
          List.of(SqlTypeName.VARCHAR, SqlTypeName.VARCHAR),
          1);

  /** {@code LOCATE(part, text [, from])}. */
  public static final SqlFunction LOCATE =
      function(
          "LOCATE",
          JavaMethodFunction.of(StringFunctions.class, "locate"),
          ReturnTypes.BIGINT_FORCE_NULLABLE,
          List.of(SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER, SqlTypeFamily.INTEGER),
          List.of(SqlTypeName.VARCHAR, SqlTypeName.VARCHAR, SqlTypeName.BIGINT),
          2);

  /** {@code FROM_UNIXTIME(seconds [, pattern])}. */
  public static final SqlFunction FROM_UNIXTIME =
      function(
          "FROM_UNIXTIME",
          JavaMethodFunction.of(DateTimeFunctions.class, "fromUnixtime"),
          ReturnTypes.VARCHAR_FORCE_NULLABLE,
          List.of(SqlTypeFamily.INTEGER, SqlTypeFamily.CHARACTER),
          List.of(SqlTypeName.BIGINT, SqlTypeName.VARCHAR),
          1);

  /**
   * {@code PROCTIME()}: the processing time, the wall clock when the micro-batch handling the row
   * started, as Flink's. A column it defines is a processing-time attribute: windows and
   * deduplication over it follow the wall clock rather than a watermark.
   */
  public static final SqlFunction PROCTIME =
      new SqlFunction(
          "PROCTIME",
          SqlKind.OTHER_FUNCTION,
          ReturnTypes.explicit(SqlTypeName.TIMESTAMP, 3),
          null,
          OperandTypes.NILADIC,
          SqlFunctionCategory.TIMEDATE) {
        @Override
        public boolean isDynamicFunction() {
          return true;
        }

        @Override
        public boolean isDeterministic() {
          return false;
        }
      };

  /**
   * Calcite's implementations of Flink functions outside standard SQL whose semantics are Flink's
   * (checked function by function in the scenario {@code flink_functions}): CONCAT and GREATEST,
   * LEAST are NULL when an argument is, LEFT, RIGHT and REPEAT give '' for a negative count.
   * CONCAT_WS, REGEXP_REPLACE, LPAD and RPAD are Sluice's own, since Calcite's differ (a trailing
   * separator before a NULL, $n references, errors where Flink gives NULL).
   */
  private static final List<SqlOperator> FLINK_FUNCTIONS_FROM_CALCITE =
      List.of(
          SqlLibraryOperators.CONCAT_FUNCTION,
          SqlLibraryOperators.IFNULL,
          SqlLibraryOperators.IF,
          SqlLibraryOperators.LEFT,
          SqlLibraryOperators.RIGHT,
          SqlLibraryOperators.REPEAT,
          SqlLibraryOperators.REVERSE,
          SqlLibraryOperators.INSTR,
          SqlLibraryOperators.MD5,
          SqlLibraryOperators.SHA1,
          SqlLibraryOperators.SHA256,
          SqlLibraryOperators.SHA512,
          SqlLibraryOperators.GREATEST,
          SqlLibraryOperators.LEAST,
          SqlLibraryOperators.TRY_CAST);

  private static final SqlOperatorTable TABLE =
      SqlOperatorTables.of(
          ImmutableList.<SqlOperator>builder()
              .add(REGEXP_EXTRACT, SPLIT_INDEX, REGEXP_REPLACE, LPAD, RPAD, CONCAT_WS, LOCATE)
              .add(DATE_FORMAT, TO_TIMESTAMP, TO_DATE, FROM_UNIXTIME, PROCTIME)
              .add(UNIX_TIMESTAMP, TO_TIMESTAMP_LTZ, NOW, UUID)
              .add(LOG, LOG2, CHR, HEX, BIN, TO_BASE64, FROM_BASE64, REGEXP, SUBSTR)
              .addAll(FLINK_FUNCTIONS_FROM_CALCITE)
              .build());

  private SluiceFunctions() {}

  /** The functions as an operator table, to chain after Calcite's standard one. */
  public static SqlOperatorTable operatorTable() {
    return TABLE;
  }

  private static SqlFunction function(
      String name,
      String method,
      List<SqlTypeFamily> families,
      List<SqlTypeName> types,
      int required) {
    return function(
        name, JavaMethodFunction.of(StringFunctions.class, method), families, types, required);
  }

  private static SqlFunction function(
      String name,
      JavaMethodFunction implementation,
      List<SqlTypeFamily> families,
      List<SqlTypeName> types,
      int required) {
    return function(
        name, implementation, ReturnTypes.VARCHAR_FORCE_NULLABLE, families, types, required);
  }

  private static SqlFunction function(
      String name,
      JavaMethodFunction implementation,
      SqlReturnTypeInference returnType,
      List<SqlTypeFamily> families,
      List<SqlTypeName> types,
      int required) {
    return function(
        name, implementation, returnType, new StrictOperandTypes(families, types, required));
  }

  private static SqlFunction function(
      String name,
      JavaMethodFunction implementation,
      SqlReturnTypeInference returnType,
      SqlOperandMetadata operandTypes) {
    return new SqlUserDefinedFunction(
        new SqlIdentifier(name, SqlParserPos.ZERO),
        SqlKind.OTHER_FUNCTION,
        returnType,
        null,
        operandTypes,
        implementation);
  }

  /** A function whose calls are never folded into constants nor shared between columns. */
  private static SqlFunction nonDeterministic(
      String name,
      JavaMethodFunction implementation,
      SqlReturnTypeInference returnType,
      StrictOperandTypes operandTypes) {
    return new SqlUserDefinedFunction(
        new SqlIdentifier(name, SqlParserPos.ZERO),
        SqlKind.OTHER_FUNCTION,
        returnType,
        null,
        operandTypes,
        implementation) {
      @Override
      public boolean isDeterministic() {
        return false;
      }

      @Override
      public boolean isDynamicFunction() {
        return true;
      }
    };
  }
}
