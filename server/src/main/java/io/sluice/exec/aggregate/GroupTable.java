package io.sluice.exec.aggregate;

/**
 * Assigns dense ids to group keys and remembers each group's key values. Ids of removed groups are
 * reused, so accumulator arrays stay as large as the most groups ever open at once.
 */
interface GroupTable {
  /**
   * Id of the group with these key values, creating it if new (see {@link #isNew}); a new group
   * keeps a copy of them, so the caller may reuse the array.
   */
  int idOf(Object[] keyValues);

  /** Whether the last {@code idOf} call created its group. */
  boolean isNew();

  /** The key values of a live group, boxed as the rest of the runtime expects them. */
  Object[] keyOf(int id);

  /** One past the highest id ever handed out: the size accumulator arrays need. */
  int capacity();

  int size();

  boolean contains(int id);

  void remove(int id);

  /** Rough heap bytes of one group's key. */
  long keyBytes(int id);
}
