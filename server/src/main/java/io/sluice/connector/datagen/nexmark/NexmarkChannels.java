package io.sluice.connector.datagen.nexmark;

/**
 * The channels bids come through and their URLs: four hot named channels and 10 000 numbered ones,
 * nine in ten of whose URLs carry a {@code channel_id} parameter. Fixed for every run (each URL is
 * drawn from a generator seeded by its channel), and built once because a bid only picks one.
 */
final class NexmarkChannels {
  static final int NUMBERED_CHANNELS = 10_000;
  static final String[] HOT_CHANNELS = {"Google", "Facebook", "Baidu", "Apple"};
  private static final long SEED = 0x6e65786d61726bL;

  private static final String[] HOT_URLS = new String[HOT_CHANNELS.length];
  private static final String[] NAMES = new String[NUMBERED_CHANNELS];
  private static final String[] URLS = new String[NUMBERED_CHANNELS];

  static {
    for (int i = 0; i < HOT_URLS.length; i++) {
      HOT_URLS[i] = baseUrl(new NexmarkRandom(SEED - 1 - i));
    }
    for (int n = 0; n < NUMBERED_CHANNELS; n++) {
      NexmarkRandom random = new NexmarkRandom(SEED + n);
      String url = baseUrl(random);
      if (random.nextInt(10) > 0) {
        url = url + "&channel_id=" + Math.abs(Integer.reverse(n));
      }
      NAMES[n] = "channel-" + n;
      URLS[n] = url;
    }
  }

  private NexmarkChannels() {}

  static String hotUrl(int index) {
    return HOT_URLS[index];
  }

  static String name(int channel) {
    return NAMES[channel];
  }

  static String url(int channel) {
    return URLS[channel];
  }

  /** {@code https://www.nexmark.com/<dir>/<dir>/<dir>/item.htm?query=1}, dirs of 2–4 characters. */
  private static String baseUrl(NexmarkRandom random) {
    return "https://www.nexmark.com/"
        + NexmarkStrings.nextString(random, 5, '_')
        + "/"
        + NexmarkStrings.nextString(random, 5, '_')
        + "/"
        + NexmarkStrings.nextString(random, 5, '_')
        + "/item.htm?query=1";
  }
}
