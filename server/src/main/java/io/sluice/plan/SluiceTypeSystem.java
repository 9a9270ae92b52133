package io.sluice.plan;

import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;

/**
 * Calcite's type system with Flink's choice where they differ: the branches of a CASE, the rows of
 * a VALUES and the inputs of a UNION holding strings of different lengths ({@code 'ab'} and {@code
 * 'abc'}) are VARCHAR, not CHAR padded to the longest, so {@code 'ab'} stays {@code 'ab'} and
 * compares equal to a column holding {@code 'ab'}.
 */
public final class SluiceTypeSystem extends RelDataTypeSystemImpl {
  public static final RelDataTypeSystem INSTANCE = new SluiceTypeSystem();

  private SluiceTypeSystem() {}

  @Override
  public boolean shouldConvertRaggedUnionTypesToVarying() {
    return true;
  }
}
