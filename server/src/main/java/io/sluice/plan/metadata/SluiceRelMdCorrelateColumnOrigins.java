package io.sluice.plan.metadata;

import io.sluice.plan.nodes.StreamCorrelate;
import java.util.Set;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.MetadataDef;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Column origins through a correlate over a table function, which Calcite's own handler does not
 * know: the input row's columns come first, unchanged, so a stream's event-time column stays one (a
 * window over {@code FROM s, LATERAL TABLE(f(…))} groups by it); the function's are computed.
 */
public final class SluiceRelMdCorrelateColumnOrigins
    implements MetadataHandler<BuiltInMetadata.ColumnOrigin> {
  @Override
  public MetadataDef<BuiltInMetadata.ColumnOrigin> getDef() {
    return BuiltInMetadata.ColumnOrigin.DEF;
  }

  public @Nullable Set<RelColumnOrigin> getColumnOrigins(
      Correlate correlate, RelMetadataQuery mq, int column) {
    int left = correlate.getLeft().getRowType().getFieldCount();
    return column < left ? mq.getColumnOrigins(correlate.getLeft(), column) : null;
  }

  public @Nullable Set<RelColumnOrigin> getColumnOrigins(
      StreamCorrelate correlate, RelMetadataQuery mq, int column) {
    int left = correlate.getInput().getRowType().getFieldCount();
    return column < left ? mq.getColumnOrigins(correlate.getInput(), column) : null;
  }
}
