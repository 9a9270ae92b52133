package io.sluice.plan.rules.physical;

import io.sluice.error.SluiceErrors;
import io.sluice.plan.nodes.SluiceRel;
import io.sluice.plan.nodes.StreamCalc;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.logical.LogicalCalc;
import org.apache.calcite.rex.RexOver;

/** A filter and projection → {@link StreamCalc}; OVER aggregations in it are refused (for now). */
public final class StreamCalcRule extends ConverterRule {
  public static final Config DEFAULT =
      Config.INSTANCE
          .withConversion(
              LogicalCalc.class, Convention.NONE, SluiceRel.CONVENTION, "StreamCalcRule")
          .withRuleFactory(StreamCalcRule::new);

  private StreamCalcRule(Config config) {
    super(config);
  }

  @Override
  public RelNode convert(RelNode rel) {
    LogicalCalc calc = (LogicalCalc) rel;
    if (RexOver.containsOver(calc.getProgram())) {
      throw SluiceErrors.unsupportedConstruct("OVER windows (ROW_NUMBER, RANK, aggregates OVER)");
    }
    return new StreamCalc(
        calc.getCluster(),
        calc.getTraitSet().replace(SluiceRel.CONVENTION),
        convert(calc.getInput(), SluiceRel.CONVENTION),
        calc.getProgram());
  }
}
