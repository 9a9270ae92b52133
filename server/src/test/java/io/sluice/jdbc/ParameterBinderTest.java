package io.sluice.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.avatica.ColumnMetaData.Rep;
import org.apache.calcite.avatica.remote.TypedValue;
import org.junit.jupiter.api.Test;

/** Values bound into a statement's text read back as exactly the values sent. */
class ParameterBinderTest {
  private static String bind(String sql, TypedValue... values) {
    return ParameterBinder.bind(sql, Arrays.asList(values), List.of());
  }

  @Test
  void negativeNumbersCannotTurnIntoComments() {
    assertThat(bind("SELECT a -? FROM t", TypedValue.create(Rep.LONG.name(), -5L)))
        .isEqualTo("SELECT a -(-5) FROM t");
    assertThat(bind("SELECT a -?", TypedValue.create(Rep.NUMBER.name(), new BigDecimal("-1.50"))))
        .isEqualTo("SELECT a -(-1.50)");
    assertThat(bind("SELECT a -?", TypedValue.create(Rep.DOUBLE.name(), -2.5)))
        .isEqualTo("SELECT a -CAST((-2.5E0) AS DOUBLE)");
  }

  @Test
  void extremesAndSpecialValuesHaveLiterals() {
    assertThat(bind("?", TypedValue.create(Rep.LONG.name(), Long.MIN_VALUE)))
        .isEqualTo("CAST(-9223372036854775808 AS BIGINT)");
    assertThat(bind("?", TypedValue.create(Rep.LONG.name(), Long.MAX_VALUE)))
        .isEqualTo("9223372036854775807");
    assertThat(bind("?", TypedValue.create(Rep.DOUBLE.name(), Double.NaN)))
        .isEqualTo("CAST('NaN' AS DOUBLE)");
    assertThat(bind("?", TypedValue.create(Rep.FLOAT.name(), 0.1f)))
        .isEqualTo("CAST(0.1E0 AS REAL)");
  }

  @Test
  void dateTimeValuesAreWallClockLiteralsWhateverTheServersZone() {
    assertThat(bind("?", TypedValue.create(Rep.JAVA_SQL_DATE.name(), 20455)))
        .isEqualTo("DATE '2026-01-02'");
    assertThat(bind("?", TypedValue.create(Rep.JAVA_SQL_TIME.name(), 45_296_789)))
        .isEqualTo("TIME '12:34:56.789'");
    assertThat(bind("?", TypedValue.create(Rep.JAVA_SQL_TIMESTAMP.name(), -1L)))
        .isEqualTo("TIMESTAMP '1969-12-31 23:59:59.999'");
  }

  @Test
  void nullsTakeTheParametersTypeAndQuotesAndCommentsKeepTheirMarks() {
    assertThat(
            ParameterBinder.bind(
                "SELECT '?', \"?\" -- ?\n, ?",
                Arrays.asList((TypedValue) null),
                List.of(Column.of("?1", ColumnType.BIGINT))))
        .isEqualTo("SELECT '?', \"?\" -- ?\n, CAST(NULL AS BIGINT)");
    assertThat(bind("SELECT ?", TypedValue.create(Rep.STRING.name(), "o'hara")))
        .isEqualTo("SELECT 'o''hara'");
    assertThatThrownBy(() -> bind("SELECT ?, ?", TypedValue.create(Rep.LONG.name(), 1L)))
        .hasMessage("No value given for parameter 2");
  }
}
