package io.sluice.sql;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code CREATE MATERIALIZED VIEW [IF NOT EXISTS] name [WITH (options)] [EMIT …] AS query}: a
 * continuous query whose result table the server keeps.
 */
public final class SqlCreateMaterializedView extends SqlCreate {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("CREATE MATERIALIZED VIEW", SqlKind.CREATE_MATERIALIZED_VIEW);

  private final SqlIdentifier name;
  private final SqlNodeList options;
  private final @Nullable SqlEmit emit;
  private final SqlNode query;

  public SqlCreateMaterializedView(
      SqlParserPos pos,
      boolean replace,
      boolean ifNotExists,
      SqlIdentifier name,
      SqlNodeList options,
      @Nullable SqlEmit emit,
      SqlNode query) {
    super(OPERATOR, pos, replace, ifNotExists);
    this.name = requireNonNull(name, "name is null");
    this.options = requireNonNull(options, "options is null");
    this.emit = emit;
    this.query = requireNonNull(query, "query is null");
  }

  public SqlIdentifier name() {
    return name;
  }

  public boolean ifNotExists() {
    return ifNotExists;
  }

  /** WITH options in declaration order (empty without WITH). */
  public Map<String, String> options() {
    return SqlOptions.toMap(options);
  }

  /** Position of the WITH option whose key is {@code key}, for error messages. */
  public SqlParserPos optionPosition(String key) {
    return SqlOptions.valuePosition(options, key, getParserPosition());
  }

  /** Output mode and trigger, or null when the view leaves both to the server. */
  public @Nullable SqlEmit emit() {
    return emit;
  }

  public SqlNode query() {
    return query;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(name, options, emit, query);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE");
    if (getReplace()) {
      writer.keyword("OR REPLACE");
    }
    writer.keyword("MATERIALIZED VIEW");
    if (ifNotExists) {
      writer.keyword("IF NOT EXISTS");
    }
    name.unparse(writer, leftPrec, rightPrec);
    if (options.size() > 0) {
      SqlOptions.unparse(writer, options);
    }
    if (emit != null) {
      emit.unparse(writer, 0, 0);
    }
    writer.keyword("AS");
    writer.newlineAndIndent();
    query.unparse(writer, 0, 0);
  }
}
