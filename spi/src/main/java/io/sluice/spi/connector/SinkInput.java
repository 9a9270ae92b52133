package io.sluice.spi.connector;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.changelog.ChangelogMode;
import java.util.List;

/**
 * What a persistent query delivers to its sink: its name (which prefixes what the sink writes), the
 * changelog kinds its rows carry and the columns its updates are keyed by.
 *
 * @param upsertKey result columns that identify a row (e.g. the group keys), empty for none
 */
public record SinkInput(String name, ChangelogMode changelogMode, List<Integer> upsertKey) {
  public SinkInput {
    requireNonNull(name, "name is null");
    requireNonNull(changelogMode, "changelogMode is null");
    upsertKey = List.copyOf(upsertKey);
  }

  /** Rows that are all new and final, nothing keyed: e.g. late rows diverted to a stream. */
  public static SinkInput insertOnly(String name) {
    return new SinkInput(name, ChangelogMode.INSERT_ONLY, List.of());
  }
}
