package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

/**
 * An operator whose state a checkpoint keeps, under a stable id.
 *
 * @param id the operator's name within its plan, e.g. {@code StreamWindowAggregate#0}: its kind and
 *     its position among stateful operators of that kind
 * @param digest a hash of the operator and everything below it in the plan: state written under one
 *     digest is only read back by an operator with the same
 * @param description the operator as EXPLAIN shows it, for messages
 */
public record StatefulOperator(String id, String digest, String description, Operator operator) {
  public StatefulOperator {
    requireNonNull(id, "id is null");
    requireNonNull(digest, "digest is null");
    requireNonNull(description, "description is null");
    requireNonNull(operator, "operator is null");
  }
}
