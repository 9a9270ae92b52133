package io.sluice.catalog;

import static java.util.Objects.requireNonNull;

/**
 * A user-defined scalar function as the catalog keeps it: {@code CREATE FUNCTION name AS 'class'}.
 *
 * @param className the class with the public {@code eval} method(s)
 * @param ddl the statement that created it
 */
public record FunctionDefinition(String name, String className, String ddl) {
  public FunctionDefinition {
    requireNonNull(name, "name is null");
    requireNonNull(className, "className is null");
    requireNonNull(ddl, "ddl is null");
  }
}
