package io.sluice.plan.physical;

/** Visits physical nodes by kind; implemented where the plan is turned into something else. */
public interface PhysicalVisitor<R> {
  R visit(PhysicalScan scan);

  R visit(PhysicalCalc calc);

  R visit(PhysicalUnion union);

  R visit(PhysicalValues values);

  R visit(PhysicalLimit limit);

  R visit(PhysicalAggregate aggregate);

  R visit(PhysicalSort sort);

  R visit(PhysicalJoin join);

  R visit(PhysicalWindowTableFunction windowFunction);
}
