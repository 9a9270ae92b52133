package io.sluice.exec.model;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.ModelDefinition;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One operator's hold on a model: the version it scores the current batch with. The driver pins a
 * version at each batch boundary — the model's current one, or, replaying a batch after a crash,
 * the one the checkpoint says the batch used — so a new version takes over between batches, never
 * within one. Used by the query's thread only.
 */
public final class ModelBinding implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelBinding.class);

  private final ModelRegistry registry;
  private final String model;
  private final String id;
  private final List<ColumnType> outputTypes;
  private final int features;
  private OnnxModel pinned;
  private OnnxScorer scorer;
  private String refused;

  ModelBinding(
      ModelRegistry registry, String model, String id, List<ColumnType> outputTypes, int features) {
    this.registry = requireNonNull(registry, "registry is null");
    this.model = requireNonNull(model, "model is null");
    this.id = requireNonNull(id, "id is null");
    this.outputTypes = List.copyOf(outputTypes);
    this.features = features;
  }

  /** The operator's id in its query, e.g. {@code StreamMlPredict#0}. */
  public String id() {
    return id;
  }

  /** The model's name. */
  public String model() {
    return model;
  }

  /**
   * Pins the model's current version for the next batch and returns it. A version whose columns no
   * longer fit the query (the model was created anew with other columns) is not taken: the query
   * keeps the version it has.
   *
   * @throws SluiceException when there is no version to score with at all
   */
  public String pinCurrent() {
    OnnxModel current = registry.acquireCurrent(model);
    if (current == null) {
      if (pinned == null) {
        throw new SluiceException(
            ErrorCode.QUERY_FAILED,
            "ML_PREDICT cannot score with model '" + model + "': " + registry.missingReason(model));
      }
      return pinned.version();
    }
    if (current == pinned) {
      registry.release(model, current);
      return pinned.version();
    }
    if (!fits(current)) {
      registry.release(model, current);
      if (pinned == null) {
        throw new SluiceException(
            ErrorCode.QUERY_FAILED,
            "Model '"
                + model
                + "' now declares other columns than when this query was planned; "
                + "start the query again");
      }
      if (!current.version().equals(refused)) {
        refused = current.version();
        LOG.warn(
            "Query operator {} keeps model {} version {}: version {} declares other columns",
            id,
            model,
            pinned.version(),
            current.version());
      }
      return pinned.version();
    }
    swap(current);
    return pinned.version();
  }

  /**
   * Pins {@code version} for the next batch: a replayed batch scores with the version its first run
   * used.
   *
   * @throws SluiceException when that version is no longer kept
   */
  public void pin(String version) {
    if (pinned != null && pinned.version().equals(version)) {
      return;
    }
    ModelDefinition definition = registry.definition(model);
    if (definition == null && pinned == null) {
      throw new SluiceException(
          ErrorCode.QUERY_FAILED,
          "ML_PREDICT cannot score with model '" + model + "': " + registry.missingReason(model));
    }
    ModelDefinition columns =
        definition != null
            ? definition
            : new ModelDefinition(
                model, pinned.inputs(), pinned.outputs(), java.util.Map.of(), null, "");
    swap(registry.acquireVersion(model, version, columns));
  }

  private void swap(OnnxModel next) {
    OnnxModel previous = pinned;
    pinned = next;
    scorer = null;
    if (previous != null) {
      registry.release(model, previous);
    }
  }

  private boolean fits(OnnxModel candidate) {
    List<Column> outputs = candidate.outputs();
    if (candidate.inputs().size() != features || outputs.size() != outputTypes.size()) {
      return false;
    }
    for (int i = 0; i < outputs.size(); i++) {
      if (outputs.get(i).type() != outputTypes.get(i)) {
        return false;
      }
    }
    return true;
  }

  /** The scorer of the pinned version. */
  public OnnxScorer scorer() {
    if (pinned == null) {
      pinCurrent();
    }
    if (scorer == null) {
      scorer = new OnnxScorer(pinned);
    }
    return scorer;
  }

  /** The pinned version, or null before the first batch. */
  public String pinnedVersion() {
    return pinned == null ? null : pinned.version();
  }

  @Override
  public void close() {
    if (pinned != null) {
      registry.release(model, pinned);
      pinned = null;
      scorer = null;
    }
  }
}
