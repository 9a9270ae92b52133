package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of a query's stateful operators, as a checkpoint holds it: the digest of the plan, then
 * one section per operator under its id and digest. A restart reads each section back into the
 * operator of the same id, and refuses a checkpoint whose stateful operators no longer match the
 * plan, naming the operator that changed, rather than misread another operator's state.
 *
 * <p>Format 1 (before operator ids) held the operators' state one after the other, in the order
 * {@link #operators} lists them; it is still read, positionally, when the plan is unchanged.
 */
public final class OperatorStates {
  private static final int POSITIONAL_FORMAT = 1;
  private static final int FORMAT_VERSION = 2;

  private final String planDigest;
  private final List<StatefulOperator> operators;

  /**
   * @param operators in the order format 1 wrote them: an aggregate or limit before its input, a
   *     join after both its inputs
   */
  public OperatorStates(String planDigest, List<StatefulOperator> operators) {
    this.planDigest = requireNonNull(planDigest, "planDigest is null");
    this.operators = List.copyOf(operators);
  }

  public String planDigest() {
    return planDigest;
  }

  public List<StatefulOperator> operators() {
    return operators;
  }

  /** The state of every stateful operator now. */
  public byte[] snapshot() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(FORMAT_VERSION);
      StateSnapshots.writeValue(out, planDigest);
      out.writeInt(operators.size());
      for (StatefulOperator operator : operators) {
        ByteArrayOutputStream section = new ByteArrayOutputStream();
        try (DataOutputStream sectionOut = new DataOutputStream(section)) {
          operator.operator().snapshotState(sectionOut);
        }
        StateSnapshots.writeValue(out, operator.id());
        StateSnapshots.writeValue(out, operator.digest());
        StateSnapshots.writeValue(out, operator.description());
        out.writeInt(section.size());
        section.writeTo(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Puts the operators back in the state {@code state} holds.
   *
   * @param where what the state belongs to, for messages (e.g. the query and checkpoint file)
   * @throws SluiceException when a stateful operator changed since the checkpoint was written
   */
  public void restore(byte[] state, String where) {
    Map<String, Section> sections = sections(state, where);
    try {
      if (sections == null) {
        try (DataInputStream in =
            new DataInputStream(new ByteArrayInputStream(state, 4, state.length - 4))) {
          for (StatefulOperator operator : operators) {
            operator.operator().restoreState(in);
          }
        }
        return;
      }
      for (StatefulOperator operator : operators) {
        try (DataInputStream sectionIn =
            new DataInputStream(new ByteArrayInputStream(sections.get(operator.id()).bytes()))) {
          operator.operator().restoreState(sectionIn);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Checkpointed state is truncated or damaged", e);
    }
  }

  /**
   * Puts into the operators of subtask {@code subtask} of {@code parallelism} the state entries it
   * owns among those every subtask of an earlier run at another parallelism wrote: {@code
   * writerStates} in the writers' subtask order (see {@link StateOwnership}).
   *
   * @throws SluiceException when a stateful operator changed since the checkpoint was written, or
   *     the checkpoint predates operator ids
   */
  public void restoreRescaled(
      List<byte[]> writerStates, int subtask, int parallelism, String where) {
    List<Map<String, Section>> writers = new ArrayList<>();
    for (byte[] state : writerStates) {
      Map<String, Section> sections = sections(state, where);
      if (sections == null) {
        throw new SluiceException(
            ErrorCode.QUERY_FAILED,
            "The checkpoint of "
                + where
                + " was written before operators had ids, so its state cannot be redistributed;"
                + " run it at its earlier parallelism");
      }
      writers.add(sections);
    }
    try {
      for (StatefulOperator operator : operators) {
        for (int writer = 0; writer < writers.size(); writer++) {
          byte[] bytes = writers.get(writer).get(operator.id()).bytes();
          try (DataInputStream sectionIn = new DataInputStream(new ByteArrayInputStream(bytes))) {
            operator
                .operator()
                .restoreState(sectionIn, StateOwnership.of(writer, subtask, parallelism));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Checkpointed state is truncated or damaged", e);
    }
  }

  /**
   * The sections of {@code state} by operator id, checked against this plan's operators; null for
   * format 1, which has no sections.
   */
  private Map<String, Section> sections(byte[] state, String where) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
      int version = in.readInt();
      if (version == POSITIONAL_FORMAT) {
        return null;
      }
      if (version != FORMAT_VERSION) {
        throw new IllegalStateException(
            "Checkpointed state has format "
                + version
                + "; this server reads format "
                + FORMAT_VERSION);
      }
      StateSnapshots.readValue(in); // the plan's digest; each operator is checked on its own
      Map<String, Section> sections = new LinkedHashMap<>();
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        String id = (String) StateSnapshots.readValue(in);
        String digest = (String) StateSnapshots.readValue(in);
        String description = (String) StateSnapshots.readValue(in);
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        sections.put(id, new Section(digest, description, bytes));
      }
      checkMatches(sections, where);
      return sections;
    } catch (IOException e) {
      throw new UncheckedIOException("Checkpointed state is truncated or damaged", e);
    }
  }

  private void checkMatches(Map<String, Section> sections, String where) {
    List<String> changes = new ArrayList<>();
    for (StatefulOperator operator : operators) {
      Section section = sections.get(operator.id());
      if (section == null) {
        changes.add("operator " + operator.id() + " is new (" + operator.description() + ")");
      } else if (!section.digest().equals(operator.digest())) {
        changes.add(
            "operator "
                + operator.id()
                + " changed (was: "
                + section.description()
                + "; now: "
                + operator.description()
                + ")");
      }
    }
    for (Map.Entry<String, Section> section : sections.entrySet()) {
      if (operators.stream().noneMatch(o -> o.id().equals(section.getKey()))) {
        changes.add(
            "operator "
                + section.getKey()
                + " is gone (was: "
                + section.getValue().description()
                + ")");
      }
    }
    if (!changes.isEmpty()) {
      throw new SluiceException(
          ErrorCode.QUERY_FAILED,
          "The checkpoint of "
              + where
              + " was written by a different plan, so its state cannot be used: "
              + String.join("; ", changes)
              + ". The plan changes when a view, function or stream the query reads is replaced "
              + "or the server's planner changed; drop and create the query again to start it "
              + "afresh");
    }
  }

  private record Section(String digest, String description, byte[] bytes) {}
}
