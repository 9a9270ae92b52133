package io.sluice.server.statement;

import static java.util.Objects.requireNonNull;

import io.sluice.exec.driver.QueryManager;
import io.sluice.server.session.Principal;
import io.sluice.server.session.Role;
import io.sluice.server.session.Session;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import io.sluice.sql.SqlAlterModel;
import io.sluice.sql.SqlAlterPersistentQuery;
import io.sluice.sql.SqlCreateFunction;
import io.sluice.sql.SqlCreateMaterializedView;
import io.sluice.sql.SqlCreateModel;
import io.sluice.sql.SqlCreateRelation;
import io.sluice.sql.SqlCreateSink;
import io.sluice.sql.SqlCreateStream;
import io.sluice.sql.SqlCreateTable;
import io.sluice.sql.SqlCreateView;
import io.sluice.sql.SqlDescribeModel;
import io.sluice.sql.SqlDropObject;
import io.sluice.sql.SqlExplainCreate;
import io.sluice.sql.SqlQueryControl;
import io.sluice.sql.SqlShowObjects;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDescribeTable;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSetOption;

/**
 * Which role each statement needs, and the check that a session's user has it. A reader queries and
 * looks ({@code SELECT [STREAM]}, {@code SHOW}, {@code DESCRIBE}, {@code EXPLAIN}, {@code SET}) and
 * stops its own queries; a writer also declares and drops streams, tables, views and sinks,
 * inserts, and stops anyone's query; an admin also creates and drops functions, which load code
 * into the server. A statement this class does not know needs an admin.
 */
public final class StatementPermissions {
  private final QueryManager queries;

  public StatementPermissions(QueryManager queries) {
    this.queries = requireNonNull(queries, "queries is null");
  }

  /** Refuses {@code statement} unless the session's user has the role it needs, naming it. */
  public void check(Session session, SqlNode statement) {
    Principal caller = session.principal();
    Role needed = required(statement, caller);
    if (!caller.role().includes(needed)) {
      throw new SluiceException(
          ErrorCode.PERMISSION_DENIED,
          "Permission denied: "
              + describe(statement)
              + " needs role "
              + needed.word()
              + "; user "
              + caller.name()
              + " has role "
              + caller.role().word());
    }
  }

  /** The least role that may run {@code statement} as {@code caller}. */
  Role required(SqlNode statement, Principal caller) {
    if (statement instanceof SqlQueryControl control) {
      // a reader stops its own queries; restarting a persistent query is a writer's
      return control.action() == SqlQueryControl.Action.STOP && isOwnQuery(control, caller)
          ? Role.READER
          : Role.WRITER;
    }
    if (statement instanceof SqlCreateFunction) {
      return Role.ADMIN;
    }
    if (statement instanceof SqlDropObject) {
      return ((SqlDropObject) statement).kind() == SqlDropObject.ObjectKind.FUNCTION
          ? Role.ADMIN
          : Role.WRITER;
    }
    if (statement instanceof SqlShowObjects
        || statement instanceof SqlDescribeTable
        || statement instanceof SqlDescribeModel
        || statement instanceof SqlExplain
        || statement instanceof SqlExplainCreate
        || statement instanceof SqlSetOption) {
      return Role.READER;
    }
    if (statement instanceof SqlCreateRelation
        || statement instanceof SqlCreateView
        || statement instanceof SqlCreateMaterializedView
        || statement instanceof SqlCreateSink
        || statement instanceof SqlCreateModel
        || statement instanceof SqlAlterModel
        || statement instanceof SqlAlterPersistentQuery
        || statement instanceof SqlInsert
        || statement.getKind().belongsTo(SqlKind.DML)) {
      return Role.WRITER;
    }
    if (statement.getKind().belongsTo(SqlKind.QUERY)) {
      return Role.READER;
    }
    return Role.ADMIN;
  }

  /**
   * A query that is not there is the caller's to stop: it finds nothing. A sink or view whose
   * creator was not recorded is no one's own.
   */
  private boolean isOwnQuery(SqlQueryControl stop, Principal caller) {
    return queries
        .find(stop.queryId())
        .map(query -> Objects.equals(query.startedBy(), caller.name()))
        .orElse(true);
  }

  private static String describe(SqlNode statement) {
    if (statement instanceof SqlQueryControl control) {
      return control.action() == SqlQueryControl.Action.STOP
          ? "STOP QUERY of another user's query"
          : "RESTART QUERY";
    }
    if (statement instanceof SqlDropObject) {
      return "DROP " + ((SqlDropObject) statement).kind().keywords();
    }
    if (statement instanceof SqlCreateStream) {
      return "CREATE STREAM";
    }
    if (statement instanceof SqlCreateTable) {
      return "CREATE TABLE";
    }
    if (statement instanceof SqlInsert) {
      return "INSERT";
    }
    if (statement instanceof SqlCall) {
      return ((SqlCall) statement).getOperator().getName();
    }
    return statement.getKind().sql.replace('_', ' ');
  }
}
