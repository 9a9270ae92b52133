package io.sluice.catalog;

import static java.util.Objects.requireNonNull;

import io.sluice.sql.function.UserFunctionKind;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A user-defined function as the catalog keeps it: {@code CREATE FUNCTION name AS 'class' [USING
 * JAR 'path']}.
 *
 * @param className the function's class
 * @param jar the absolute path of the jar the class is loaded from, or null for the server's class
 *     path
 * @param kind what the class was when the function was created (null in catalogs written before
 *     aggregate and table functions: scalar)
 * @param ddl the statement that created it
 */
public record FunctionDefinition(
    String name,
    String className,
    @Nullable String jar,
    @Nullable UserFunctionKind kind,
    String ddl) {
  public FunctionDefinition {
    requireNonNull(name, "name is null");
    requireNonNull(className, "className is null");
    requireNonNull(ddl, "ddl is null");
    if (kind == null) {
      kind = UserFunctionKind.SCALAR;
    }
  }

  /** A scalar function on the server's class path. */
  public FunctionDefinition(String name, String className, String ddl) {
    this(name, className, null, UserFunctionKind.SCALAR, ddl);
  }
}
