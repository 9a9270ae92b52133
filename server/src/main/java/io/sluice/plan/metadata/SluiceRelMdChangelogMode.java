package io.sluice.plan.metadata;

import io.sluice.plan.nodes.StreamGroupAggregate;
import io.sluice.plan.nodes.StreamJoin;
import io.sluice.plan.nodes.StreamWindowAggregate;
import io.sluice.plan.schema.RelationTable;
import io.sluice.plan.spec.OutputMode;
import io.sluice.spi.changelog.ChangelogMode;
import io.sluice.spi.changelog.RowKind;
import io.sluice.spi.connector.ConnectorFactory;
import io.sluice.spi.connector.Connectors;
import java.util.EnumSet;
import java.util.Set;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.metadata.MetadataDef;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

/**
 * Derives which changelog kinds a node emits, as Flink's changelog mode inference: sources and
 * joins emit inserts, aggregates what their output mode says, and every other node passes on what
 * its inputs emit.
 */
public final class SluiceRelMdChangelogMode implements MetadataHandler<ChangelogModeMetadata> {
  @Override
  public MetadataDef<ChangelogModeMetadata> getDef() {
    return ChangelogModeMetadata.DEF;
  }

  /** A Volcano subset: its best expression so far, or the one it started with. */
  public ChangelogMode changelogMode(RelSubset subset, RelMetadataQuery mq) {
    return SluiceRelMetadataQuery.of(mq).changelogMode(subset.getBestOrOriginal());
  }

  /** What the relation's connector says its rows carry. */
  public ChangelogMode changelogMode(TableScan scan, RelMetadataQuery mq) {
    RelationTable table = scan.getTable().unwrap(RelationTable.class);
    return table == null
        ? ChangelogMode.INSERT_ONLY
        : Connectors.find(table.definition().options())
            .map(ConnectorFactory::sourceChangelogMode)
            .orElse(ChangelogMode.INSERT_ONLY);
  }

  public ChangelogMode changelogMode(Values values, RelMetadataQuery mq) {
    return ChangelogMode.INSERT_ONLY;
  }

  public ChangelogMode changelogMode(StreamGroupAggregate aggregate, RelMetadataQuery mq) {
    return of(aggregate.mode());
  }

  public ChangelogMode changelogMode(StreamWindowAggregate aggregate, RelMetadataQuery mq) {
    return of(aggregate.mode());
  }

  /** A join consumes inserts only (the planner checks it) and emits each match once. */
  public ChangelogMode changelogMode(StreamJoin join, RelMetadataQuery mq) {
    return ChangelogMode.INSERT_ONLY;
  }

  /** Any other node: what its inputs emit, together. */
  public ChangelogMode changelogMode(RelNode rel, RelMetadataQuery mq) {
    Set<RowKind> kinds = EnumSet.of(RowKind.INSERT);
    boolean complete = false;
    for (RelNode input : rel.getInputs()) {
      ChangelogMode mode = SluiceRelMetadataQuery.of(mq).changelogMode(input);
      kinds.addAll(mode.kinds());
      complete |= mode.completeEachBatch();
    }
    return new ChangelogMode(kinds, complete);
  }

  private static ChangelogMode of(OutputMode mode) {
    return switch (mode) {
      case UPDATE -> ChangelogMode.UPSERT;
      case COMPLETE -> ChangelogMode.COMPLETE;
      default -> ChangelogMode.INSERT_ONLY;
    };
  }
}
