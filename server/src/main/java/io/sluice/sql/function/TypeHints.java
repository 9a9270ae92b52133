package io.sluice.sql.function;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Reads the SQL types of Flink's {@code @DataTypeHint} in Flink's spelling: {@code ROW<name TYPE,
 * …>} (also {@code ROW(…)}) of the types {@code STRING}, {@code VARCHAR(n)}, {@code CHAR(n)},
 * {@code BOOLEAN}, {@code TINYINT}, {@code SMALLINT}, {@code INT}/{@code INTEGER}, {@code BIGINT},
 * {@code FLOAT}/{@code REAL}, {@code DOUBLE}, {@code DECIMAL(p, s)}, each optionally {@code NOT
 * NULL} (ignored: a function's columns are always nullable).
 */
public final class TypeHints {
  private static final Map<String, SqlTypeName> NAMES =
      Map.ofEntries(
          Map.entry("STRING", SqlTypeName.VARCHAR),
          Map.entry("VARCHAR", SqlTypeName.VARCHAR),
          Map.entry("CHAR", SqlTypeName.VARCHAR),
          Map.entry("BOOLEAN", SqlTypeName.BOOLEAN),
          Map.entry("TINYINT", SqlTypeName.TINYINT),
          Map.entry("SMALLINT", SqlTypeName.SMALLINT),
          Map.entry("INT", SqlTypeName.INTEGER),
          Map.entry("INTEGER", SqlTypeName.INTEGER),
          Map.entry("BIGINT", SqlTypeName.BIGINT),
          Map.entry("FLOAT", SqlTypeName.REAL),
          Map.entry("REAL", SqlTypeName.REAL),
          Map.entry("DOUBLE", SqlTypeName.DOUBLE),
          Map.entry("DECIMAL", SqlTypeName.DECIMAL),
          Map.entry("DEC", SqlTypeName.DECIMAL),
          Map.entry("NUMERIC", SqlTypeName.DECIMAL));

  private final String text;
  private int position;

  private TypeHints(String text) {
    this.text = text;
  }

  /**
   * The columns {@code hint} declares: a ROW's fields, or one column named {@code singleName} for
   * any other type.
   *
   * @throws IllegalArgumentException naming what is wrong and where in the hint
   */
  public static List<FunctionColumn> columns(String hint, String singleName) {
    TypeHints parser = new TypeHints(hint);
    List<FunctionColumn> columns = parser.parse(singleName);
    parser.skipSpaces();
    if (parser.position < hint.length()) {
      throw parser.error("unexpected '" + hint.substring(parser.position) + "'");
    }
    return columns;
  }

  /** Whether {@code hint} is a ROW type. */
  public static boolean isRow(String hint) {
    return hint.strip().toUpperCase(Locale.ROOT).startsWith("ROW");
  }

  private List<FunctionColumn> parse(String singleName) {
    String word = word();
    if (!word.equals("ROW")) {
      return List.of(type(word, singleName));
    }
    skipSpaces();
    char open = next();
    if (open != '<' && open != '(') {
      throw error("ROW must be followed by < or (");
    }
    char close = open == '<' ? '>' : ')';
    List<FunctionColumn> columns = new ArrayList<>();
    while (true) {
      String name = name();
      columns.add(type(word(), name));
      skipSpaces();
      char after = next();
      if (after == close) {
        return columns;
      }
      if (after != ',') {
        throw error("expected ',' or '" + close + "'");
      }
    }
  }

  private FunctionColumn type(String word, String name) {
    SqlTypeName type = NAMES.get(word);
    if (type == null) {
      throw error(
          "type '"
              + word
              + "' is not supported; use STRING, VARCHAR(n), BOOLEAN, TINYINT, SMALLINT, INT,"
              + " BIGINT, FLOAT, DOUBLE or DECIMAL(p, s)");
    }
    if (word.equals("DOUBLE")) {
      int mark = position;
      if (!word().equals("PRECISION")) {
        position = mark;
      }
    }
    int precision = -1;
    int scale = -1;
    skipSpaces();
    if (position < text.length() && text.charAt(position) == '(') {
      position++;
      precision = number();
      skipSpaces();
      if (peek() == ',') {
        position++;
        scale = number();
        skipSpaces();
      }
      if (next() != ')') {
        throw error("expected ')'");
      }
    }
    if (type == SqlTypeName.VARCHAR && word.equals("STRING")) {
      precision = -1;
    }
    if (type != SqlTypeName.VARCHAR && type != SqlTypeName.DECIMAL && precision >= 0) {
      throw error(word + " takes no precision");
    }
    int mark = position;
    if (word().equals("NOT")) {
      if (!word().equals("NULL")) {
        throw error("expected NULL after NOT");
      }
    } else {
      position = mark;
    }
    if (type == SqlTypeName.DECIMAL && precision >= 0 && scale < 0) {
      scale = 0;
    }
    return new FunctionColumn(name, type, precision, scale);
  }

  /** A field name, plain or in back quotes or double quotes, as written. */
  private String name() {
    skipSpaces();
    char first = peek();
    if (first == '`' || first == '"') {
      position++;
      int end = text.indexOf(first, position);
      if (end < 0) {
        throw error("unclosed " + first);
      }
      String name = text.substring(position, end);
      position = end + 1;
      return name;
    }
    int start = position;
    while (position < text.length()
        && (Character.isLetterOrDigit(text.charAt(position)) || text.charAt(position) == '_')) {
      position++;
    }
    if (start == position) {
      throw error("expected a field name");
    }
    return text.substring(start, position);
  }

  private String word() {
    skipSpaces();
    int start = position;
    while (position < text.length() && Character.isLetter(text.charAt(position))) {
      position++;
    }
    return text.substring(start, position).toUpperCase(Locale.ROOT);
  }

  private int number() {
    skipSpaces();
    int start = position;
    while (position < text.length() && Character.isDigit(text.charAt(position))) {
      position++;
    }
    if (start == position) {
      throw error("expected a number");
    }
    return Integer.parseInt(text.substring(start, position));
  }

  private char peek() {
    return position < text.length() ? text.charAt(position) : '\0';
  }

  private char next() {
    skipSpaces();
    if (position >= text.length()) {
      throw error("the type ends too early");
    }
    return text.charAt(position++);
  }

  private void skipSpaces() {
    while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
      position++;
    }
  }

  private IllegalArgumentException error(String problem) {
    return new IllegalArgumentException(
        "type '" + text + "' at character " + (position + 1) + ": " + problem);
  }
}
