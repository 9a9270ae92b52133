package io.sluice.server.statement;

import io.sluice.error.SluiceErrors;
import io.sluice.server.result.StatementResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

/** Every statement kind the server executes, each with its task, registered in one place. */
public final class StatementTasks {
  private final Map<Class<?>, StatementTask<?>> tasks = new LinkedHashMap<>();
  private final QueryTask queries;

  /**
   * @param queries runs SELECT and the other query forms (UNION, VALUES, WITH, ORDER BY)
   */
  public StatementTasks(List<StatementTask<?>> tasks, QueryTask queries) {
    for (StatementTask<?> task : tasks) {
      this.tasks.put(task.statementType(), task);
    }
    this.queries = queries;
  }

  /** Runs {@code statement} with the task registered for its class or a superclass of it. */
  public StatementResult execute(SqlNode statement, StatementContext context) {
    for (Class<?> type = statement.getClass(); type != null; type = type.getSuperclass()) {
      StatementTask<?> task = tasks.get(type);
      if (task != null) {
        return run(task, statement, context);
      }
    }
    if (statement.getKind().belongsTo(SqlKind.QUERY)) {
      return queries.execute(statement, context);
    }
    String name =
        statement instanceof SqlCall call
            ? call.getOperator().getName()
            : statement.getKind().sql.replace('_', ' ');
    throw SluiceErrors.unsupportedStatement(statement.getParserPosition(), name);
  }

  private static <T extends SqlNode> StatementResult run(
      StatementTask<T> task, SqlNode statement, StatementContext context) {
    return task.execute(task.statementType().cast(statement), context);
  }
}
