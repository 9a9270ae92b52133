package io.sluice.sql;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.ddl.SqlColumnDeclaration;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.NlsString;

/** Shared shape of CREATE STREAM and CREATE TABLE: name, columns, watermarks, WITH options. */
public abstract class SqlCreateRelation extends SqlCreate {
  private final SqlIdentifier name;
  private final SqlNodeList columns;
  private final SqlNodeList primaryKey;
  private final List<SqlWatermark> watermarks;
  private final SqlNodeList options;

  protected SqlCreateRelation(SqlOperator operator, SqlParserPos pos, boolean replace,
      boolean ifNotExists, SqlIdentifier name, SqlNodeList columns, SqlNodeList primaryKey,
      List<SqlWatermark> watermarks, SqlNodeList options) {
    super(operator, pos, replace, ifNotExists);
    this.name = requireNonNull(name, "name is null");
    this.columns = requireNonNull(columns, "columns is null");
    this.primaryKey = requireNonNull(primaryKey, "primaryKey is null");
    this.watermarks = ImmutableList.copyOf(watermarks);
    this.options = requireNonNull(options, "options is null");
  }

  /** The keyword after CREATE: STREAM or TABLE. */
  protected abstract String objectKeyword();

  public SqlIdentifier name() {
    return name;
  }

  public boolean ifNotExists() {
    return ifNotExists;
  }

  public List<SqlColumnDeclaration> columns() {
    List<SqlColumnDeclaration> result = new ArrayList<>();
    for (SqlNode node : columns) {
      result.add((SqlColumnDeclaration) node);
    }
    return result;
  }

  public List<SqlIdentifier> primaryKey() {
    List<SqlIdentifier> result = new ArrayList<>();
    for (SqlNode node : primaryKey) {
      result.add((SqlIdentifier) node);
    }
    return result;
  }

  public List<SqlWatermark> watermarks() {
    return watermarks;
  }

  /** WITH options in declaration order; the parser pairs them as key, value, key, value. */
  public Map<String, String> options() {
    Map<String, String> result = new LinkedHashMap<>();
    List<SqlNode> list = options.getList();
    for (int i = 0; i + 1 < list.size(); i += 2) {
      result.put(optionText(list.get(i)), optionText(list.get(i + 1)));
    }
    return result;
  }

  /** Position of the WITH option whose key is {@code key}, for error messages. */
  public SqlParserPos optionPosition(String key) {
    List<SqlNode> list = options.getList();
    for (int i = 0; i + 1 < list.size(); i += 2) {
      if (optionText(list.get(i)).equals(key)) {
        return list.get(i + 1).getParserPosition();
      }
    }
    return getParserPosition();
  }

  private static String optionText(SqlNode node) {
    if (node instanceof SqlIdentifier) {
      return ((SqlIdentifier) node).toString();
    }
    Object value = ((SqlLiteral) node).getValue();
    return value instanceof NlsString ? ((NlsString) value).getValue() : String.valueOf(value);
  }

  @Override public List<SqlNode> getOperandList() {
    return ImmutableList.of(name, columns, primaryKey, options);
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE");
    writer.keyword(objectKeyword());
    if (ifNotExists) {
      writer.keyword("IF NOT EXISTS");
    }
    name.unparse(writer, leftPrec, rightPrec);
    SqlWriter.Frame frame = writer.startList("(", ")");
    for (SqlNode column : columns) {
      writer.sep(",");
      column.unparse(writer, 0, 0);
    }
    if (primaryKey.size() > 0) {
      writer.sep(",");
      writer.keyword("PRIMARY KEY");
      SqlWriter.Frame keyFrame = writer.startList("(", ")");
      for (SqlNode key : primaryKey) {
        writer.sep(",");
        key.unparse(writer, 0, 0);
      }
      writer.endList(keyFrame);
    }
    for (SqlWatermark watermark : watermarks) {
      writer.sep(",");
      watermark.unparse(writer, 0, 0);
    }
    writer.endList(frame);
    if (options.size() > 0) {
      writer.keyword("WITH");
      SqlWriter.Frame optionFrame = writer.startList("(", ")");
      List<SqlNode> list = options.getList();
      for (int i = 0; i + 1 < list.size(); i += 2) {
        writer.sep(",");
        list.get(i).unparse(writer, 0, 0);
        writer.keyword("=");
        list.get(i + 1).unparse(writer, 0, 0);
      }
      writer.endList(optionFrame);
    }
  }
}
