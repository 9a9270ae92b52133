package io.sluice.testing.udf;

/** A class with an eval method that does not implement the UDF marker interface. */
public final class NotAFunction {
  public String eval(String text) {
    return text;
  }
}
