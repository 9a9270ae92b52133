package io.sluice.spi.connector;

/** Which offset classes define {@code equals} themselves, found once per class. */
final class ValueEquality extends ClassValue<Boolean> {
  static final ValueEquality OF = new ValueEquality();

  private ValueEquality() {}

  @Override
  protected Boolean computeValue(Class<?> type) {
    try {
      return type.getMethod("equals", Object.class).getDeclaringClass() != Object.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
