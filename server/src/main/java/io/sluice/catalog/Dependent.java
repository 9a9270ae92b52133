package io.sluice.catalog;

import static java.util.Objects.requireNonNull;

/**
 * A catalog object that uses another: a view, materialized view or sink reading a relation or
 * calling a function, or a stream sending its late rows into another.
 *
 * @param kind how messages name it: "view", "materialized view", "sink", "stream"
 * @param name its name as declared
 */
public record Dependent(String kind, String name) {
  public Dependent {
    requireNonNull(kind, "kind is null");
    requireNonNull(name, "name is null");
  }

  @Override
  public String toString() {
    return kind + " '" + name + "'";
  }
}
