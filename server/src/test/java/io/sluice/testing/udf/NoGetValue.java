package io.sluice.testing.udf;

/** Looks like an aggregate function (it accumulates) but has no getValue. */
public final class NoGetValue {
  /** The running count. */
  public static final class Count {
    public long rows;
  }

  public Count createAccumulator() {
    return new Count();
  }

  public void accumulate(Count count, String value) {
    count.rows++;
  }
}
