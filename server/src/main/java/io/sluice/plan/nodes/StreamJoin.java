package io.sluice.plan.nodes;

import static java.util.Objects.requireNonNull;

import io.sluice.plan.spec.JoinSpec;
import io.sluice.plan.spec.JoinSpec.Strategy;
import java.util.Arrays;
import java.util.Set;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelDistribution;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rex.RexNode;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A join in one of the strategies of {@link JoinSpec.Strategy}: stream against table (lookup), two
 * streams with a time bound (interval, window), two streams without one (regular), or a snapshot's
 * buffered join.
 */
public final class StreamJoin extends Join implements SluiceRel {
  private final JoinSpec spec;
  private final @Nullable RexNode remainder;

  /**
   * @param condition the whole join condition, as the logical join had it
   * @param remainder the part of it beyond the equi-keys, over the joined row, or null
   */
  public StreamJoin(
      RelOptCluster cluster,
      RelTraitSet traits,
      RelNode left,
      RelNode right,
      RexNode condition,
      JoinRelType joinType,
      JoinSpec spec,
      @Nullable RexNode remainder) {
    super(cluster, traits, java.util.List.of(), left, right, condition, Set.of(), joinType);
    this.spec = requireNonNull(spec, "spec is null");
    this.remainder = remainder;
  }

  public JoinSpec spec() {
    return spec;
  }

  public @Nullable RexNode remainder() {
    return remainder;
  }

  @Override
  public Join copy(
      RelTraitSet traitSet,
      RexNode conditionExpr,
      RelNode left,
      RelNode right,
      JoinRelType joinType,
      boolean semiJoinDone) {
    return new StreamJoin(
        getCluster(), traitSet, left, right, conditionExpr, joinType, spec, remainder);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    pw.input("left", left)
        .input("right", right)
        .item("joinType", joinType)
        .item("keys", Arrays.toString(spec.leftKeys()) + " = " + Arrays.toString(spec.rightKeys()))
        .itemIf("where", remainder, remainder != null);
    JoinSpec.IntervalBounds bounds = spec.bounds();
    if (spec.strategy() == Strategy.TEMPORAL) {
      pw.item("asOf", "$" + bounds.leftTime())
          .item("versionStart", "$" + (leftWidth() + bounds.rightTime()));
    } else if (bounds != null && bounds.isWindowJoin()) {
      pw.item("window", "$" + bounds.leftTime() + " = $" + (leftWidth() + bounds.rightTime()))
          .itemIf("time", "proctime", bounds.left().procTime());
    } else if (bounds != null) {
      pw.item("bound", boundText(bounds));
    }
    return pw.item("strategy", spec.strategy()).itemIf("build", "left", spec.buildLeft());
  }

  /** The interval as EXPLAIN shows it: {@code lower <= l - r <= upper}, or column bounds. */
  private String boundText(JoinSpec.IntervalBounds bounds) {
    String l = "$" + bounds.leftTime();
    String r = "$" + (leftWidth() + bounds.rightTime());
    if (bounds.leftUntil() == null && bounds.rightUntil() == null) {
      return bounds.lowerMillis() + "ms <= " + l + " - " + r + " <= " + bounds.upperMillis() + "ms";
    }
    String lower =
        bounds.leftUntil() != null
            ? r + " <= " + columnText(bounds.leftUntil(), 0)
            : bounds.lowerMillis() + "ms <= " + l + " - " + r;
    String upper =
        bounds.rightUntil() != null
            ? l + " <= " + columnText(bounds.rightUntil(), leftWidth())
            : l + " - " + r + " <= " + bounds.upperMillis() + "ms";
    return lower + ", " + upper;
  }

  private static String columnText(JoinSpec.ColumnBound bound, int shift) {
    String column = "$" + (bound.column() + shift);
    return bound.offsetMillis() == 0
        ? column
        : column
            + (bound.offsetMillis() > 0 ? " + " : " - ")
            + Math.abs(bound.offsetMillis())
            + "ms";
  }

  private int leftWidth() {
    return left.getRowType().getFieldCount();
  }

  /** The operator's name: which kind of join this is. */
  @Override
  public String getRelTypeName() {
    return switch (spec.strategy()) {
      case LOOKUP -> "StreamLookupJoin";
      case INTERVAL -> spec.bounds().isWindowJoin() ? "StreamWindowJoin" : "StreamIntervalJoin";
      case REGULAR -> "StreamRegularJoin";
      case SNAPSHOT -> "SnapshotHashJoin";
      case TEMPORAL -> "StreamTemporalJoin";
    };
  }

  @Override
  public StateInfo state() {
    return switch (spec.strategy()) {
      case LOOKUP ->
          lookupTable() != null
              ? new StateInfo(
                  "rows of "
                      + (spec.buildLeft() ? "left" : "right")
                      + " table '"
                      + lookupTable().scan().relation().name()
                      + "' looked up by each batch's keys",
                  "its 'lookup.cache' (none by default)")
              : new StateInfo(
                  (spec.buildLeft() ? "left" : "right") + " table",
                  "rebuilt when its files change");
      case INTERVAL ->
          spec.bounds().isWindowJoin()
              ? new StateInfo(
                  "both sides",
                  spec.bounds().left().procTime()
                      ? "until the wall clock passes the window"
                      : "until the watermark passes the window")
              : new StateInfo("both sides", "until the watermark passes the bound");
      case REGULAR ->
          new StateInfo(
              spec.kind() == JoinSpec.JoinKind.INNER
                  ? "both sides"
                  : "both sides, with match counts of the preserved side's rows",
              "unbounded: no time bound lets the watermark drop rows");
      case SNAPSHOT -> new StateInfo("both inputs", "until end of input");
      case TEMPORAL ->
          new StateInfo(
              "left rows and right versions",
              "left rows until the watermark passes them; versions until a newer one is valid at"
                  + " the watermark");
    };
  }

  /**
   * A regular join takes updating inputs (a retracted row is taken out of its side and its joined
   * rows retracted); every other join needs inserts.
   */
  @Override
  public boolean requiresInsertOnlyInput() {
    return spec.strategy() != Strategy.REGULAR;
  }

  @Override
  public <R> R accept(SluiceRelVisitor<R> visitor) {
    return visitor.visit(this);
  }

  /**
   * The table side of a lookup join when its connector looks it up by key (a jdbc table), possibly
   * filtered and projected: the join then reads each batch's keys from it instead of holding it
   * whole. Null otherwise.
   */
  public @Nullable LookupTable lookupTable() {
    if (spec.strategy() != Strategy.LOOKUP) {
      return null;
    }
    return spec.buildLeft()
        ? LookupTable.of(left, spec.leftKeys())
        : LookupTable.of(right, spec.rightKeys());
  }

  /** The strategy, for the translator. */
  public Strategy strategy() {
    return spec.strategy();
  }

  /**
   * Both sides hashed by their equi-keys, so matching rows meet on one subtask; a table joined by
   * lookup goes whole to every subtask (a table looked up by key stays where it is read).
   */
  @Override
  public RelDistribution requiredDistribution(int input) {
    if (spec.strategy() == Strategy.LOOKUP) {
      boolean table = spec.buildLeft() == (input == 0);
      return table && lookupTable() == null
          ? org.apache.calcite.rel.RelDistributions.BROADCAST_DISTRIBUTED
          : org.apache.calcite.rel.RelDistributions.ANY;
    }
    return Distributions.byKeys(input == 0 ? spec.leftKeys() : spec.rightKeys());
  }
}
