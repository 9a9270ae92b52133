package io.sluice.exec.translate;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.RelationDefinition;
import io.sluice.exec.operator.JoinOperator;
import java.util.List;

/**
 * A table a lookup join reads by key, as the driver opens it: the relation, the declared positions
 * of the columns the join reads (in the order its rows hold them), those of the columns looked up
 * by, and the join that receives the opened source.
 */
public record LookupSpec(
    RelationDefinition relation,
    List<Integer> columns,
    List<Integer> keyColumns,
    JoinOperator join) {
  public LookupSpec {
    requireNonNull(relation, "relation is null");
    columns = List.copyOf(columns);
    keyColumns = List.copyOf(keyColumns);
    requireNonNull(join, "join is null");
  }
}
