package io.sluice.function;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A SQL type in Flink's spelling, e.g. {@code "ROW<word STRING, length INT>"}, {@code "BIGINT"} or
 * {@code "DECIMAL(10, 2)"}; used inside {@link FunctionHint}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface DataTypeHint {
  String value();
}
