package io.sluice.plan.rules.physical;

import io.sluice.error.SluiceErrors;
import io.sluice.plan.PlannerContext;
import io.sluice.plan.nodes.SluiceRel;
import io.sluice.plan.nodes.StreamLimit;
import io.sluice.plan.nodes.StreamSort;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;

/**
 * {@code ORDER BY} of a snapshot → {@link StreamSort}; {@code LIMIT}/{@code OFFSET} alone → {@link
 * StreamLimit}. A push query's ORDER BY is refused: a stream has no end to sort up to.
 */
public final class StreamSortRule extends ConverterRule {
  public static final Config DEFAULT =
      Config.INSTANCE
          .withConversion(
              LogicalSort.class, Convention.NONE, SluiceRel.CONVENTION, "StreamSortRule")
          .withRuleFactory(StreamSortRule::new);

  private StreamSortRule(Config config) {
    super(config);
  }

  @Override
  public RelNode convert(RelNode rel) {
    Sort sort = (Sort) rel;
    RelNode input = convert(sort.getInput(), SluiceRel.CONVENTION);
    long offset = literalLong(sort.offset, 0);
    long fetch = literalLong(sort.fetch, -1);
    if (sort.getCollation().getFieldCollations().isEmpty()) {
      return new StreamLimit(
          sort.getCluster(),
          sort.getTraitSet().replace(SluiceRel.CONVENTION),
          input,
          offset,
          fetch);
    }
    if (PlannerContext.of(sort).push()) {
      throw SluiceErrors.unsupportedConstruct(
          "ORDER BY in a push query (SELECT STREAM); a stream has no end to sort up to. ORDER BY");
    }
    return new StreamSort(
        sort.getCluster(),
        sort.getTraitSet().replace(SluiceRel.CONVENTION),
        input,
        sort.getCollation(),
        offset,
        fetch);
  }

  private static long literalLong(RexNode node, long absent) {
    if (node == null) {
      return absent;
    }
    if (node instanceof RexLiteral literal) {
      Long value = literal.getValueAs(Long.class);
      return value == null ? absent : value;
    }
    throw SluiceErrors.unsupportedConstruct("A LIMIT or OFFSET that is not a literal");
  }
}
