package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.error.SluiceException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator state of every subtask of a query, as one checkpoint holds it. With one subtask it
 * is exactly that subtask's {@link OperatorStates} (what checkpoints held before parallel queries);
 * with more, format 3: the number of subtasks, then each subtask's states in subtask order.
 */
public final class SubtaskStates {
  private static final int SUBTASKS_FORMAT = 3;

  private final List<OperatorStates> subtasks;

  public SubtaskStates(List<OperatorStates> subtasks) {
    this.subtasks = List.copyOf(requireNonNull(subtasks, "subtasks is null"));
    if (this.subtasks.isEmpty()) {
      throw new IllegalArgumentException("no subtasks");
    }
  }

  /** Every stateful operator of every subtask. */
  public List<StatefulOperator> operators() {
    List<StatefulOperator> all = new ArrayList<>();
    for (OperatorStates states : subtasks) {
      all.addAll(states.operators());
    }
    return all;
  }

  public byte[] snapshot() {
    if (subtasks.size() == 1) {
      return subtasks.get(0).snapshot();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(SUBTASKS_FORMAT);
      out.writeInt(subtasks.size());
      for (OperatorStates states : subtasks) {
        byte[] section = states.snapshot();
        out.writeInt(section.length);
        out.write(section);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Puts every subtask back in the state {@code state} holds.
   *
   * <p>A checkpoint written at another parallelism is redistributed: each subtask takes the state
   * of the keys it owns now, whichever subtask wrote it (see {@link StateOwnership}).
   *
   * @throws SluiceException when a stateful operator changed since
   */
  public void restore(byte[] state, String where) {
    List<byte[]> sections = sections(state);
    if (sections.size() == subtasks.size()) {
      for (int i = 0; i < sections.size(); i++) {
        subtasks.get(i).restore(sections.get(i), where);
      }
      return;
    }
    // another parallelism wrote it: each subtask takes the entries of its key groups from all
    for (int i = 0; i < subtasks.size(); i++) {
      subtasks.get(i).restoreRescaled(sections, i, subtasks.size(), where);
    }
  }

  private static List<byte[]> sections(byte[] state) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
      if (in.readInt() != SUBTASKS_FORMAT) {
        return List.of(state);
      }
      int count = in.readInt();
      List<byte[]> sections = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        byte[] section = new byte[in.readInt()];
        in.readFully(section);
        sections.add(section);
      }
      return sections;
    } catch (IOException e) {
      throw new UncheckedIOException("Checkpointed state is truncated or damaged", e);
    }
  }
}
