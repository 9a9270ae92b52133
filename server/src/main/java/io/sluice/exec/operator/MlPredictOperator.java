package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

import io.sluice.exec.model.ModelBinding;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.type.ColumnType;
import java.util.List;

/**
 * ML_PREDICT: hands every input row on with the model's outputs appended. The batch's rows are
 * scored together by the version of the model pinned for this batch ({@link ModelBinding}); input
 * columns are passed on as they are.
 */
public final class MlPredictOperator extends SingleInputOperator {
  private final ModelBinding model;
  private final int[] features;
  private final List<ColumnType> outputTypes;

  /**
   * @param features the input columns feeding the model's INPUT columns, in their order
   * @param outputTypes types of the model's OUTPUT columns, appended after the input's
   */
  public MlPredictOperator(
      Operator input, ModelBinding model, int[] features, List<ColumnType> outputTypes) {
    super(input);
    this.model = requireNonNull(model, "model is null");
    this.features = features.clone();
    this.outputTypes = List.copyOf(outputTypes);
  }

  @Override
  public Batch next(MicroBatch microBatch) {
    Batch in = input.next(microBatch);
    ColumnVector[] scored = model.scorer().score(in, features, outputTypes);
    ColumnVector[] out = new ColumnVector[in.columnCount() + scored.length];
    System.arraycopy(in.columns(), 0, out, 0, in.columnCount());
    System.arraycopy(scored, 0, out, in.columnCount(), scored.length);
    return new Batch(out, in.rowCount(), in.rowKinds());
  }

  @Override
  public void close() {
    try {
      model.close();
    } finally {
      super.close();
    }
  }
}
