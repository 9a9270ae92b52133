package io.sluice.plan.metadata;

import io.sluice.plan.nodes.StreamDeduplicate;
import io.sluice.plan.nodes.StreamExchange;
import io.sluice.plan.nodes.StreamGroupAggregate;
import io.sluice.plan.nodes.StreamLimit;
import io.sluice.plan.nodes.StreamOverAggregate;
import io.sluice.plan.nodes.StreamRank;
import io.sluice.plan.nodes.StreamSort;
import io.sluice.plan.nodes.StreamValues;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.rel.RelDistribution;
import org.apache.calcite.rel.RelDistributions;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.MetadataDef;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.util.mapping.IntPair;

/**
 * Derives how a physical node's output rows are spread over the query's parallel subtasks: hashed
 * by columns after an exchange or a keyed operator, all on one subtask after an operator that needs
 * every row, anyhow ({@link RelDistributions#RANDOM_DISTRIBUTED}) after a split source. Exchanges
 * are inserted where this is not what a node requires of its input.
 */
public final class SluiceRelMdDistribution
    implements MetadataHandler<BuiltInMetadata.Distribution> {
  @Override
  public MetadataDef<BuiltInMetadata.Distribution> getDef() {
    return BuiltInMetadata.Distribution.DEF;
  }

  /** A Volcano subset: its best expression so far, or the one it started with. */
  public RelDistribution distribution(RelSubset subset, RelMetadataQuery mq) {
    return mq.distribution(subset.getBestOrOriginal());
  }

  public RelDistribution distribution(StreamExchange exchange, RelMetadataQuery mq) {
    return exchange.getDistribution();
  }

  /** Literal rows come from the first subtask only. */
  public RelDistribution distribution(StreamValues values, RelMetadataQuery mq) {
    return RelDistributions.SINGLETON;
  }

  /** A limit or sort sees every row, on one subtask, and emits there. */
  public RelDistribution distribution(StreamLimit limit, RelMetadataQuery mq) {
    return RelDistributions.SINGLETON;
  }

  public RelDistribution distribution(StreamSort sort, RelMetadataQuery mq) {
    return RelDistributions.SINGLETON;
  }

  /** Rows of a group come out where the group's key was hashed to: the keys lead the output. */
  public RelDistribution distribution(StreamGroupAggregate aggregate, RelMetadataQuery mq) {
    RelDistribution input = mq.distribution(aggregate.getInput());
    if (input.getType() == RelDistribution.Type.SINGLETON) {
      return input;
    }
    int[] keys = aggregate.keyColumns();
    if (input.getType() == RelDistribution.Type.HASH_DISTRIBUTED
        && input.getKeys().equals(java.util.Arrays.stream(keys).boxed().toList())) {
      List<Integer> outputKeys = new ArrayList<>();
      for (int i = 0; i < keys.length; i++) {
        outputKeys.add(i);
      }
      return RelDistributions.hash(outputKeys);
    }
    return RelDistributions.RANDOM_DISTRIBUTED;
  }

  /** Top-N, deduplication and OVER keep their input's columns in place (and may add some). */
  public RelDistribution distribution(StreamRank rank, RelMetadataQuery mq) {
    return mq.distribution(rank.getInput());
  }

  public RelDistribution distribution(StreamDeduplicate deduplicate, RelMetadataQuery mq) {
    return mq.distribution(deduplicate.getInput());
  }

  public RelDistribution distribution(StreamOverAggregate over, RelMetadataQuery mq) {
    return mq.distribution(over.getInput());
  }

  /** A projection keeps a hash distribution when it passes every hashed column through. */
  public RelDistribution distribution(Calc calc, RelMetadataQuery mq) {
    RelDistribution input = mq.distribution(calc.getInput());
    if (input.getType() != RelDistribution.Type.HASH_DISTRIBUTED) {
      return input;
    }
    RexProgram program = calc.getProgram();
    List<IntPair> passed = new ArrayList<>();
    List<RexLocalRef> projects = program.getProjectList();
    for (int out = 0; out < projects.size(); out++) {
      RexNode expanded = program.expandLocalRef(projects.get(out));
      if (expanded instanceof org.apache.calcite.rex.RexInputRef ref) {
        passed.add(IntPair.of(ref.getIndex(), out));
      }
    }
    List<Integer> outputKeys = new ArrayList<>();
    for (int key : input.getKeys()) {
      int found = -1;
      for (IntPair pair : passed) {
        if (pair.source == key) {
          found = pair.target;
          break;
        }
      }
      if (found < 0) {
        return RelDistributions.RANDOM_DISTRIBUTED;
      }
      outputKeys.add(found);
    }
    return RelDistributions.hash(outputKeys);
  }

  /**
   * Anything else (scans, joins, unions, window operators): one subtask if all its inputs are on
   * one, else anyhow.
   */
  public RelDistribution distribution(RelNode rel, RelMetadataQuery mq) {
    if (rel.getInputs().isEmpty()) {
      return RelDistributions.RANDOM_DISTRIBUTED;
    }
    for (RelNode input : rel.getInputs()) {
      if (mq.distribution(input).getType() != RelDistribution.Type.SINGLETON) {
        return RelDistributions.RANDOM_DISTRIBUTED;
      }
    }
    return RelDistributions.SINGLETON;
  }
}
