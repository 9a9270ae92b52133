package io.sluice.exec.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.batch.ObjectVector;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/** Long IN and NOT IN chains become set lookups, with the rows and NULLs of the comparisons. */
class InListRewriterTest {
  private final JavaTypeFactoryImpl types = new JavaTypeFactoryImpl();
  private final RexBuilder rex = new RexBuilder(types);
  private final RelDataType bigint =
      types.createTypeWithNullability(types.createSqlType(SqlTypeName.BIGINT), true);
  private final RelDataType varchar =
      types.createTypeWithNullability(types.createSqlType(SqlTypeName.VARCHAR), true);
  private final RelDataType input = types.builder().add("id", bigint).add("name", varchar).build();

  /** {@code id IN (10, 20, …, 200)}, {@code name NOT IN ('s10', …, 's200')}. */
  private RexProgram program() {
    RexNode id = rex.makeInputRef(bigint, 0);
    RexNode name = rex.makeInputRef(varchar, 1);
    List<RexNode> in = new ArrayList<>();
    List<RexNode> notIn = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      in.add(
          rex.makeCall(
              SqlStdOperatorTable.EQUALS, id, rex.makeBigintLiteral(BigDecimal.valueOf(i * 10))));
      notIn.add(rex.makeCall(SqlStdOperatorTable.NOT_EQUALS, name, rex.makeLiteral("s" + i * 10)));
    }
    return RexProgram.create(
        input,
        List.of(RexUtil.composeDisjunction(rex, in), RexUtil.composeConjunction(rex, notIn)),
        null,
        List.of("in_list", "not_in_list"),
        rex);
  }

  @Test
  void chainsBecomeLookups() {
    RexProgram rewritten = InListRewriter.rewrite(program(), rex);
    assertThat(rewritten.toString())
        .contains("SLUICE_IN_LIST_CONTAINSLONG")
        .contains("SLUICE_IN_LIST_CONTAINSSTRING")
        .doesNotContain("=(");
    assertThat(rewritten.getExprCount()).isLessThan(20);
  }

  @Test
  void lookupsGiveWhatComparisonsGive() {
    LongVector ids = new LongVector(4);
    ObjectVector names = new ObjectVector(4);
    long[] values = {10, 15, 200, 0};
    String[] words = {"s10", "s15", "s200", null};
    for (int i = 0; i < 4; i++) {
      ids.set(i, values[i]);
      names.set(i, words[i]);
    }
    ids.setNull(3);
    Batch batch = new Batch(new ColumnVector[] {ids, names}, 4);
    assertThat(run(CalcCompiler.compileBoth(program(), types), batch))
        .containsExactly("1 0", "0 1", "1 0", "null null");
  }

  private List<String> run(CompiledCalc calc, Batch batch) {
    ColumnVector[] out = {new LongVector(4), new LongVector(4)};
    int[] selection = new int[4];
    QueryDataContext context = new QueryDataContext(types, new AtomicBoolean());
    int produced = calc.kernelFor(batch).apply(context, batch, out, selection);
    return IntStream.range(0, produced)
        .mapToObj(i -> out[0].getObject(i) + " " + out[1].getObject(i))
        .toList();
  }
}
