package io.sluice.plan.nodes;

/** Visits Sluice's physical nodes by kind; implemented where a plan becomes something else. */
public interface SluiceRelVisitor<R> {
  R visit(StreamScan scan);

  R visit(StreamCalc calc);

  R visit(StreamUnion union);

  R visit(StreamSetOperation setOperation);

  R visit(StreamValues values);

  R visit(StreamLimit limit);

  R visit(StreamSort sort);

  R visit(StreamGroupAggregate aggregate);

  R visit(StreamWindowAggregate aggregate);

  R visit(StreamWindowTableFunction windowFunction);

  R visit(StreamJoin join);

  R visit(StreamRank rank);

  R visit(StreamDeduplicate deduplicate);

  R visit(StreamWindowRank rank);

  R visit(StreamOverAggregate over);

  R visit(StreamMlPredict mlPredict);

  R visit(StreamCorrelate correlate);

  R visit(StreamExchange exchange);
}
