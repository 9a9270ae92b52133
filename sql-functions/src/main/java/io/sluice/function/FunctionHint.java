package io.sluice.function;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares what a user-defined table function returns, as Flink's annotation of the same name: on
 * the class (every {@code eval}) or on one {@code eval} method, e.g. {@code @FunctionHint(output
 * = @DataTypeHint("ROW<word STRING, length INT>"))}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface FunctionHint {
  /** The type of one collected row. */
  DataTypeHint output();
}
