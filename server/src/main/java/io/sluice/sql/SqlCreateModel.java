package io.sluice.sql;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.ddl.SqlColumnDeclaration;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code CREATE [OR REPLACE] MODEL [IF NOT EXISTS] name INPUT (columns) OUTPUT (columns) [COMMENT
 * 'text'] WITH (options)}: a trained model queries score rows with, Flink's syntax.
 */
public final class SqlCreateModel extends SqlCreate {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("CREATE MODEL", SqlKind.OTHER_DDL);

  private final SqlIdentifier name;
  private final SqlNodeList inputs;
  private final SqlNodeList outputs;
  private final @Nullable SqlLiteral comment;
  private final SqlNodeList options;

  public SqlCreateModel(
      SqlParserPos pos,
      boolean replace,
      boolean ifNotExists,
      SqlIdentifier name,
      SqlNodeList inputs,
      SqlNodeList outputs,
      @Nullable SqlLiteral comment,
      SqlNodeList options) {
    super(OPERATOR, pos, replace, ifNotExists);
    this.name = requireNonNull(name, "name is null");
    this.inputs = requireNonNull(inputs, "inputs is null");
    this.outputs = requireNonNull(outputs, "outputs is null");
    this.comment = comment;
    this.options = requireNonNull(options, "options is null");
  }

  public SqlIdentifier name() {
    return name;
  }

  public boolean ifNotExists() {
    return ifNotExists;
  }

  public List<SqlColumnDeclaration> inputs() {
    return declarations(inputs);
  }

  public List<SqlColumnDeclaration> outputs() {
    return declarations(outputs);
  }

  /** The COMMENT text, or null. */
  public @Nullable String comment() {
    return comment == null ? null : comment.getValueAs(String.class);
  }

  /** WITH options in declaration order. */
  public Map<String, String> options() {
    return SqlOptions.toMap(options);
  }

  /** Position of the WITH option whose key is {@code key}, for error messages. */
  public SqlParserPos optionPosition(String key) {
    return SqlOptions.valuePosition(options, key, getParserPosition());
  }

  private static List<SqlColumnDeclaration> declarations(SqlNodeList list) {
    List<SqlColumnDeclaration> result = new ArrayList<>();
    for (SqlNode node : list) {
      result.add((SqlColumnDeclaration) node);
    }
    return result;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(name, inputs, outputs, comment, options);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE");
    if (getReplace()) {
      writer.keyword("OR REPLACE");
    }
    writer.keyword("MODEL");
    if (ifNotExists) {
      writer.keyword("IF NOT EXISTS");
    }
    name.unparse(writer, leftPrec, rightPrec);
    unparseColumns(writer, "INPUT", inputs);
    unparseColumns(writer, "OUTPUT", outputs);
    if (comment != null) {
      writer.keyword("COMMENT");
      comment.unparse(writer, 0, 0);
    }
    SqlOptions.unparse(writer, options);
  }

  private static void unparseColumns(SqlWriter writer, String keyword, SqlNodeList columns) {
    writer.keyword(keyword);
    SqlWriter.Frame frame = writer.startList("(", ")");
    for (SqlNode column : columns) {
      writer.sep(",");
      column.unparse(writer, 0, 0);
    }
    writer.endList(frame);
  }
}
