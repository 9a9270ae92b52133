package io.sluice.exec.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.exec.codegen.CalcCompiler;
import io.sluice.exec.codegen.QueryDataContext;
import io.sluice.plan.spec.JoinSpec;
import io.sluice.plan.spec.JoinSpec.ColumnBound;
import io.sluice.plan.spec.JoinSpec.IntervalBounds;
import io.sluice.plan.spec.JoinSpec.JoinKind;
import io.sluice.plan.spec.JoinSpec.JoinTime;
import io.sluice.plan.spec.JoinSpec.Strategy;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.type.ColumnType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiPredicate;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An inner interval join emits, batch by batch, exactly the rows and the order of the plain
 * definition: each new right row with the left rows held before it, then each new left row with the
 * right rows held before it and the new ones, every side in arrival order, the condition checked on
 * every pair, nothing ever evicted. The order matters downstream (a top-N breaks ties by arrival).
 * The operator evicts, and does not index new right rows that cannot meet a later left row; neither
 * may change a row or the order.
 */
class IntervalJoinOrderTest {
  /** A NULL key or time in the test's rows. */
  private static final long NULL = Long.MIN_VALUE;

  private static final List<ColumnType> TYPES =
      List.of(
          ColumnType.BIGINT,
          ColumnType.BIGINT,
          ColumnType.BIGINT,
          ColumnType.BIGINT,
          ColumnType.BIGINT,
          ColumnType.BIGINT);

  private final JavaTypeFactoryImpl types = new JavaTypeFactoryImpl();
  private final RexBuilder rex = new RexBuilder(types);
  private final RelDataType bigint =
      types.createTypeWithNullability(types.createSqlType(SqlTypeName.BIGINT), true);

  /** Left and right rows are (key, time, until): the joined row's six columns. */
  private RexNode ref(int column) {
    return rex.makeInputRef(bigint, column);
  }

  private RexNode plus(RexNode value, long constant) {
    return rex.makeCall(
        SqlStdOperatorTable.PLUS, value, rex.makeBigintLiteral(new java.math.BigDecimal(constant)));
  }

  private RexNode atMost(RexNode a, RexNode b) {
    return rex.makeCall(SqlStdOperatorTable.LESS_THAN_OR_EQUAL, a, b);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void constantBoundsGiveThePlainDefinitionsRowsInItsOrder(long seed) {
    // l.time - 3 <= r.time <= l.time + 5, i.e. -5 <= l - r <= 3
    RexNode condition =
        rex.makeCall(
            SqlStdOperatorTable.AND,
            atMost(plus(ref(1), -3), ref(4)),
            atMost(ref(4), plus(ref(1), 5)));
    IntervalBounds bounds = new IntervalBounds(JoinTime.eventTime(1), JoinTime.eventTime(1), -5, 3);
    check(seed, condition, bounds, (l, r) -> l[1] - 3 <= r[1] && r[1] <= l[1] + 5);
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18})
  void aColumnBoundGivesThePlainDefinitionsRowsInItsOrder(long seed) {
    // Nexmark q9's shape: r.time BETWEEN l.time AND l.until
    RexNode condition =
        rex.makeCall(SqlStdOperatorTable.AND, atMost(ref(1), ref(4)), atMost(ref(4), ref(2)));
    IntervalBounds bounds =
        new IntervalBounds(
            JoinTime.eventTime(1),
            JoinTime.eventTime(1),
            Long.MIN_VALUE,
            0,
            new ColumnBound(2, 0),
            null);
    check(seed, condition, bounds, (l, r) -> l[1] <= r[1] && r[1] <= l[2]);
  }

  @ParameterizedTest
  @ValueSource(longs = {21, 22, 23, 24, 25, 26, 27, 28})
  void aColumnBoundOnTheRightGivesThePlainDefinitionsRowsInItsOrder(long seed) {
    // l.time BETWEEN r.time AND r.until: right rows are held by their own deadline
    RexNode condition =
        rex.makeCall(SqlStdOperatorTable.AND, atMost(ref(4), ref(1)), atMost(ref(1), ref(5)));
    IntervalBounds bounds =
        new IntervalBounds(
            JoinTime.eventTime(1),
            JoinTime.eventTime(1),
            0,
            Long.MAX_VALUE,
            null,
            new ColumnBound(2, 0));
    check(seed, condition, bounds, (l, r) -> r[1] <= l[1] && l[1] <= r[2]);
  }

