package io.sluice.exec.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.plan.spec.AggregateCallSpec;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.error.SluiceException;
import io.sluice.spi.type.ColumnType;
import io.sluice.sql.function.SqlUserAggregateFunction;
import io.sluice.sql.function.UserAggregate;
import io.sluice.testing.udf.Longest;
import io.sluice.testing.udf.WeightedAvg;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.junit.jupiter.api.Test;

/**
 * A user-defined aggregate function's accumulators as an aggregate operator drives them: rows
 * accumulated and retracted (the contract an aggregate over an updating input uses), groups merged
 * (sessions), and each group's accumulator written to and read back from a checkpoint.
 */
class UserAggregateAccumulatorTest {
  @Test
  void retractTakesRowsBackOutOfTheirGroups() {
    Accumulator accumulator = Accumulators.create(weightedAvg());
    assertThat(accumulator.canRetract()).isTrue();
    accumulator.ensureGroups(2);
    // (value, weight): group 0 gets (10, 1), (20, 3), (99, NULL: skipped); group 1 gets (5, 2).
    Batch rows = rows(new Long[] {10L, 20L, 99L, 5L}, new Long[] {1L, 3L, null, 2L});
    accumulator.accumulate(rows, new int[] {0, 1, 2, 3}, new int[] {0, 0, 0, 1}, 4);
    assertThat(values(accumulator, 2)).containsExactly(17.5, 5.0);

    accumulator.retract(rows, new int[] {1, 2}, new int[] {0, 0}, 2);
    assertThat(values(accumulator, 2)).containsExactly(10.0, 5.0);
    accumulator.retract(rows, new int[] {0}, new int[] {0}, 1);
    // Everything retracted: the weight is 0 again, and getValue says NULL.
    assertThat(values(accumulator, 2)).containsExactly(null, 5.0);
  }

  @Test
  void aFunctionWithoutRetractCannotRetract() {
    UserAggregate longest = UserAggregate.of("longest", Longest.class, SqlParserPos.ZERO);
    SqlUserAggregateFunction function =
        new SqlUserAggregateFunction(longest, longest.accumulate().get(0));
    assertThat(function.retract()).isEmpty();
    AggregateCallSpec call =
        new AggregateCallSpec(
            AggregateCallSpec.Function.USER,
            0,
            -1,
            ColumnType.VARCHAR,
            ColumnType.VARCHAR,
            -1,
            "lg",
            List.of(0),
            List.of(ColumnType.VARCHAR),
            function,
            false);
    assertThat(Accumulators.create(call).canRetract()).isFalse();
    assertThat(call.retractionRefusal())
        .contains("aggregate function longest", Longest.class.getName(), "retract(State, String)");
  }

  @Test
  void mergeCombinesGroupsAndCheckpointsRestoreThem() throws Exception {
    Accumulator accumulator = Accumulators.create(weightedAvg());
    accumulator.ensureGroups(3);
    Batch rows = rows(new Long[] {10L, 20L, 30L}, new Long[] {1L, 1L, 2L});
    accumulator.accumulate(rows, new int[] {0, 1, 2}, new int[] {0, 1, 2}, 3);
    accumulator.merge(1, 0);
    accumulator.merge(2, 0);
    assertThat(values(accumulator, 3)).containsExactly(22.5, null, null);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      accumulator.writeState(out, 0);
      accumulator.writeState(out, 1);
    }
    Accumulator restored = Accumulators.create(weightedAvg());
    restored.ensureGroups(2);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      restored.readState(in, 0);
      restored.readState(in, 1);
    }
    assertThat(values(restored, 2)).containsExactly(22.5, null);
    // The restored accumulator goes on accumulating.
    restored.accumulate(rows(new Long[] {0L}, new Long[] {1L}), new int[] {0}, new int[] {0}, 1);
    assertThat(values(restored, 1)).containsExactly(18.0);
  }

  @Test
  void aFieldTheCheckpointLacksKeepsItsInitialValue() throws Exception {
    // A checkpoint written before the class had its weight field.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      byte[] json = "{\"sum\": 30}".getBytes(StandardCharsets.UTF_8);
      out.writeBoolean(true);
      out.writeInt(json.length);
      out.write(json);
    }
    Accumulator accumulator = Accumulators.create(weightedAvg());
    accumulator.ensureGroups(1);
    accumulator.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), 0);
    accumulator.accumulate(
        rows(new Long[] {10L}, new Long[] {2L}), new int[] {0}, new int[] {0}, 1);
    assertThat(values(accumulator, 1)).containsExactly(25.0);
  }

  @Test
  void aCheckpointTheClassCannotReadNamesTheFunction() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      byte[] json = "{\"sum\": 1, \"weight\": 1, \"count\": 4}".getBytes(StandardCharsets.UTF_8);
      out.writeBoolean(true);
      out.writeInt(json.length);
      out.write(json);
    }
    Accumulator accumulator = Accumulators.create(weightedAvg());
    accumulator.ensureGroups(1);
    assertThatThrownBy(
            () ->
                accumulator.readState(
                    new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), 0))
        .isInstanceOf(SluiceException.class)
        .hasMessageContainingAll(
            "aggregate function weighted_avg",
            WeightedAvg.class.getName(),
            "can no longer read",
            "count");
  }

  private static AggregateCallSpec weightedAvg() {
    UserAggregate aggregate =
        UserAggregate.of("weighted_avg", WeightedAvg.class, SqlParserPos.ZERO);
    SqlUserAggregateFunction function =
        new SqlUserAggregateFunction(aggregate, aggregate.accumulate().get(0));
    return new AggregateCallSpec(
        AggregateCallSpec.Function.USER,
        0,
        -1,
        ColumnType.BIGINT,
        ColumnType.DOUBLE,
        -1,
        "wavg",
        List.of(0, 1),
        List.of(ColumnType.BIGINT, ColumnType.INTEGER),
        function,
        function.retract().isPresent());
  }

  /** A batch of a BIGINT and an INTEGER column. */
  private static Batch rows(Long[] values, Long[] weights) {
    ColumnVector value = ColumnVector.allocate(ColumnType.BIGINT, values.length);
    ColumnVector weight = ColumnVector.allocate(ColumnType.INTEGER, values.length);
    for (int i = 0; i < values.length; i++) {
      set(value, i, values[i]);
      set(weight, i, weights[i]);
    }
    return new Batch(new ColumnVector[] {value, weight}, values.length);
  }

  private static void set(ColumnVector column, int row, Long value) {
    if (value == null) {
      column.setNull(row);
    } else {
      column.setObject(row, value);
    }
  }

  /** Each group's current result, as the operator writes it into its output. */
  private static List<Object> values(Accumulator accumulator, int groups) {
    ColumnVector out = ColumnVector.allocate(ColumnType.DOUBLE, groups);
    java.util.ArrayList<Object> values = new java.util.ArrayList<>();
    for (int g = 0; g < groups; g++) {
      accumulator.write(g, out, g);
      values.add(out.isNull(g) ? null : out.getObject(g));
    }
    return values;
  }
}
