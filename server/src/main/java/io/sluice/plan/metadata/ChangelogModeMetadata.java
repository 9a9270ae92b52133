package io.sluice.plan.metadata;

import io.sluice.spi.changelog.ChangelogMode;
import org.apache.calcite.linq4j.tree.Types;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.metadata.Metadata;
import org.apache.calcite.rel.metadata.MetadataDef;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

/** The changelog kinds a relational expression emits (see {@link ChangelogMode}). */
public interface ChangelogModeMetadata extends Metadata {
  MetadataDef<ChangelogModeMetadata> DEF =
      MetadataDef.of(
          ChangelogModeMetadata.class,
          ChangelogModeMetadata.Handler.class,
          Types.lookupMethod(ChangelogModeMetadata.class, "changelogMode"));

  ChangelogMode changelogMode();

  /** Handler API. */
  interface Handler extends MetadataHandler<ChangelogModeMetadata> {
    ChangelogMode changelogMode(RelNode rel, RelMetadataQuery mq);

    @Override
    default MetadataDef<ChangelogModeMetadata> getDef() {
      return DEF;
    }
  }
}
