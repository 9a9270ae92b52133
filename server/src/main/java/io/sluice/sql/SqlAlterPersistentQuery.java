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
 * {@code ALTER SINK|MATERIALIZED VIEW [IF EXISTS] name SET ('key' = 'value', …)}: changes how a
 * persistent query runs (its parallelism), Flink's {@code ALTER TABLE … SET} syntax.
 */
public final class SqlAlterPersistentQuery extends SqlCall {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("ALTER SINK", SqlKind.OTHER_DDL);

  private final boolean materializedView;
  private final boolean ifExists;
  private final SqlIdentifier name;
  private final SqlNodeList options;

  public SqlAlterPersistentQuery(
      SqlParserPos pos,
      boolean materializedView,
      boolean ifExists,
      SqlIdentifier name,
      SqlNodeList options) {
    super(pos);
    this.materializedView = materializedView;
    this.ifExists = ifExists;
    this.name = requireNonNull(name, "name is null");
    this.options = requireNonNull(options, "options is null");
  }

  /** Whether it alters a materialized view rather than a sink. */
  public boolean materializedView() {
    return materializedView;
  }

  /** The kind of object altered, as SQL names it. */
  public String objectKind() {
    return materializedView ? "Materialized view" : "Sink";
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
    writer.keyword(materializedView ? "ALTER MATERIALIZED VIEW" : "ALTER SINK");
    if (ifExists) {
      writer.keyword("IF EXISTS");
    }
    name.unparse(writer, leftPrec, rightPrec);
    writer.keyword("SET");
    SqlOptions.unparseList(writer, options);
  }
}
