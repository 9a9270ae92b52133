package io.sluice.spi.connector;

/**
 * Position in a source up to which rows have been planned into batches. Offsets are written to the
 * checkpoint before a batch runs, so {@link #toJson()} must capture everything needed to re-read
 * exactly the same rows. An offset that is a value (a record, or a class with its own {@code
 * equals}) is compared with {@code equals}; any other by its serialised form.
 */
public interface SourceOffset {
  /**
   * Serialised form; the source that made it parses it back with {@link StreamSource#parseOffset}.
   */
  String toJson();

  /**
   * Whether {@code a} and {@code b} are the same position: what the checkpoint would record the
   * same. Values answer without serialising, which a continuous query asks between small batches.
   */
  static boolean samePosition(SourceOffset a, SourceOffset b) {
    if (a.equals(b)) {
      return true;
    }
    if (a.getClass() == b.getClass() && ValueEquality.OF.get(a.getClass())) {
      return false;
    }
    return a.toJson().equals(b.toJson());
  }
}
