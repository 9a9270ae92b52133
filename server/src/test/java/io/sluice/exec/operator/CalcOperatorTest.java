package io.sluice.exec.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.exec.codegen.CalcCompiler;
import io.sluice.exec.codegen.CalcSplit;
import io.sluice.exec.codegen.QueryDataContext;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.batch.ObjectVector;
import io.sluice.spi.changelog.RowKind;
import io.sluice.spi.type.ColumnType;
import java.math.BigDecimal;
import java.util.Arrays;
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

/** Calcs hand on input columns without copying them, and gather them when rows are dropped. */
class CalcOperatorTest {
  private final JavaTypeFactoryImpl types = new JavaTypeFactoryImpl();
  private final RexBuilder rex = new RexBuilder(types);
  private final RelDataType bigint =
      types.createTypeWithNullability(types.createSqlType(SqlTypeName.BIGINT), true);
  private final RelDataType varchar =
      types.createTypeWithNullability(types.createSqlType(SqlTypeName.VARCHAR), true);
  private final RelDataType input =
      types.builder().add("price", bigint).add("name", varchar).build();
  private final QueryDataContext context = new QueryDataContext(types, new AtomicBoolean());

  private LongVector prices;
  private ObjectVector names;

  /** Rows (5, a), (20, NULL), (NULL, c), (11, d). */
  private Batch batch(byte[] kinds) {
    prices = new LongVector(4);
    names = new ObjectVector(4);
    long[] values = {5, 20, 0, 11};
    String[] words = {"a", null, "c", "d"};
    for (int i = 0; i < 4; i++) {
      prices.set(i, values[i]);
      names.set(i, words[i]);
    }
    prices.setNull(2);
    return new Batch(new ColumnVector[] {prices, names}, 4, kinds);
  }

  private CalcOperator calc(List<RexNode> projects, RexNode condition, Batch in) {
    RexProgram program =
        RexProgram.create(
            input, projects, condition, List.of("a", "b", "c").subList(0, projects.size()), rex);
    CalcSplit split = CalcSplit.of(program, rex);
    List<ColumnType> outputs =
        program.getOutputRowType().getFieldList().stream()
            .map(
                f ->
                    f.getType().getSqlTypeName() == SqlTypeName.VARCHAR
                        ? ColumnType.VARCHAR
                        : ColumnType.BIGINT)
            .toList();
    Operator source =
        new Operator() {
          @Override
          public Batch next(MicroBatch microBatch) {
            return in;
          }

          @Override
          public void close() {}
        };
    return new CalcOperator(
        source,
        split.computed() == null ? null : CalcCompiler.compileBoth(split.computed(), types),
        split.sources(),
        outputs,
        context,
        "test");
  }

  private static List<String> rows(Batch batch) {
    return batch.rows().stream().map(Arrays::toString).toList();
  }

  private static MicroBatch microBatch() {
    return new MicroBatch(0, List.of(), MicroBatch.NO_WATERMARK, MicroBatch.NO_WATERMARK, false, 0);
  }

  @Test
  void unfilteredInputColumnsAreTheInputsVectors() {
    Batch in = batch(null);
    RexNode doubled =
        rex.makeCall(
            SqlStdOperatorTable.MULTIPLY,
            rex.makeInputRef(bigint, 0),
            rex.makeBigintLiteral(BigDecimal.valueOf(2)));
    Batch out =
        calc(List.of(rex.makeInputRef(varchar, 1), doubled, rex.makeInputRef(bigint, 0)), null, in)
            .next(microBatch());
    assertThat(out.column(0)).isSameAs(names);
    assertThat(out.column(2)).isSameAs(prices);
    assertThat(rows(out))
        .containsExactly("[a, 10, 5]", "[null, 40, 20]", "[c, null, null]", "[d, 22, 11]");
  }

