package io.sluice.server.statement;

import io.sluice.server.result.StatementResult;
import org.apache.calcite.sql.SqlNode;

/**
 * Executes one kind of statement. Each kind has its own task class, registered in {@link
 * StatementTasks}; a task gets the services it needs when it is made and the statement, session and
 * text when it runs. Failures a user can cause are {@link io.sluice.spi.error.SluiceException}s
 * naming the problem and its position.
 */
public interface StatementTask<T extends SqlNode> {
  /** The parsed statement class this task executes (subclasses included). */
  Class<T> statementType();

  StatementResult execute(T statement, StatementContext context);
}
