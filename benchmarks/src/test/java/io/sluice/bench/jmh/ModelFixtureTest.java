package io.sluice.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The benchmark's two ways of calling a model score the same: it compares like with like. */
class ModelFixtureTest {
  @ParameterizedTest
  @ValueSource(strings = {"logistic-regression", "tree-ensemble"})
  void mlPredictScoresAsTheRowByRowFunction(String model) throws Exception {
    Batch batched;
    Batch rowByRow;
    try (ModelFixture fixture = new ModelFixture(model, true)) {
      batched = fixture.runBatch();
    }
    try (ModelFixture fixture = new ModelFixture(model, false)) {
      rowByRow = fixture.runBatch();
    }
    assertThat(batched.rowCount()).isEqualTo(ModelFixture.ROWS);
    assertThat(rowByRow.rowCount()).isEqualTo(ModelFixture.ROWS);
    ColumnVector a = batched.columns()[0];
    ColumnVector b = rowByRow.columns()[0];
    for (int row = 0; row < ModelFixture.ROWS; row++) {
      assertThat(a.getObject(row)).as("row %s", row).isNotNull();
      assertThat(((Number) a.getObject(row)).doubleValue())
          .as("row %s", row)
          .isCloseTo(((Number) b.getObject(row)).doubleValue(), within(1e-6));
    }
  }
}
