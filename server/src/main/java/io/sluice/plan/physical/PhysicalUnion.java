package io.sluice.plan.physical;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/** UNION ALL: the rows of every input, in input order within a batch. */
public final class PhysicalUnion extends PhysicalNode {
  public PhysicalUnion(RelDataType rowType, List<PhysicalNode> inputs) {
    super(rowType, inputs);
  }

  @Override
  public String name() {
    return "StreamUnion";
  }

  @Override
  public String attributes() {
    return "all=[true], inputs=[" + inputs().size() + "]";
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
