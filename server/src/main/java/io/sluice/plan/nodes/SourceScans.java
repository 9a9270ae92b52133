package io.sluice.plan.nodes;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;

/**
 * The scans of a physical plan that the runtime reads rows for: every {@link StreamScan} but the
 * table side of a lookup join, which is looked up by key. Scans of one relation among them share
 * one source (Flink's source reuse), which EXPLAIN marks.
 */
public final class SourceScans {
  private SourceScans() {}

  /** The scans under {@code root} read as sources, parents before inputs, inputs in order. */
  public static List<StreamScan> of(RelNode root) {
    List<StreamScan> scans = new ArrayList<>();
    collect(root, scans);
    return scans;
  }

  private static void collect(RelNode node, List<StreamScan> scans) {
    if (node instanceof StreamJoin join && join.lookupTable() != null) {
      collect(join.spec().buildLeft() ? join.getRight() : join.getLeft(), scans);
      return;
    }
    if (node instanceof StreamScan scan) {
      scans.add(scan);
    }
    for (RelNode input : node.getInputs()) {
      collect(input, scans);
    }
  }
}
