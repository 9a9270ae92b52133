package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

/**
 * Base of operators with one input: finishing, state figures and closing pass through to the input;
 * subclasses add their own where they have any.
 */
public abstract class SingleInputOperator implements Operator {
  protected final Operator input;

  protected SingleInputOperator(Operator input) {
    this.input = requireNonNull(input, "input is null");
  }

  @Override
  public boolean isFinished() {
    return input.isFinished();
  }

  @Override
  public long stateRows() {
    return input.stateRows();
  }

  @Override
  public long stateBytes() {
    return input.stateBytes();
  }

  @Override
  public long lateRows() {
    return input.lateRows();
  }

  @Override
  public void close() {
    input.close();
  }
}
