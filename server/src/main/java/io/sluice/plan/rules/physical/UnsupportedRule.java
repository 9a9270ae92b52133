package io.sluice.plan.rules.physical;

import static java.util.Objects.requireNonNull;

import io.sluice.error.SluiceErrors;
import io.sluice.plan.nodes.SluiceRel;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;

/**
 * Matches a logical node the runtime has no operator for yet, and refuses the query naming the SQL
 * construct, instead of leaving the planner to fail without a reason.
 */
public final class UnsupportedRule extends ConverterRule {
  private final String construct;

  private UnsupportedRule(Config config, String construct) {
    super(config);
    this.construct = requireNonNull(construct, "construct is null");
  }

  /** A rule refusing nodes of {@code type}, which stand for {@code construct} in SQL. */
  public static UnsupportedRule of(Class<? extends RelNode> type, String construct) {
    return (UnsupportedRule)
        Config.INSTANCE
            .withConversion(
                type, Convention.NONE, SluiceRel.CONVENTION, "Unsupported" + type.getSimpleName())
            .withRuleFactory(config -> new UnsupportedRule(config, construct))
            .toRule();
  }

  @Override
  public RelNode convert(RelNode rel) {
    throw SluiceErrors.unsupportedConstruct(construct);
  }
}
