package io.sluice.http;

import io.sluice.exec.driver.QueryManager;
import io.sluice.exec.driver.RunningQuery;
import io.sluice.server.session.Principal;
import java.util.Comparator;
import java.util.List;

/** The body of {@code /api/queries}: every listed query, newest first. */
public record QueriesView(long serverTimeMillis, List<QueryView> queries) {

  public QueriesView {
    queries = List.copyOf(queries);
  }

  /** Every listed query as {@code viewer} may see it ({@link QueryView#of}). */
  public static QueriesView of(QueryManager manager, long nowMillis, Principal viewer) {
    // Newest first so a fresh query shows at the top; the id breaks ties for a stable order.
    List<QueryView> queries =
        manager.list().stream()
            .sorted(
                Comparator.comparingLong(RunningQuery::startedAtMillis)
                    .reversed()
                    .thenComparing(RunningQuery::id))
            .map(query -> QueryView.of(query, viewer))
            .toList();
    return new QueriesView(nowMillis, queries);
  }
}
