package io.sluice.sql;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.apache.calcite.sql.SqlDrop;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code DROP STREAM | TABLE | VIEW | MATERIALIZED VIEW | SINK | FUNCTION | MODEL [IF EXISTS] name
 * [CASCADE | RESTRICT]}.
 */
public final class SqlDropObject extends SqlDrop {
  /** What kind of catalog object a DROP names. */
  public enum ObjectKind {
    STREAM("STREAM"),
    TABLE("TABLE"),
    VIEW("VIEW"),
    MATERIALIZED_VIEW("MATERIALIZED VIEW"),
    SINK("SINK"),
    FUNCTION("FUNCTION"),
    MODEL("MODEL");

    private final String keywords;

    ObjectKind(String keywords) {
      this.keywords = keywords;
    }

    /** The words after DROP, as written in SQL. */
    public String keywords() {
      return keywords;
    }
  }

  private static final SqlOperator OPERATOR = new SqlSpecialOperator("DROP", SqlKind.OTHER_DDL);

  private final ObjectKind kind;
  private final SqlIdentifier name;
  private final boolean cascade;

  /**
   * @param cascade drop what uses the object too (without it, such a DROP is refused)
   */
  public SqlDropObject(
      SqlParserPos pos, ObjectKind kind, boolean ifExists, SqlIdentifier name, boolean cascade) {
    super(OPERATOR, pos, ifExists);
    this.kind = requireNonNull(kind, "kind is null");
    this.name = requireNonNull(name, "name is null");
    this.cascade = cascade;
  }

  public boolean cascade() {
    return cascade;
  }

  public ObjectKind kind() {
    return kind;
  }

  public SqlIdentifier name() {
    return name;
  }

  public boolean ifExists() {
    return ifExists;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableList.of(name);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("DROP");
    writer.keyword(kind.keywords());
    if (ifExists) {
      writer.keyword("IF EXISTS");
    }
    name.unparse(writer, leftPrec, rightPrec);
    if (cascade) {
      writer.keyword("CASCADE");
    }
  }
}
