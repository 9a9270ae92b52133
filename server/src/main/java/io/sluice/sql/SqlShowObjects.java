package io.sluice.sql;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code SHOW STREAMS | TABLES | VIEWS | MATERIALIZED VIEWS | SINKS | QUERIES | FUNCTIONS |
 * MODELS}.
 */
public final class SqlShowObjects extends SqlCall {
  /** What a SHOW statement lists. */
  public enum ObjectKind {
    STREAMS("STREAMS"),
    TABLES("TABLES"),
    VIEWS("VIEWS"),
    MATERIALIZED_VIEWS("MATERIALIZED VIEWS"),
    SINKS("SINKS"),
    QUERIES("QUERIES"),
    FUNCTIONS("FUNCTIONS"),
    MODELS("MODELS");

    private final String keywords;

    ObjectKind(String keywords) {
      this.keywords = keywords;
    }

    /** The words after SHOW, as written in SQL. */
    public String keywords() {
      return keywords;
    }
  }

  private static final SqlOperator OPERATOR = new SqlSpecialOperator("SHOW", SqlKind.OTHER);

  private final ObjectKind kind;

  public SqlShowObjects(SqlParserPos pos, ObjectKind kind) {
    super(pos);
    this.kind = requireNonNull(kind, "kind is null");
  }

  public ObjectKind kind() {
    return kind;
  }

  /** Every kind's keywords, for error messages. */
  public static List<String> allKeywords() {
    ImmutableList.Builder<String> result = ImmutableList.builder();
    for (ObjectKind kind : ObjectKind.values()) {
      result.add(kind.keywords());
    }
    return result.build();
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableList.of();
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("SHOW");
    writer.keyword(kind.keywords());
  }
}
