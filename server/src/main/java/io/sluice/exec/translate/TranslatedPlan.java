package io.sluice.exec.translate;

import static java.util.Objects.requireNonNull;

import io.sluice.exec.model.ModelBinding;
import io.sluice.exec.operator.Operator;
import io.sluice.exec.operator.OperatorStates;
import java.util.List;

/**
 * A physical plan turned into operators: the root, the scans its leaves read, the tables its lookup
 * joins read by key, its stateful operators under their ids, and the models its ML_PREDICT
 * operators score with.
 *
 * @param singleRoot every row of the result comes out of subtask 0 (a LIMIT, ORDER BY or global
 *     aggregate at the top)
 */
public record TranslatedPlan(
    Operator root,
    List<ScanSpec> scans,
    List<LookupSpec> lookups,
    OperatorStates states,
    List<ModelBinding> models,
    boolean singleRoot) {
  public TranslatedPlan {
    requireNonNull(root, "root is null");
    scans = List.copyOf(scans);
    lookups = List.copyOf(lookups);
    requireNonNull(states, "states is null");
    models = List.copyOf(models);
  }
}
