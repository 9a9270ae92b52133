package io.sluice.exec.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.batch.ObjectVector;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/**
 * Integer-by-DECIMAL-constant arithmetic on unscaled longs gives exactly what BigDecimal gives
 * (value and scale), overflow included, and generated code uses it.
 */
class ScaledDecimalsTest {
  private static final long[] EDGES = {
    0,
    1,
    -1,
    7,
    -7,
    908,
    999_999_999,
    1L << 40,
    -(1L << 40),
    Long.MAX_VALUE / 908,
    Long.MAX_VALUE / 908 + 1,
    Long.MAX_VALUE / 1000,
    Long.MAX_VALUE,
    Long.MIN_VALUE,
    Long.MIN_VALUE + 1,
    Long.MAX_VALUE - 1
  };

  private static List<Long> values() {
    List<Long> values = new ArrayList<>();
    for (long edge : EDGES) {
      values.add(edge);
    }
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 2_000; i++) {
      values.add(i % 2 == 0 ? random.nextLong() : random.nextLong(-1_000_000_000L, 1_000_000_000L));
    }
    return values;
  }

  @Test
  void resultsEqualBigDecimalArithmetic() {
    List<Long> values = values();
    int[] scales = {0, 1, 3, 10, 18};
    for (long value : values) {
      for (long unscaled : values) {
        if (unscaled % 97 != 0 && unscaled != Long.MIN_VALUE && unscaled != Long.MAX_VALUE) {
          continue;
        }
        for (int scale : scales) {
          BigDecimal constant = BigDecimal.valueOf(unscaled, scale);
          BigDecimal integer = new BigDecimal(value);
          assertThat(ScaledDecimals.multiply(value, unscaled, scale))
              .isEqualTo(constant.multiply(integer));
          assertThat(ScaledDecimals.add(value, unscaled, scale)).isEqualTo(integer.add(constant));
          assertThat(ScaledDecimals.subtract(value, unscaled, scale))
              .isEqualTo(integer.subtract(constant));
          assertThat(ScaledDecimals.subtractFrom(value, unscaled, scale))
              .isEqualTo(constant.subtract(integer));
        }
      }
    }
  }

  @Test
  void generatedCodeComputesOnLongsWithTheSameResults() {
    JavaTypeFactoryImpl types = new JavaTypeFactoryImpl();
    RexBuilder rex = new RexBuilder(types);
    RelDataType bigint =
        types.createTypeWithNullability(types.createSqlType(SqlTypeName.BIGINT), true);
    RelDataType input = types.builder().add("price", bigint).build();
    RexNode price = rex.makeInputRef(bigint, 0);
    RexNode constant = rex.makeExactLiteral(new BigDecimal("0.908"));
    RexNode times = rex.makeCall(SqlStdOperatorTable.MULTIPLY, constant, price);
    RexNode minus = rex.makeCall(SqlStdOperatorTable.MINUS, constant, price);
    RexProgram program =
        RexProgram.create(input, List.of(times, minus), null, List.of("times", "minus"), rex);
    assertThat(
            CalcCompiler.generateSource(
                "Probe", ScaledDecimalRewriter.rewrite(program, rex), types))
        .contains("ScaledDecimals.multiply(")
        .contains("ScaledDecimals.subtractFrom(")
        .doesNotContain("new java.math.BigDecimal(");

    CompiledCalc calc = CalcCompiler.compileBoth(program, types);
    long[] prices = {100, -3, Long.MAX_VALUE, 0};
    LongVector vector = new LongVector(5);
    for (int i = 0; i < prices.length; i++) {
      vector.set(i, prices[i]);
    }
    vector.setNull(4);
    Batch batch = new Batch(new ColumnVector[] {vector}, 5);
    ColumnVector[] out = {new ObjectVector(5), new ObjectVector(5)};
    int produced =
        calc.kernelFor(batch)
            .apply(new QueryDataContext(types, new AtomicBoolean()), batch, out, new int[5]);
    assertThat(produced).isEqualTo(5);
    for (int i = 0; i < prices.length; i++) {
      BigDecimal expected = new BigDecimal("0.908").multiply(new BigDecimal(prices[i]));
      assertThat(out[0].getObject(i)).isEqualTo(expected);
      assertThat(out[1].getObject(i))
          .isEqualTo(new BigDecimal("0.908").subtract(new BigDecimal(prices[i])));
    }
    assertThat(out[0].getObject(4)).isNull();
    assertThat(out[1].getObject(4)).isNull();
  }
}
