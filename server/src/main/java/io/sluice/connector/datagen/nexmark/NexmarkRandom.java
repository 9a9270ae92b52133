package io.sluice.connector.datagen.nexmark;

/**
 * The random draws of one Nexmark event: exactly the numbers {@link java.util.SplittableRandom}
 * draws from the same seed (splitmix64, and the JDK's bounded draws by rejection), in one final
 * class. The JDK's class allocates a second object per instance and reaches its bounded draws
 * through an interface call shared by every generator type, so the JIT often neither inlines a draw
 * nor drops an event's generator; here the draws inline and an event allocates none.
 */
final class NexmarkRandom {
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private long seed;

  NexmarkRandom(long seed) {
    this.seed = seed;
  }

  /** Starts over as {@code new NexmarkRandom(seed)} would. */
  void reseed(long seed) {
    this.seed = seed;
  }

  int nextInt() {
    long z = seed += GOLDEN_GAMMA;
    z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
    return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
  }

  long nextLong() {
    long z = seed += GOLDEN_GAMMA;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** A value in {@code [0, bound)}. */
  int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    int m = bound - 1;
    int r = nextInt();
    if ((bound & m) == 0) {
      return r & m;
    }
    // reject the over-represented candidates, as the JDK does
    for (int u = r >>> 1; u + m - (r = u % bound) < 0; u = nextInt() >>> 1) {}
    return r;
  }

  /** A value in {@code [0, bound)}. */
  long nextLong(long bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    long m = bound - 1;
    long r = nextLong();
    if ((bound & m) == 0L) {
      return r & m;
    }
    for (long u = r >>> 1; u + m - (r = u % bound) < 0L; u = nextLong() >>> 1) {}
    return r;
  }

  /** A value in {@code [0, 1)}. */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }
}
