package io.sluice.plan.physical;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.RelationDefinition;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/** Reads a declared stream (micro-batch by micro-batch) or table (once, bounded). */
public final class PhysicalScan extends PhysicalNode {
  private final RelationDefinition relation;

  public PhysicalScan(RelDataType rowType, RelationDefinition relation) {
    super(rowType, List.of());
    this.relation = requireNonNull(relation, "relation is null");
  }

  public RelationDefinition relation() {
    return relation;
  }

  @Override public String name() {
    return "StreamScan";
  }

  @Override public String attributes() {
    return "relation=[" + relation.name() + "], kind=[" + relation.kind().word()
        + "], connector=[" + relation.connector() + "]";
  }

  @Override public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
