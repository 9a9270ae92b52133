package io.sluice.sql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.NlsString;

/**
 * Reads and writes a {@code WITH ('key' = 'value', …)} list, which the parser flattens to key,
 * value, key, value.
 */
final class SqlOptions {
  private SqlOptions() {}

  /** The options in declaration order. */
  static Map<String, String> toMap(SqlNodeList options) {
    Map<String, String> result = new LinkedHashMap<>();
    List<SqlNode> list = options.getList();
    for (int i = 0; i + 1 < list.size(); i += 2) {
      result.put(text(list.get(i)), text(list.get(i + 1)));
    }
    return result;
  }

  /** Position of the value of option {@code key}, or {@code fallback} without such an option. */
  static SqlParserPos valuePosition(SqlNodeList options, String key, SqlParserPos fallback) {
    List<SqlNode> list = options.getList();
    for (int i = 0; i + 1 < list.size(); i += 2) {
      if (text(list.get(i)).equals(key)) {
        return list.get(i + 1).getParserPosition();
      }
    }
    return fallback;
  }

  /** Writes {@code WITH (…)}, or nothing when there are no options. */
  static void unparse(SqlWriter writer, SqlNodeList options) {
    if (options.size() == 0) {
      return;
    }
    writer.keyword("WITH");
    unparseList(writer, options);
  }

  /** Writes {@code ('key' = 'value', …)}: the list after WITH, or after SET of an ALTER. */
  static void unparseList(SqlWriter writer, SqlNodeList options) {
    SqlWriter.Frame frame = writer.startList("(", ")");
    List<SqlNode> list = options.getList();
    for (int i = 0; i + 1 < list.size(); i += 2) {
      writer.sep(",");
      list.get(i).unparse(writer, 0, 0);
      writer.keyword("=");
      list.get(i + 1).unparse(writer, 0, 0);
    }
    writer.endList(frame);
  }

  private static String text(SqlNode node) {
    if (node instanceof SqlIdentifier) {
      return ((SqlIdentifier) node).toString();
    }
    Object value = ((SqlLiteral) node).getValue();
    return value instanceof NlsString ? ((NlsString) value).getValue() : String.valueOf(value);
  }
}
