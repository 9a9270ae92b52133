package io.sluice.plan.explain;

import io.sluice.catalog.RelationDefinition;
import io.sluice.plan.metadata.SluiceRelMetadataQuery;
import io.sluice.plan.nodes.SluiceRel;
import io.sluice.plan.nodes.SourceScans;
import io.sluice.plan.nodes.StreamExchange;
import io.sluice.plan.nodes.StreamScan;
import io.sluice.plan.nodes.StreamWindowAggregate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.sql.SqlExplainLevel;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.Pair;

/**
 * EXPLAIN of a physical plan: one node per line, indented under its parent, each with its own
 * attributes and what is derived about it: the changelog it emits, the key its rows are upserted
 * by, and the state it keeps with what bounds it.
 */
public final class PlanExplainer {
  /** Attributes that belong in a node's digest but would only clutter EXPLAIN. */
  private static final Set<String> HIDDEN = Set.of("tuples");

  private PlanExplainer() {}

  /** The plan under {@code root}, one line per node. */
  public static List<String> explain(SluiceRel root) {
    SluiceRelMetadataQuery mq = SluiceRelMetadataQuery.of(root.getCluster().getMetadataQuery());
    List<String> lines = new ArrayList<>();
    explain(root, 0, mq, lines, false, sharedSources(root));
    return lines;
  }

  /** Relations that several scans read: one source reads each for all its scans. */
  private static Set<RelationDefinition> sharedSources(SluiceRel root) {
    Map<RelationDefinition, Long> scans =
        SourceScans.of(root).stream()
            .collect(Collectors.groupingBy(StreamScan::relation, Collectors.counting()));
    return scans.entrySet().stream()
        .filter(relation -> relation.getValue() > 1)
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  /**
   * The plan under {@code root} without its exchanges, as the digests of operator state see it:
   * exchanges move rows but keep none, so state written at another parallelism (or before exchanges
   * were planned) still belongs to the same operators.
   */
  public static List<String> explainForState(SluiceRel root) {
    SluiceRelMetadataQuery mq = SluiceRelMetadataQuery.of(root.getCluster().getMetadataQuery());
    List<String> lines = new ArrayList<>();
    explain(root, 0, mq, lines, true, Set.of());
    return lines;
  }

  private static void explain(
      RelNode node,
      int depth,
      SluiceRelMetadataQuery mq,
      List<String> lines,
      boolean state,
      Set<RelationDefinition> sharedSources) {
    if (state && node instanceof StreamExchange exchange) {
      explain(exchange.getInput(), depth, mq, lines, true, sharedSources);
      return;
    }
    Attributes attributes = new Attributes();
    node.explain(attributes);
    StringBuilder line = new StringBuilder("  ".repeat(depth));
    line.append(node.getRelTypeName()).append('(').append(attributes.text()).append(')');
    line.append(" changelog=").append(mq.changelogMode(node).label());
    ImmutableBitSet key = mq.upsertKey(node);
    if (key != null) {
      line.append(" upsertKey=").append(key.asList());
    }
    if (node instanceof SluiceRel rel) {
      line.append(" state=[").append(rel.state()).append(']');
    }
    if (!state && node instanceof StreamWindowAggregate aggregate && aggregate.twoPhase()) {
      // how it runs, not what it keeps: checkpoints of the one-phase aggregate resume it
      line.append(" phases=local+global");
    }
    if (node instanceof StreamScan scan && sharedSources.contains(scan.relation())) {
      line.append(" source=shared");
    }
    lines.add(line.toString());
    for (RelNode input : node.getInputs()) {
      explain(input, depth + 1, mq, lines, state, sharedSources);
    }
  }

  /** Collects a node's own attributes as {@code term=[value]}, leaving its inputs out. */
  private static final class Attributes implements RelWriter {
    private final List<String> items = new ArrayList<>();

    @Override
    public void explain(RelNode rel, List<Pair<String, Object>> valueList) {
      for (Pair<String, Object> pair : valueList) {
        item(pair.left, pair.right);
      }
    }

    @Override
    public SqlExplainLevel getDetailLevel() {
      return SqlExplainLevel.EXPPLAN_ATTRIBUTES;
    }

    @Override
    public RelWriter input(String term, RelNode input) {
      return this;
    }

    @Override
    public RelWriter item(String term, Object value) {
      if (!(value instanceof RelNode) && !HIDDEN.contains(term)) {
        items.add(term + "=[" + text(value) + "]");
      }
      return this;
    }

    @Override
    public RelWriter done(RelNode node) {
      return this;
    }

    String text() {
      return String.join(", ", items);
    }

    private static String text(Object value) {
      if (value instanceof Collection<?> values) {
        // the brackets around the item are the list's
        return values.stream().map(String::valueOf).collect(Collectors.joining(", "));
      }
      return String.valueOf(value);
    }
  }
}
