package io.sluice.bench.chaos;

import java.util.List;

/**
 * What a chaos soak did and found: how often the server was killed (and how often mid-batch, a
 * batch planned but not committed), the rows landed, and each output checked against the model.
 */
public record ChaosReport(
    double minutes, int kills, int midBatchKills, long rowsLanded, List<Output> outputs) {
  public ChaosReport {
    outputs = List.copyOf(outputs);
  }

  /**
   * One output against the model: rows (or windows, or groups) missing, there more than once, and
   * there with a wrong value.
   */
  public record Output(String name, long expected, long lost, long duplicated, long wrong) {
    public boolean exact() {
      return lost == 0 && duplicated == 0 && wrong == 0;
    }
  }

  public boolean exact() {
    return outputs.stream().allMatch(Output::exact);
  }

  /** The report as lines of text. */
  public String render() {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            "Chaos soak: %.1f minutes, %d kills (%d mid-batch), %d rows landed%n",
            minutes, kills, midBatchKills, rowsLanded));
    for (Output output : outputs) {
      text.append(
          String.format(
              "  %-22s expected %7d  lost %d  duplicated %d  wrong %d%n",
              output.name(),
              output.expected(),
              output.lost(),
              output.duplicated(),
              output.wrong()));
    }
    text.append(exact() ? "All outputs exact." : "OUTPUTS DIFFER FROM THE MODEL.").append('\n');
    return text.toString();
  }
}
