package io.sluice.plan.metadata;

import org.apache.calcite.linq4j.tree.Types;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.metadata.Metadata;
import org.apache.calcite.rel.metadata.MetadataDef;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

/**
 * Which output columns of a relational expression are window bounds (see {@link WindowProperties}).
 */
public interface WindowPropertiesMetadata extends Metadata {
  MetadataDef<WindowPropertiesMetadata> DEF =
      MetadataDef.of(
          WindowPropertiesMetadata.class,
          WindowPropertiesMetadata.Handler.class,
          Types.lookupMethod(WindowPropertiesMetadata.class, "windowProperties"));

  WindowProperties windowProperties();

  /** Handler API. */
  interface Handler extends MetadataHandler<WindowPropertiesMetadata> {
    WindowProperties windowProperties(RelNode rel, RelMetadataQuery mq);

    @Override
    default MetadataDef<WindowPropertiesMetadata> getDef() {
      return DEF;
    }
  }
}
