package io.sluice.plan.metadata;

import org.apache.calcite.linq4j.tree.Types;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.metadata.Metadata;
import org.apache.calcite.rel.metadata.MetadataDef;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.util.ImmutableBitSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The output columns by which a relational expression's updates and deletes are keyed, as Flink's
 * upsert keys: a sink that updates in place, or a result table, replaces the row with the same
 * values there. Null when rows have no such key.
 */
public interface UpsertKeyMetadata extends Metadata {
  MetadataDef<UpsertKeyMetadata> DEF =
      MetadataDef.of(
          UpsertKeyMetadata.class,
          UpsertKeyMetadata.Handler.class,
          Types.lookupMethod(UpsertKeyMetadata.class, "upsertKey"));

  @Nullable ImmutableBitSet upsertKey();

  /** Handler API. */
  interface Handler extends MetadataHandler<UpsertKeyMetadata> {
    @Nullable ImmutableBitSet upsertKey(RelNode rel, RelMetadataQuery mq);

    @Override
    default MetadataDef<UpsertKeyMetadata> getDef() {
      return DEF;
    }
  }
}
