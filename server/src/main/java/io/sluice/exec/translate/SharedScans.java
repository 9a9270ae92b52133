package io.sluice.exec.translate;

import io.sluice.catalog.RelationDefinition;
import io.sluice.plan.nodes.SourceScans;
import io.sluice.plan.nodes.StreamScan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.RelNode;

/**
 * The columns one source reads for all the scans of its relation in a plan (a stream joined with
 * itself, or read by two branches): the first scan's columns in its order, then those only later
 * scans read. Reading them once per batch for every scan is Flink's source reuse: q5 and q7 of
 * Nexmark decode their bids once instead of twice, and a self-join's two sides see the same rows of
 * each batch whatever the source.
 */
final class SharedScans {
  private final boolean enabled;
  private final Map<RelationDefinition, List<Integer>> columns;

  private SharedScans(boolean enabled, Map<RelationDefinition, List<Integer>> columns) {
    this.enabled = enabled;
    this.columns = columns;
  }

  /** Sharing for {@code root}'s scans; none when not {@code enabled} (a source per scan). */
  static SharedScans of(RelNode root, boolean enabled) {
    Map<RelationDefinition, List<Integer>> columns = new HashMap<>();
    if (enabled) {
      collect(root, columns);
    }
    return new SharedScans(enabled, columns);
  }

  /**
   * How many sources the driver opens for {@code root}'s scans: one per relation read when scans
   * are {@code shared}, else one per scan. The table side of a lookup join is no source.
   */
  static int sourceCount(RelNode root, boolean shared) {
    List<StreamScan> scans = SourceScans.of(root);
    return shared
        ? (int) scans.stream().map(StreamScan::relation).distinct().count()
        : scans.size();
  }

  private static void collect(RelNode root, Map<RelationDefinition, List<Integer>> columns) {
    for (StreamScan scan : SourceScans.of(root)) {
      List<Integer> read = columns.computeIfAbsent(scan.relation(), relation -> new ArrayList<>());
      for (int column : scan.columns()) {
        if (!read.contains(column)) {
          read.add(column);
        }
      }
    }
  }

  /** Whether scans of one relation share a source. */
  boolean enabled() {
    return enabled;
  }

  /** Declared positions of the columns the source of {@code scan} reads, in its batches' order. */
  List<Integer> sourceColumns(StreamScan scan) {
    return enabled ? columns.get(scan.relation()) : scan.columns();
  }
}
