package io.sluice.plan.metadata;

import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.RelationKind;
import io.sluice.plan.PlannerContext;
import io.sluice.plan.nodes.StreamDeduplicate;
import io.sluice.plan.nodes.StreamGroupAggregate;
import io.sluice.plan.nodes.StreamJoin;
import io.sluice.plan.nodes.StreamOverAggregate;
import io.sluice.plan.nodes.StreamRank;
import io.sluice.plan.nodes.StreamSetOperation;
import io.sluice.plan.nodes.StreamWindowAggregate;
import io.sluice.plan.nodes.StreamWindowRank;
import io.sluice.plan.schema.RelationTable;
import io.sluice.plan.spec.JoinSpec;
import io.sluice.plan.spec.JoinSpec.JoinKind;
import io.sluice.plan.spec.OutputMode;
import io.sluice.plan.spec.RankSpec;
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

  /**
   * What the relation's connector says its rows carry. A push query following a materialized view
   * whose query updates its rows reads them with their kinds.
   */
  public ChangelogMode changelogMode(TableScan scan, RelMetadataQuery mq) {
    RelationTable table = scan.getTable().unwrap(RelationTable.class);
    if (table != null && table.definition().kind() == RelationKind.MATERIALIZED_VIEW) {
      boolean updating =
          Boolean.parseBoolean(
              table.definition().options().get(RelationDefinition.VIEW_UPDATING_OPTION));
      return updating && PlannerContext.of(scan).push()
          ? ChangelogMode.RETRACT
          : ChangelogMode.INSERT_ONLY;
    }
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
    if (aggregate.mode() == OutputMode.UPDATE && aggregate.updateBefore()) {
      return ChangelogMode.RETRACT;
    }
    return of(aggregate.mode());
  }

  public ChangelogMode changelogMode(StreamWindowAggregate aggregate, RelMetadataQuery mq) {
    return of(aggregate.mode());
  }

  /**
   * A top-N numbering its rows replaces the row at a rank (+U, after -U when asked); one that does
   * not select the rank only adds rows to and removes rows from the top N.
   */
  public ChangelogMode changelogMode(StreamRank rank, RelMetadataQuery mq) {
    if (rank.mode() == OutputMode.FINAL) {
      return ChangelogMode.INSERT_ONLY;
    }
    RankSpec spec = rank.spec();
    if (spec.outputRankNumber() && spec.function() == RankSpec.Function.ROW_NUMBER) {
      return rank.updateBefore() ? ChangelogMode.RETRACT : ChangelogMode.UPSERT;
    }
    return new ChangelogMode(EnumSet.of(RowKind.INSERT, RowKind.DELETE), false);
  }

  /** Keeping the first row emits each key once; keeping the last replaces it (+U). */
  public ChangelogMode changelogMode(StreamDeduplicate deduplicate, RelMetadataQuery mq) {
    if (deduplicate.insertOnly()) {
      return ChangelogMode.INSERT_ONLY;
    }
    return deduplicate.updateBefore()
        ? new ChangelogMode(
            EnumSet.of(RowKind.INSERT, RowKind.UPDATE_BEFORE, RowKind.UPDATE_AFTER), false)
        : new ChangelogMode(EnumSet.of(RowKind.INSERT, RowKind.UPDATE_AFTER), false);
  }

  /** Each window's top N, once, when it closes. */
  public ChangelogMode changelogMode(StreamWindowRank rank, RelMetadataQuery mq) {
    return ChangelogMode.INSERT_ONLY;
  }

  /**
   * Each input row comes out once, with its frame's aggregates; over an updating input rows come
   * and go with the input's, and a row whose frame changed is updated (-U, +U).
   */
  public ChangelogMode changelogMode(StreamOverAggregate over, RelMetadataQuery mq) {
    return over.retract() ? ChangelogMode.RETRACT : ChangelogMode.INSERT_ONLY;
  }

  /**
   * A join emits each match once. A regular outer join of two streams also retracts (-D) a
   * NULL-padded row when its first match comes; a regular join of updating inputs retracts (-D) the
   * joined rows of each row its inputs retract. Other joins consume inserts only (the planner
   * checks it); an interval outer join pads a row only once no match can come, so it stays
   * insert-only.
   */
  public ChangelogMode changelogMode(StreamJoin join, RelMetadataQuery mq) {
    if (join.strategy() == JoinSpec.Strategy.REGULAR
        && (join.spec().kind() != JoinKind.INNER
            || SluiceRelMetadataQuery.of(mq).changelogMode(join.getLeft()).isUpdating()
            || SluiceRelMetadataQuery.of(mq).changelogMode(join.getRight()).isUpdating())) {
      return new ChangelogMode(EnumSet.of(RowKind.INSERT, RowKind.DELETE), false);
    }
    return ChangelogMode.INSERT_ONLY;
  }

  /**
   * INTERSECT ALL / EXCEPT ALL: copies of rows come and go as the counts change (+I, -D); a
   * snapshot emits its result once.
   */
  public ChangelogMode changelogMode(StreamSetOperation setOperation, RelMetadataQuery mq) {
    return setOperation.push()
        ? new ChangelogMode(EnumSet.of(RowKind.INSERT, RowKind.DELETE), false)
        : ChangelogMode.INSERT_ONLY;
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
