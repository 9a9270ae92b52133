package io.sluice.sql;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;

/**
 * {@code CREATE [OR REPLACE] FUNCTION [IF NOT EXISTS] name AS 'java.class.Name' [LANGUAGE JAVA]
 * [USING JAR 'path']}: a user-defined scalar, aggregate or table function, Flink's syntax.
 */
public final class SqlCreateFunction extends SqlCreate {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("CREATE FUNCTION", SqlKind.CREATE_FUNCTION);

  private final SqlIdentifier name;
  private final SqlLiteral className;
  private final SqlNodeList jars;

  public SqlCreateFunction(
      SqlParserPos pos,
      boolean replace,
      boolean ifNotExists,
      SqlIdentifier name,
      SqlLiteral className,
      SqlNodeList jars) {
    super(OPERATOR, pos, replace, ifNotExists);
    this.name = requireNonNull(name, "name is null");
    this.className = requireNonNull(className, "className is null");
    this.jars = requireNonNull(jars, "jars is null");
  }

  /** The {@code USING JAR} literals, in order; empty for a class on the server's class path. */
  public SqlNodeList jars() {
    return jars;
  }

  public SqlIdentifier name() {
    return name;
  }

  public boolean ifNotExists() {
    return ifNotExists;
  }

  /** The class literal, for its position in error messages. */
  public SqlLiteral classLiteral() {
    return className;
  }

  public String className() {
    return className.getValueAs(String.class);
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(name, className, jars);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE");
    if (getReplace()) {
      writer.keyword("OR REPLACE");
    }
    writer.keyword("FUNCTION");
    if (ifNotExists) {
      writer.keyword("IF NOT EXISTS");
    }
    name.unparse(writer, leftPrec, rightPrec);
    writer.keyword("AS");
    className.unparse(writer, leftPrec, rightPrec);
    for (int i = 0; i < jars.size(); i++) {
      if (i > 0) {
        writer.sep(",");
      }
      writer.keyword(i == 0 ? "USING JAR" : "JAR");
      jars.get(i).unparse(writer, leftPrec, rightPrec);
    }
  }
}
