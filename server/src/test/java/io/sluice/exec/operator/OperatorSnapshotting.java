package io.sluice.exec.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** An operator's state written to bytes and read back whole, as a checkpoint and a restart do. */
final class OperatorSnapshotting {
  private OperatorSnapshotting() {}

  static byte[] snapshot(Operator operator) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      operator.snapshotState(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Restores {@code state} into {@code operator}, which must read every byte of it. */
  static void restore(Operator operator, byte[] state) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
      operator.restoreState(in, StateOwnership.ALL);
      assertThat(in.read()).as("bytes left").isEqualTo(-1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
