package io.sluice.exec.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.linq4j.tree.Primitive;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/**
 * Integer kernels: MOD of mixed widths always takes the long overload, and narrowing an integer
 * gives Calcite's values and errors without boxing.
 */
class IntegerKernelsTest {
  private final JavaTypeFactoryImpl types = new JavaTypeFactoryImpl();
  private final RexBuilder rex = new RexBuilder(types);
  private final RelDataType bigint = types.createSqlType(SqlTypeName.BIGINT);
  private final RelDataType integer = types.createSqlType(SqlTypeName.INTEGER);
  private final RelDataType input = types.builder().add("auction", bigint).build();

  @Test
  void narrowingMatchesCalcitesCheckedConversion() {
    long[] values = {
      0,
      1,
      -1,
      127,
      128,
      -129,
      32_767,
      32_768,
      Integer.MAX_VALUE,
      Integer.MIN_VALUE,
      Integer.MAX_VALUE + 1L,
      Integer.MIN_VALUE - 1L,
      Long.MAX_VALUE,
      Long.MIN_VALUE
    };
    for (long value : values) {
      assertSame(
          () -> IntegerNarrowing.toInt(value),
          () -> ((Number) Primitive.INT.numberValueRoundDown(value)).intValue());
      assertSame(
          () -> IntegerNarrowing.toShort(value),
          () -> ((Number) Primitive.SHORT.numberValueRoundDown(value)).shortValue());
      assertSame(
          () -> IntegerNarrowing.toByte(value),
          () -> ((Number) Primitive.BYTE.numberValueRoundDown(value)).byteValue());
    }
  }

  private static void assertSame(
      java.util.concurrent.Callable<Object> ours, java.util.concurrent.Callable<Object> calcites) {
    Object expected;
    try {
      expected = calcites.call();
    } catch (Exception e) {
      assertThatThrownBy(ours::call).isInstanceOf(e.getClass()).hasMessage(e.getMessage());
      return;
    }
    try {
      assertThat(ours.call()).isEqualTo(expected);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void modOfMixedWidthsUsesTheLongOverloadWithoutBoxing() throws Exception {
    RexNode mod =
        rex.makeCall(
            SqlStdOperatorTable.MOD,
            rex.makeInputRef(bigint, 0),
            rex.makeExactLiteral(BigDecimal.valueOf(123), integer));
    RexNode condition =
        rex.makeCall(
            SqlStdOperatorTable.EQUALS, mod, rex.makeExactLiteral(BigDecimal.ZERO, integer));
    RexProgram program =
        RexProgram.create(
            input, List.of(rex.makeInputRef(bigint, 0)), condition, List.of("auction"), rex);
    String source =
        CalcCompiler.generateSource("Probe", IntegerModRewriter.rewrite(program, rex), types);
    assertThat(source)
        .contains("SqlFunctions.mod(in0.get(row), 123L)")
        .contains("IntegerNarrowing.toInt(")
        .doesNotContain("BigDecimal")
        .doesNotContain("numberValueRoundDown");

    CompiledCalc calc = CalcCompiler.compileBoth(program, types);
    // 1107, 1230 and -246 are multiples of 123; the others, one beyond an int's range, are not
    long[] auctions = {1000, 1107, 1230, -246, 5_000_000_123L, 1001};
    LongVector vector = new LongVector(auctions.length);
    for (int i = 0; i < auctions.length; i++) {
      vector.set(i, auctions[i]);
    }
    Batch batch = new Batch(new ColumnVector[] {vector}, auctions.length);
    int[] selection = new int[auctions.length];
    int produced =
        calc.kernelFor(batch)
            .apply(
                new QueryDataContext(types, new AtomicBoolean()),
                batch,
                new ColumnVector[] {new LongVector(auctions.length)},
                selection);
    assertThat(java.util.Arrays.copyOf(selection, produced)).containsExactly(1, 2, 3);
  }
}
