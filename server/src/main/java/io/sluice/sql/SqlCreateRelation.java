package io.sluice.sql;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.ddl.SqlColumnDeclaration;
import org.apache.calcite.sql.parser.SqlParserPos;

/** Shared shape of CREATE STREAM and CREATE TABLE: name, columns, watermarks, WITH options. */
public abstract class SqlCreateRelation extends SqlCreate {
  private final SqlIdentifier name;
  private final SqlNodeList columns;
  private final SqlNodeList primaryKey;
  private final List<SqlWatermark> watermarks;
  private final SqlNodeList options;

  protected SqlCreateRelation(
      SqlOperator operator,
      SqlParserPos pos,
      boolean replace,
      boolean ifNotExists,
      SqlIdentifier name,
      SqlNodeList columns,
      SqlNodeList primaryKey,
      List<SqlWatermark> watermarks,
      SqlNodeList options) {
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

  /** The declared columns without the computed ones. */
  public List<SqlColumnDeclaration> columns() {
    List<SqlColumnDeclaration> result = new ArrayList<>();
    for (SqlNode node : columns) {
      if (node instanceof SqlColumnDeclaration column) {
        result.add(column);
      }
    }
    return result;
  }

  /**
   * Every column in declared order: {@link SqlColumnDeclaration}s and {@link SqlComputedColumn}s.
   */
  public List<SqlNode> columnElements() {
    return columns.getList();
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

  /** WITH options in declaration order. */
  public Map<String, String> options() {
    return SqlOptions.toMap(options);
  }

  /** Position of the WITH option whose key is {@code key}, for error messages. */
  public SqlParserPos optionPosition(String key) {
    return SqlOptions.valuePosition(options, key, getParserPosition());
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableList.of(name, columns, primaryKey, options);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE");
    if (getReplace()) {
      writer.keyword("OR REPLACE");
    }
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
    SqlOptions.unparse(writer, options);
  }
}
