package io.sluice.plan.metadata;

import io.sluice.spi.changelog.ChangelogMode;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.ChainedRelMetadataProvider;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.metadata.JaninoRelMetadataProvider;
import org.apache.calcite.rel.metadata.MetadataHandlerProvider;
import org.apache.calcite.rel.metadata.ReflectiveRelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.util.ImmutableBitSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Calcite's metadata queries plus Sluice's derived properties: changelog mode, upsert key, window
 * properties and distribution over subtasks, each answered by its handler in this package.
 */
public final class SluiceRelMetadataQuery extends RelMetadataQuery {
  /** Sluice's handlers in front of Calcite's, in one provider (its generated code is cached). */
  public static final RelMetadataProvider PROVIDER =
      ChainedRelMetadataProvider.of(
          List.of(
              ReflectiveRelMetadataProvider.reflectiveSource(
                  new SluiceRelMdChangelogMode(), ChangelogModeMetadata.Handler.class),
              ReflectiveRelMetadataProvider.reflectiveSource(
                  new SluiceRelMdUpsertKey(), UpsertKeyMetadata.Handler.class),
              ReflectiveRelMetadataProvider.reflectiveSource(
                  new SluiceRelMdWindowProperties(), WindowPropertiesMetadata.Handler.class),
              ReflectiveRelMetadataProvider.reflectiveSource(
                  new SluiceRelMdColumnOrigins(), BuiltInMetadata.ColumnOrigin.Handler.class),
              ReflectiveRelMetadataProvider.reflectiveSource(
                  new SluiceRelMdCorrelateColumnOrigins(),
                  BuiltInMetadata.ColumnOrigin.Handler.class),
              ReflectiveRelMetadataProvider.reflectiveSource(
                  new SluiceRelMdDistribution(), BuiltInMetadata.Distribution.Handler.class),
              DefaultRelMetadataProvider.INSTANCE));

  private static final JaninoRelMetadataProvider HANDLERS = JaninoRelMetadataProvider.of(PROVIDER);

  private ChangelogModeMetadata.Handler changelogModeHandler;
  private UpsertKeyMetadata.Handler upsertKeyHandler;
  private WindowPropertiesMetadata.Handler windowPropertiesHandler;

  public SluiceRelMetadataQuery() {
    super(HANDLERS);
    changelogModeHandler = handler(ChangelogModeMetadata.Handler.class);
    upsertKeyHandler = handler(UpsertKeyMetadata.Handler.class);
    windowPropertiesHandler = handler(WindowPropertiesMetadata.Handler.class);
  }

  /** {@code mq} as Sluice's query: every cluster Sluice plans in makes these. */
  public static SluiceRelMetadataQuery of(RelMetadataQuery mq) {
    if (mq instanceof SluiceRelMetadataQuery sluice) {
      return sluice;
    }
    throw new IllegalStateException("A cluster without Sluice's metadata query: " + mq);
  }

  /** The changelog kinds {@code rel} emits. */
  public ChangelogMode changelogMode(RelNode rel) {
    for (; ; ) {
      try {
        return changelogModeHandler.changelogMode(rel, this);
      } catch (MetadataHandlerProvider.NoHandler e) {
        changelogModeHandler = revise(ChangelogModeMetadata.Handler.class);
      }
    }
  }

  /** The output columns {@code rel}'s updates are keyed by, or null. */
  public @Nullable ImmutableBitSet upsertKey(RelNode rel) {
    for (; ; ) {
      try {
        return upsertKeyHandler.upsertKey(rel, this);
      } catch (MetadataHandlerProvider.NoHandler e) {
        upsertKeyHandler = revise(UpsertKeyMetadata.Handler.class);
      }
    }
  }

  /** Which output columns of {@code rel} are window bounds. */
  public WindowProperties windowProperties(RelNode rel) {
    for (; ; ) {
      try {
        return windowPropertiesHandler.windowProperties(rel, this);
      } catch (MetadataHandlerProvider.NoHandler e) {
        windowPropertiesHandler = revise(WindowPropertiesMetadata.Handler.class);
      }
    }
  }
}
