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
 * {@code CREATE SINK [IF NOT EXISTS] name WITH (…) AS query [EMIT …]}: a continuous query writing
 * to a connector.
 */
public final class SqlCreateSink extends SqlCreate {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("CREATE SINK", SqlKind.OTHER_DDL);

  private final SqlIdentifier name;
  private final SqlNodeList options;
  private final SqlNode query;
  private final @Nullable SqlEmit emit;

  public SqlCreateSink(
      SqlParserPos pos,
      boolean replace,
      boolean ifNotExists,
      SqlIdentifier name,
      SqlNodeList options,
      SqlNode query,
      @Nullable SqlEmit emit) {
    super(OPERATOR, pos, replace, ifNotExists);
    this.name = requireNonNull(name, "name is null");
    this.options = requireNonNull(options, "options is null");
    this.query = requireNonNull(query, "query is null");
    this.emit = emit;
  }

  public SqlIdentifier name() {
    return name;
  }

  public boolean ifNotExists() {
    return ifNotExists;
  }

  /** WITH options in declaration order. */
  public Map<String, String> options() {
    return SqlOptions.toMap(options);
  }

  /** Position of the WITH option whose key is {@code key}, for error messages. */
  public SqlParserPos optionPosition(String key) {
    return SqlOptions.valuePosition(options, key, getParserPosition());
  }

  public SqlNode query() {
    return query;
  }

  /** Output mode and trigger, or null when the sink leaves both to its options or the server. */
  public @Nullable SqlEmit emit() {
    return emit;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(name, options, query, emit);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE");
    if (getReplace()) {
      writer.keyword("OR REPLACE");
    }
    writer.keyword("SINK");
    if (ifNotExists) {
      writer.keyword("IF NOT EXISTS");
    }
    name.unparse(writer, leftPrec, rightPrec);
    SqlOptions.unparse(writer, options);
    writer.keyword("AS");
    writer.newlineAndIndent();
    query.unparse(writer, 0, 0);
    if (emit != null) {
      writer.newlineAndIndent();
      emit.unparse(writer, 0, 0);
    }
  }
}