  /**
   * A projection of a batch whose columns are deferred (a join's) keeps them deferred: reading some
   * rows of an output column reads those rows of its input column, and nothing else is built.
   */
  @Test
  void aProjectionKeepsDeferredColumnsDeferred() {
    DeferredInput deferred = new DeferredInput(batch(null));
    List<String> reads = deferred.reads;
    Batch in = deferred.batch();
    Batch out =
        calc(List.of(rex.makeInputRef(varchar, 1), rex.makeInputRef(bigint, 0)), null, in)
            .next(microBatch());
    assertThat(reads).isEmpty();
    assertThat(out.hasDeferredColumns()).isTrue();
    assertThat(out.gather(0, new int[] {3, 1}, 2).getObject(1)).isNull();
    assertThat(reads).containsExactly("rows [3, 1] of 1");
    assertThat(rows(out)).containsExactly("[a, 5]", "[null, 20]", "[c, null]", "[d, 11]");
    assertThat(reads).containsExactly("rows [3, 1] of 1", "column 1", "column 0");
    assertThat(out.hasDeferredColumns()).isFalse();
  }

  /**
   * A filter over deferred columns reads its condition's column whole and the columns it hands on
   * for the kept rows only; when every row passes, those stay deferred.
   */
  @Test
  void aFilterReadsDeferredColumnsForTheRowsItKeeps() {
    DeferredInput deferred = new DeferredInput(batch(null));
    List<String> reads = deferred.reads;
    RexNode above =
        rex.makeCall(
            SqlStdOperatorTable.GREATER_THAN,
            rex.makeInputRef(bigint, 0),
            rex.makeBigintLiteral(BigDecimal.valueOf(6)));
    Batch out =
        calc(List.of(rex.makeInputRef(varchar, 1)), above, deferred.batch()).next(microBatch());
    assertThat(rows(out)).containsExactly("[null]", "[d]");
    assertThat(reads).containsExactly("column 0", "rows [1, 3] of 1");

    reads.clear();
    RexNode any = rex.makeCall(SqlStdOperatorTable.IS_NOT_NULL, rex.makeInputRef(varchar, 1));
    RexNode everyRow = rex.makeCall(SqlStdOperatorTable.OR, any, rex.makeLiteral(true));
    Batch all =
        calc(List.of(rex.makeInputRef(bigint, 0)), everyRow, deferred.batch()).next(microBatch());
    assertThat(all.hasDeferredColumns()).isTrue();
    assertThat(reads).doesNotContain("column 0");
    assertThat(all.gather(0, new int[] {3}, 1).getObject(0)).isEqualTo(11L);
  }

  @Test
  void filteredInputColumnsAreGatheredWithTheirNullsAndKinds() {
    byte[] kinds = {
      RowKind.INSERT.toByte(),
      RowKind.UPDATE_AFTER.toByte(),
      RowKind.INSERT.toByte(),
      RowKind.DELETE.toByte()
    };
    Batch in = batch(kinds);
    RexNode condition =
        rex.makeCall(
            SqlStdOperatorTable.GREATER_THAN,
            rex.makeInputRef(bigint, 0),
            rex.makeBigintLiteral(BigDecimal.TEN));
    Batch out =
        calc(List.of(rex.makeInputRef(varchar, 1), rex.makeInputRef(bigint, 0)), condition, in)
            .next(microBatch());
    assertThat(out.column(0)).isNotSameAs(names);
    assertThat(rows(out)).containsExactly("[null, 20]", "[d, 11]");
    assertThat(out.column(0).hasNulls()).isTrue();
    assertThat(out.column(1).hasNulls()).isFalse();
    assertThat(out.rowKind(0)).isEqualTo(RowKind.UPDATE_AFTER);
    assertThat(out.rowKind(1)).isEqualTo(RowKind.DELETE);
  }

  @Test
  void aFilterKeepingEveryRowStillSharesVectors() {
    Batch in = batch(null);
    RexNode condition = rex.makeCall(SqlStdOperatorTable.IS_NOT_NULL, rex.makeInputRef(varchar, 1));
    Batch out =
        calc(
                List.of(rex.makeInputRef(bigint, 0)),
                rex.makeCall(SqlStdOperatorTable.OR, condition, rex.makeLiteral(true)),
                in)
            .next(microBatch());
    assertThat(out.column(0)).isSameAs(prices);
    assertThat(out.rowCount()).isEqualTo(4);
  }
}