  private void check(
      long seed, RexNode condition, IntervalBounds bounds, BiPredicate<long[], long[]> matches) {
    Random random = new Random(seed);
    HandedBatches left = new HandedBatches();
    HandedBatches right = new HandedBatches();
    RelDataType rowType =
        types
            .builder()
            .add("lk", bigint)
            .add("lt", bigint)
            .add("lu", bigint)
            .add("rk", bigint)
            .add("rt", bigint)
            .add("rid", bigint)
            .build();
    RexProgram program =
        RexProgram.create(rowType, List.of(), condition, types.builder().build(), rex);
    JoinOperator join =
        new JoinOperator(
            left,
            right,
            new JoinSpec(
                JoinKind.INNER, Strategy.INTERVAL, new int[] {0}, new int[] {0}, false, bounds),
            CalcCompiler.compileBoth(program, types),
            new QueryDataContext(types, new AtomicBoolean()),
            TYPES,
            3);

    List<long[]> heldLeft = new ArrayList<>();
    List<long[]> heldRight = new ArrayList<>();
    long watermark = MicroBatch.NO_WATERMARK;
    long frontier = 0;
    for (int b = 0; b < 60; b++) {
      List<long[]> newLeft = new ArrayList<>();
      List<long[]> newRight = new ArrayList<>();
      long[][] leftRows = rows(random, frontier, 1 + random.nextInt(8));
      long[][] rightRows = rows(random, frontier, random.nextInt(30));
      // a row without a time never matches; one behind the watermark is late
      for (long[] row : leftRows) {
        if (row[1] != NULL && row[1] >= watermark) {
          newLeft.add(row);
        }
      }
      for (long[] row : rightRows) {
        if (row[1] != NULL && row[1] >= watermark) {
          newRight.add(row);
        }
      }
      frontier += random.nextInt(6);
      long after = Math.max(watermark, frontier - random.nextInt(4));
      left.hand(batch(leftRows));
      right.hand(batch(rightRows));
      Batch out = join.next(new MicroBatch(b, List.of(), watermark, after, false, 0));

      List<String> expected = new ArrayList<>();
      for (long[] r : newRight) {
        for (long[] l : heldLeft) {
          if (l[0] != NULL && l[0] == r[0] && matches.test(l, r)) {
            expected.add(joined(l, r));
          }
        }
      }
      heldRight.addAll(newRight);
      for (long[] l : newLeft) {
        for (long[] r : heldRight) {
          if (l[0] != NULL && l[0] == r[0] && matches.test(l, r)) {
            expected.add(joined(l, r));
          }
        }
      }
      heldLeft.addAll(newLeft);
      assertThat(out.rows().stream().map(Arrays::toString).toList())
          .as("batch %d, seed %d", b, seed)
          .containsExactlyElementsOf(expected);
      watermark = after;
    }
    // the join really let rows go, or this test would not have seen eviction and unindexed rows
    assertThat(join.stateRows()).isLessThan(heldLeft.size() + heldRight.size());
  }

  /**
   * Rows (key, time, until) with times near the frontier, some of them late; {@link #NULL} stands
   * for a NULL key or time (one row in 20 each).
   */
  private static long[][] rows(Random random, long frontier, int count) {
    long[][] rows = new long[count][];
    for (int i = 0; i < count; i++) {
      long time = frontier - 4 + random.nextInt(12);
      long key = random.nextInt(20) == 0 ? NULL : random.nextInt(4);
      rows[i] = new long[] {key, random.nextInt(20) == 0 ? NULL : time, time + random.nextInt(9)};
    }
    return rows;
  }

  private static Batch batch(long[][] rows) {
    ColumnVector[] columns = new ColumnVector[3];
    for (int c = 0; c < 3; c++) {
      LongVector vector = new LongVector(Math.max(1, rows.length));
      for (int r = 0; r < rows.length; r++) {
        if (rows[r][c] == NULL) {
          vector.setNull(r);
        } else {
          vector.set(r, rows[r][c]);
        }
      }
      columns[c] = vector;
    }
    return new Batch(columns, rows.length);
  }

  private static String joined(long[] left, long[] right) {
    long[] row = new long[6];
    System.arraycopy(left, 0, row, 0, 3);
    System.arraycopy(right, 0, row, 3, 3);
    return Arrays.toString(row);
  }

  /** An input that hands the join whatever batch the test gave it last. */
  private static final class HandedBatches implements Operator {
    private Batch batch;

    void hand(Batch batch) {
      this.batch = batch;
    }

    @Override
    public Batch next(MicroBatch microBatch) {
      return batch;
    }

    @Override
    public void close() {}
  }
}
