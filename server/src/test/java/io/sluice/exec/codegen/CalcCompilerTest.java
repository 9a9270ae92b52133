package io.sluice.exec.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.batch.ObjectVector;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/** Generated calc code: correct over batches, and free of boxing when inputs hold no NULLs. */
class CalcCompilerTest {
  private final JavaTypeFactoryImpl types = new JavaTypeFactoryImpl();
  private final RexBuilder rex = new RexBuilder(types);
  private final RelDataType bigint =
      types.createTypeWithNullability(types.createSqlType(SqlTypeName.BIGINT), true);
  private final RelDataType varchar =
      types.createTypeWithNullability(types.createSqlType(SqlTypeName.VARCHAR), true);
  private final RelDataType input =
      types.builder().add("price", bigint).add("name", varchar).build();

  /** {@code SELECT price * 2, UPPER(name) WHERE price > 10}. */
  private RexProgram program() {
    RexNode price = rex.makeInputRef(bigint, 0);
    RexNode doubled =
        rex.makeCall(
            SqlStdOperatorTable.MULTIPLY,
            price,
            rex.makeBigintLiteral(java.math.BigDecimal.valueOf(2)));
    RexNode upper = rex.makeCall(SqlStdOperatorTable.UPPER, rex.makeInputRef(varchar, 1));
    RexNode condition =
        rex.makeCall(
            SqlStdOperatorTable.GREATER_THAN,
            price,
            rex.makeBigintLiteral(java.math.BigDecimal.TEN));
    return RexProgram.create(
        input, List.of(doubled, upper), condition, List.of("doubled", "upper"), rex);
  }

  @Test
  void kernelWithoutNullsReadsPrimitivesWithoutBoxing() {
    RexProgram rewritten = NonNullInputs.rewrite(program(), types);
    String source = CalcCompiler.generateSource("Probe", rewritten, types);
    assertThat(source)
        .doesNotContain("isNull(")
        .doesNotContain("Long.valueOf")
        .contains("in0.get(row)");
    assertThat(CalcCompiler.generateSource("Probe", program(), types)).contains("isNull(");
  }

  @Test
  void bothKernelsComputeTheSameRows() {
    CompiledCalc calc = CalcCompiler.compileBoth(program(), types);
    LongVector prices = new LongVector(4);
    ObjectVector names = new ObjectVector(4);
    long[] values = {5, 20, 30, 11};
    String[] words = {"a", "b", "c", "d"};
    for (int i = 0; i < 4; i++) {
      prices.set(i, values[i]);
      names.set(i, words[i]);
    }
    assertThat(run(calc, new Batch(new ColumnVector[] {prices, names}, 4)))
        .containsExactly("40 B", "60 C", "22 D");

    names.set(2, null);
    prices.setNull(3);
    assertThat(run(calc, new Batch(new ColumnVector[] {prices, names}, 4)))
        .containsExactly("40 B", "60 null");
  }

  private List<String> run(CompiledCalc calc, Batch batch) {
    ColumnVector[] out = {new LongVector(4), new ObjectVector(4)};
    int[] selection = new int[4];
    QueryDataContext context = new QueryDataContext(types, new AtomicBoolean());
    int produced = calc.kernelFor(batch).apply(context, batch, out, selection);
    return java.util.stream.IntStream.range(0, produced)
        .mapToObj(i -> out[0].getObject(i) + " " + out[1].getObject(i))
        .toList();
  }
}
