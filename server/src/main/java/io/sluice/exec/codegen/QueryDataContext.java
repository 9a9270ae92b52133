package io.sluice.exec.codegen;

import static java.util.Objects.requireNonNull;

import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.schema.SchemaPlus;

/**
 * What generated expression code may ask of its surroundings: the time of the current micro-batch
 * (so CURRENT_TIMESTAMP is the same for every row of a batch, as in Flink and Spark), the session
 * time zone (UTC) and the query's cancel flag.
 */
public final class QueryDataContext implements DataContext {
  private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

  private final JavaTypeFactory typeFactory;
  private final AtomicBoolean cancelFlag;
  private volatile long batchTimeMillis = System.currentTimeMillis();

  public QueryDataContext(JavaTypeFactory typeFactory, AtomicBoolean cancelFlag) {
    this.typeFactory = requireNonNull(typeFactory, "typeFactory is null");
    this.cancelFlag = requireNonNull(cancelFlag, "cancelFlag is null");
  }

  /** Fixes the time CURRENT_TIMESTAMP and friends return during the next batch. */
  public void startBatch(long timeMillis) {
    this.batchTimeMillis = timeMillis;
  }

  @Override
  public SchemaPlus getRootSchema() {
    return null;
  }

  @Override
  public JavaTypeFactory getTypeFactory() {
    return typeFactory;
  }

  @Override
  public QueryProvider getQueryProvider() {
    return null;
  }

  @Override
  public Object get(String name) {
    if (Variable.CURRENT_TIMESTAMP.camelName.equals(name)
        || Variable.LOCAL_TIMESTAMP.camelName.equals(name)
        || Variable.UTC_TIMESTAMP.camelName.equals(name)) {
      return batchTimeMillis;
    }
    if (Variable.TIME_ZONE.camelName.equals(name)) {
      return UTC;
    }
    if (Variable.CANCEL_FLAG.camelName.equals(name)) {
      return cancelFlag;
    }
    if (Variable.LOCALE.camelName.equals(name)) {
      return java.util.Locale.ROOT;
    }
    return null;
  }
}
