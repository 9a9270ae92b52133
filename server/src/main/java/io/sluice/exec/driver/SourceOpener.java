package io.sluice.exec.driver;

import io.sluice.catalog.RelationDefinition;
import io.sluice.spi.connector.LookupSource;
import io.sluice.spi.connector.SourceMetrics;
import io.sluice.spi.connector.StreamSource;
import java.util.List;

/** Opens the source behind a declared relation for one query. */
public interface SourceOpener {
  /**
   * @param columns declared positions of the columns the query reads: the source's batches hold
   *     these, in this order
   * @param push whether the query is a push query (it follows views instead of reading once)
   */
  StreamSource open(
      RelationDefinition relation,
      java.util.List<Integer> columns,
      SourceMetrics metrics,
      boolean push);

  /**
   * A source that looks {@code relation}'s rows up by key for a lookup join.
   *
   * @param columns declared positions of the columns the join reads, in the order its rows hold
   *     them
   * @param keyColumns declared positions of the columns rows are looked up by
   */
  LookupSource openLookup(
      RelationDefinition relation, List<Integer> columns, List<Integer> keyColumns);

  /**
   * The sink late rows of {@code relation} are written to ({@code ON LATE INTO}), named after the
   * query so several queries can divert into one stream.
   */
  io.sluice.spi.connector.StreamSink lateRowsSink(RelationDefinition relation, String queryId);
}
