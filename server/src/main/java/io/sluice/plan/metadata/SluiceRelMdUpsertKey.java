package io.sluice.plan.metadata;

import io.sluice.catalog.RelationDefinition;
import io.sluice.plan.logical.MlPredictCalls;
import io.sluice.plan.nodes.ProjectedScan;
import io.sluice.plan.nodes.StreamDeduplicate;
import io.sluice.plan.nodes.StreamLimit;
import io.sluice.plan.nodes.StreamMlPredict;
import io.sluice.plan.nodes.StreamRank;
import io.sluice.plan.nodes.StreamSort;
import io.sluice.plan.schema.RelationTable;
import java.util.List;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Exchange;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.MetadataDef;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.util.ImmutableBitSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Derives the columns a node's rows are keyed by, as Flink's upsert keys: an aggregate's group
 * keys, a table's primary key, carried through projections that keep them.
 */
public final class SluiceRelMdUpsertKey implements MetadataHandler<UpsertKeyMetadata> {
  @Override
  public MetadataDef<UpsertKeyMetadata> getDef() {
    return UpsertKeyMetadata.DEF;
  }

  /** A Volcano subset: its best expression so far, or the one it started with. */
  public @Nullable ImmutableBitSet upsertKey(RelSubset subset, RelMetadataQuery mq) {
    return SluiceRelMetadataQuery.of(mq).upsertKey(subset.getBestOrOriginal());
  }

  /** Windowed or not, an aggregate's rows are keyed by its group keys (window bounds included). */
  public @Nullable ImmutableBitSet upsertKey(Aggregate aggregate, RelMetadataQuery mq) {
    return ImmutableBitSet.range(aggregate.getGroupCount());
  }

  /** A relation's primary key, when the scan reads all of its columns. */
  public @Nullable ImmutableBitSet upsertKey(TableScan scan, RelMetadataQuery mq) {
    RelationTable table = scan.getTable().unwrap(RelationTable.class);
    if (table == null || table.definition().primaryKey().isEmpty()) {
      return null;
    }
    RelationDefinition relation = table.definition();
    List<Integer> read =
        scan instanceof ProjectedScan projected
            ? projected.columns()
            : ImmutableBitSet.range(relation.columns().size()).asList();
    ImmutableBitSet.Builder key = ImmutableBitSet.builder();
    for (String name : relation.primaryKey()) {
      int declared = -1;
      for (int c = 0; c < relation.columns().size(); c++) {
        if (relation.columns().get(c).name().equalsIgnoreCase(name)) {
          declared = c;
        }
      }
      int position = read.indexOf(declared);
      if (position < 0) {
        return null;
      }
      key.set(position);
    }
    return key.build();
  }

  /** The input's key, where the calc passes every key column on as it is. */
  public @Nullable ImmutableBitSet upsertKey(Calc calc, RelMetadataQuery mq) {
    ImmutableBitSet inputKey = SluiceRelMetadataQuery.of(mq).upsertKey(calc.getInput());
    if (inputKey == null) {
      return null;
    }
    RexProgram program = calc.getProgram();
    List<RexLocalRef> projects = program.getProjectList();
    ImmutableBitSet.Builder key = ImmutableBitSet.builder();
    for (int column : inputKey) {
      int found = -1;
      for (int i = 0; i < projects.size() && found < 0; i++) {
        RexNode expression = program.expandLocalRef(projects.get(i));
        if (expression instanceof RexInputRef ref && ref.getIndex() == column) {
          found = i;
        }
      }
      if (found < 0) {
        return null;
      }
      key.set(found);
    }
    return key.build();
  }

  /** A top-N numbering rows by ROW_NUMBER: the partition keys and the rank. */
  public @Nullable ImmutableBitSet upsertKey(StreamRank rank, RelMetadataQuery mq) {
    if (!rank.spec().outputRankNumber()
        || rank.spec().function() != io.sluice.plan.spec.RankSpec.Function.ROW_NUMBER) {
      return null;
    }
    return ImmutableBitSet.of(rank.spec().partitionKeys())
        .set(rank.getInput().getRowType().getFieldCount());
  }

  /** A deduplication's rows are keyed by what makes them duplicates. */
  public @Nullable ImmutableBitSet upsertKey(StreamDeduplicate deduplicate, RelMetadataQuery mq) {
    return ImmutableBitSet.of(deduplicate.keys());
  }

  public @Nullable ImmutableBitSet upsertKey(StreamLimit limit, RelMetadataQuery mq) {
    return SluiceRelMetadataQuery.of(mq).upsertKey(limit.getInput());
  }

  public @Nullable ImmutableBitSet upsertKey(StreamSort sort, RelMetadataQuery mq) {
    return SluiceRelMetadataQuery.of(mq).upsertKey(sort.getInput());
  }

  /** ML_PREDICT hands its input's columns on at their positions, keys among them. */
  public @Nullable ImmutableBitSet upsertKey(TableFunctionScan scan, RelMetadataQuery mq) {
    return MlPredictCalls.isMlPredict(scan)
        ? SluiceRelMetadataQuery.of(mq).upsertKey(scan.getInputs().get(0))
        : null;
  }

  public @Nullable ImmutableBitSet upsertKey(StreamMlPredict mlPredict, RelMetadataQuery mq) {
    return SluiceRelMetadataQuery.of(mq).upsertKey(mlPredict.getInput());
  }

  /** An exchange moves rows between subtasks and keeps them as they are. */
  public @Nullable ImmutableBitSet upsertKey(Exchange exchange, RelMetadataQuery mq) {
    return SluiceRelMetadataQuery.of(mq).upsertKey(exchange.getInput());
  }

  /** Anything else (joins, unions, values, window functions): no key. */
  public @Nullable ImmutableBitSet upsertKey(RelNode rel, RelMetadataQuery mq) {
    return null;
  }
}
