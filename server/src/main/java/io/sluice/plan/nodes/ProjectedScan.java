package io.sluice.plan.nodes;

import org.apache.calcite.util.ImmutableIntList;

/** A scan that reads only some of its relation's columns, in the order listed. */
public interface ProjectedScan {
  /** Declared positions of the columns read, in output order. */
  ImmutableIntList columns();
}
