package io.sluice.server.statement;

import static java.util.Objects.requireNonNull;

import io.sluice.server.session.Session;

/**
 * What a statement runs with: the session that sent it and its text as sent (for error positions
 * and for the DDL kept in the catalog).
 */
public record StatementContext(Session session, String sql) {
  public StatementContext {
    requireNonNull(session, "session is null");
    requireNonNull(sql, "sql is null");
  }
}
