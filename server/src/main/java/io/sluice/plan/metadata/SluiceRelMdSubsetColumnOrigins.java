package io.sluice.plan.metadata;

import java.util.Set;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.MetadataDef;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Column origins through a Volcano subset, which Calcite's own handler does not look into: the
 * physical rules ask where their inputs' columns come from while those inputs are subsets.
 */
public final class SluiceRelMdSubsetColumnOrigins
    implements MetadataHandler<BuiltInMetadata.ColumnOrigin> {
  @Override
  public MetadataDef<BuiltInMetadata.ColumnOrigin> getDef() {
    return BuiltInMetadata.ColumnOrigin.DEF;
  }

  public @Nullable Set<RelColumnOrigin> getColumnOrigins(
      RelSubset subset, RelMetadataQuery mq, int column) {
    return mq.getColumnOrigins(subset.getBestOrOriginal(), column);
  }
}
