package io.sluice.plan.metadata;

import io.sluice.plan.logical.MlPredictCalls;
import io.sluice.plan.nodes.StreamMlPredict;
import java.util.Set;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.MetadataDef;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Column origins where Calcite's own handler cannot tell: through a Volcano subset, which it does
 * not look into (the physical rules ask where their inputs' columns come from while those inputs
 * are subsets), and through ML_PREDICT, which hands its input's columns on at their positions (so a
 * window over a scored stream still finds its event-time column).
 */
public final class SluiceRelMdColumnOrigins
    implements MetadataHandler<BuiltInMetadata.ColumnOrigin> {
  @Override
  public MetadataDef<BuiltInMetadata.ColumnOrigin> getDef() {
    return BuiltInMetadata.ColumnOrigin.DEF;
  }

  public @Nullable Set<RelColumnOrigin> getColumnOrigins(
      RelSubset subset, RelMetadataQuery mq, int column) {
    return mq.getColumnOrigins(subset.getBestOrOriginal(), column);
  }

  /** ML_PREDICT: its input's columns; other table functions: unknown, as Calcite says. */
  public @Nullable Set<RelColumnOrigin> getColumnOrigins(
      TableFunctionScan scan, RelMetadataQuery mq, int column) {
    return MlPredictCalls.isMlPredict(scan) ? passedOn(scan.getInputs().get(0), mq, column) : null;
  }

  public @Nullable Set<RelColumnOrigin> getColumnOrigins(
      StreamMlPredict mlPredict, RelMetadataQuery mq, int column) {
    return passedOn(mlPredict.getInput(), mq, column);
  }

  /** The origins of an input column handed on unchanged; a model's outputs have none. */
  private static @Nullable Set<RelColumnOrigin> passedOn(
      RelNode input, RelMetadataQuery mq, int column) {
    return column < input.getRowType().getFieldCount() ? mq.getColumnOrigins(input, column) : null;
  }
}
