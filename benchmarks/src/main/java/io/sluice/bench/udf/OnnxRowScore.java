package io.sluice.bench.udf;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sluice.function.ScalarFunction;
import java.util.Map;

/**
 * {@code row_score(f0, …, f9)}: an ONNX model called one row at a time from a scalar function, as a
 * user would wrap a model without ML_PREDICT — the baseline of {@code MlPredictBenchmark}. The
 * model is the one last given to {@link #use}, shared by all instances (one session, one thread for
 * each call, like ML_PREDICT's default).
 */
public final class OnnxRowScore implements ScalarFunction {
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
  private static volatile OrtSession session;
  private static volatile String inputName;

  /** Makes every {@code row_score} call score with {@code model}, closing the one before. */
  public static synchronized void use(byte[] model) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(1);
    options.setInterOpNumThreads(1);
    OrtSession opened = ENV.createSession(model, options);
    OrtSession previous = session;
    inputName = opened.getInputNames().iterator().next();
    session = opened;
    if (previous != null) {
      previous.close();
    }
  }

  public double eval(
      double f0,
      double f1,
      double f2,
      double f3,
      double f4,
      double f5,
      double f6,
      double f7,
      double f8,
      double f9) {
    float[][] row = {
      {
        (float) f0,
        (float) f1,
        (float) f2,
        (float) f3,
        (float) f4,
        (float) f5,
        (float) f6,
        (float) f7,
        (float) f8,
        (float) f9
      }
    };
    try (OnnxTensor features = OnnxTensor.createTensor(ENV, row);
        OrtSession.Result result = session.run(Map.of(inputName, features))) {
      return ((float[][]) result.get(0).getValue())[0][0];
    } catch (OrtException e) {
      throw new IllegalStateException("The model failed on a row: " + e.getMessage(), e);
    }
  }
}
