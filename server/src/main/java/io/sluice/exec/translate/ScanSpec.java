package io.sluice.exec.translate;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.RelationDefinition;
import io.sluice.spi.type.ColumnType;
import java.util.List;

/**
 * A scan of the plan as the driver opens it: the relation, the declared positions of the columns
 * read (in the order its batches hold them) and their types. Scans are numbered by their position
 * in the plan's list; the scan operator of number N reads the rows of source N.
 */
public record ScanSpec(RelationDefinition relation, List<Integer> columns, List<ColumnType> types) {
  public ScanSpec {
    requireNonNull(relation, "relation is null");
    columns = List.copyOf(columns);
    types = List.copyOf(types);
  }
}
