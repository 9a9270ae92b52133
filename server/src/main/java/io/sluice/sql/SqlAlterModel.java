package io.sluice.sql;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code ALTER MODEL [IF EXISTS] name SET ('key' = 'value', …)}: changes a model's options, e.g.
 * points it at a new file, Flink's syntax.
 */
public final class SqlAlterModel extends SqlCall {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("ALTER MODEL", SqlKind.OTHER_DDL);

  private final boolean ifExists;
  private final SqlIdentifier name;
  private final SqlNodeList options;

  public SqlAlterModel(
      SqlParserPos pos, boolean ifExists, SqlIdentifier name, SqlNodeList options) {
    super(pos);
    this.ifExists = ifExists;
    this.name = requireNonNull(name, "name is null");
    this.options = requireNonNull(options, "options is null");
  }

  public boolean ifExists() {
    return ifExists;
  }

  public SqlIdentifier name() {
    return name;
  }

  /** The options SET gives, in the order written. */
  public Map<String, String> options() {
    return SqlOptions.toMap(options);
  }

  /** Position of the value of option {@code key}, for error messages. */
  public SqlParserPos optionPosition(String key) {
    return SqlOptions.valuePosition(options, key, getParserPosition());
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableList.of(name, options);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("ALTER MODEL");
    if (ifExists) {
      writer.keyword("IF EXISTS");
    }
    name.unparse(writer, leftPrec, rightPrec);
    writer.keyword("SET");
    SqlOptions.unparseList(writer, options);
  }
}
