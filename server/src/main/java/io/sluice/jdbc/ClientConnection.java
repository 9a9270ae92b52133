package io.sluice.jdbc;

import static java.util.Objects.requireNonNull;

import io.sluice.server.session.Principal;
import io.sluice.server.session.Session;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One open client connection: its session settings and its statements, so closing it ends exactly
 * its own statements and nothing another client holds.
 */
final class ClientConnection {
  /**
   * Connection property the Sluice driver sends: its result iterator accepts frames that are empty
   * and not done, so its fetches answer after a short wait instead of holding the request.
   */
  static final String SLUICE_DRIVER_PROPERTY = "sluice_driver";

  final String id;
  final Session session;
  final boolean acceptsEmptyFrames;
  private final Map<Integer, ClientStatement> statements = new ConcurrentHashMap<>();

  ClientConnection(String id, Map<String, String> info, Principal owner) {
    this.id = requireNonNull(id, "id is null");
    this.session = new Session(owner);
    this.acceptsEmptyFrames = info != null && info.containsKey(SLUICE_DRIVER_PROPERTY);
  }

  ClientStatement statement(int statementId) {
    return statements.get(statementId);
  }

  void add(ClientStatement statement) {
    statements.put(statement.handle.id, statement);
  }

  /** The statement, adopted if this connection has not seen its id (clients may reuse ids). */
  ClientStatement statementOrAdopt(org.apache.calcite.avatica.Meta.StatementHandle handle) {
    return statements.computeIfAbsent(handle.id, id -> new ClientStatement(handle));
  }

  ClientStatement remove(int statementId) {
    return statements.remove(statementId);
  }

  /** Ends every statement's result (stopping their queries). */
  void close() {
    for (ClientStatement statement : new ArrayList<>(statements.values())) {
      statements.remove(statement.handle.id);
      statement.closeResult();
    }
  }
}
