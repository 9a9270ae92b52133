package io.sluice.plan.metadata;

import io.sluice.plan.nodes.ProjectedScan;
import java.util.Set;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

/**
 * Where a scan's output columns come from in its relation's declaration. Calcite cannot tell for a
 * scan that reads only some columns (it then answers "unknown"), and the planner needs the origin
 * to recognise a stream's event-time column through a {@link ProjectedScan}.
 */
public final class ScanColumnOrigins implements BuiltInMetadata.ColumnOrigin.Handler {
  public static final ScanColumnOrigins INSTANCE = new ScanColumnOrigins();

  private ScanColumnOrigins() {}

  @Override
  public Set<RelColumnOrigin> getColumnOrigins(
      RelNode scan, RelMetadataQuery mq, int outputColumn) {
    RelOptTable table = scan.getTable();
    if (table == null) {
      return null;
    }
    int declared =
        scan instanceof ProjectedScan projected
            ? projected.columns().get(outputColumn)
            : outputColumn;
    return Set.of(new RelColumnOrigin(table, declared, false));
  }
}
