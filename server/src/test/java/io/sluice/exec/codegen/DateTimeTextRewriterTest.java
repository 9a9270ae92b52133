package io.sluice.exec.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.batch.ObjectVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.calcite.avatica.util.DateTimeUtils;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/** Casts of DATE and TIME to VARCHAR give Calcite's text, from the last value's when it is due. */
class DateTimeTextRewriterTest {
  private final JavaTypeFactoryImpl types = new JavaTypeFactoryImpl();
  private final RexBuilder rex = new RexBuilder(types);
  private final RelDataType timestamp =
      types.createTypeWithNullability(types.createSqlType(SqlTypeName.TIMESTAMP, 3), true);

  /** {@code CAST(CAST(ts AS DATE) AS VARCHAR)}, {@code CAST(CAST(ts AS TIME) AS VARCHAR)}. */
  private RexProgram program(RelDataType varchar) {
    RexNode ts = rex.makeInputRef(timestamp, 0);
    RexNode day = rex.makeCast(nullable(varchar), rex.makeCast(nullable(SqlTypeName.DATE), ts));
    RexNode time = rex.makeCast(nullable(varchar), rex.makeCast(nullable(SqlTypeName.TIME), ts));
    return RexProgram.create(
        types.builder().add("ts", timestamp).build(),
        List.of(day, time),
        null,
        List.of("day", "time"),
        rex);
  }

  private RelDataType nullable(SqlTypeName type) {
    return nullable(types.createSqlType(type));
  }

  private RelDataType nullable(RelDataType type) {
    return types.createTypeWithNullability(type, true);
  }

  @Test
  void castsToVarcharBecomeCallsAndShortVarcharsStayCasts() {
    RelDataType varchar = types.createSqlType(SqlTypeName.VARCHAR);
    assertThat(DateTimeTextRewriter.rewrite(program(varchar), rex).toString())
        .contains("SLUICE_DATETEXT")
        .contains("SLUICE_TIMETEXT");
    RelDataType short5 = types.createSqlType(SqlTypeName.VARCHAR, 5);
    assertThat(DateTimeTextRewriter.rewrite(program(short5), rex).toString())
        .doesNotContain("SLUICE_");
    RexNode ts = rex.makeInputRef(timestamp, 0);
    RexNode millisTime =
        rex.makeCast(varchar, rex.makeCast(types.createSqlType(SqlTypeName.TIME, 3), ts));
    RexProgram withMillis =
        RexProgram.create(
            types.builder().add("ts", timestamp).build(),
            List.of(millisTime),
            null,
            List.of("time"),
            rex);
    assertThat(DateTimeTextRewriter.rewrite(withMillis, rex).toString()).doesNotContain("SLUICE_");
  }

  @Test
  void rowsGetCalcitesTextWhetherTheyRepeatADayOrSecondOrNot() {
    // in order with long runs of one day and second, then jumping back and forth, NULLs among them
    List<Long> values = new ArrayList<>();
    for (long ms = 1_700_000_000_000L; ms < 1_700_000_000_000L + 3 * 86_400_000L; ms += 997_001) {
      values.add(ms);
      values.add(ms + 1);
    }
    Random random = new Random(7);
    for (int i = 0; i < 2_000; i++) {
      values.add(random.nextLong() % 4_000_000_000_000L);
    }
    values.add(-1L);
    values.add(0L);
    values.add(86_399_999L);
    int count = values.size() + 1;
    LongVector ts = new LongVector(count);
    for (int i = 0; i < values.size(); i++) {
      ts.set(i, values.get(i));
    }
    ts.setNull(values.size());
    Batch batch = new Batch(new ColumnVector[] {ts}, count);
    CompiledCalc calc =
        CalcCompiler.compileBoth(program(types.createSqlType(SqlTypeName.VARCHAR)), types);
    ColumnVector[] out = {new ObjectVector(count), new ObjectVector(count)};
    int produced =
        calc.kernelFor(batch)
            .apply(new QueryDataContext(types, new AtomicBoolean()), batch, out, new int[count]);
    List<String> expected = new ArrayList<>();
    for (long value : values) {
      expected.add(
          DateTimeUtils.unixDateToString((int) Math.floorDiv(value, 86_400_000L))
              + " "
              + DateTimeUtils.unixTimeToString((int) Math.floorMod(value, 86_400_000L)));
    }
    expected.add("null null");
    assertThat(
            IntStream.range(0, produced)
                .mapToObj(i -> out[0].getObject(i) + " " + out[1].getObject(i))
                .toList())
        .containsExactlyElementsOf(expected);
  }
}
