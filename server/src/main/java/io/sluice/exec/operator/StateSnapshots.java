package io.sluice.exec.operator;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Serialises the state of an operator tree for checkpoints: each operator writes its own state and
 * then its inputs', in a fixed order, and reads it back the same way. Values are tagged so keys and
 * accumulators of any column type round-trip.
 */
public final class StateSnapshots {

  /** Characters that always fit writeUTF's 64 KiB limit, at up to 3 bytes each. */
  private static final int SHORT_STRING = 65535 / 3;

  private StateSnapshots() {}

  public static void writeValue(DataOutputStream out, Object value) throws IOException {
    if (value == null) {
      out.writeByte(0);
    } else if (value instanceof Long) {
      out.writeByte(1);
      out.writeLong((Long) value);
    } else if (value instanceof Double) {
      out.writeByte(2);
      out.writeDouble((Double) value);
    } else if (value instanceof String && ((String) value).length() <= SHORT_STRING) {
      out.writeByte(3);
      out.writeUTF((String) value);
    } else if (value instanceof String) {
      // writeUTF stops at 64 KiB of encoded text; long values carry their length as an int.
      byte[] bytes = ((String) value).getBytes(StandardCharsets.UTF_8);
      out.writeByte(6);
      out.writeInt(bytes.length);
      out.write(bytes);
    } else if (value instanceof BigDecimal) {
      out.writeByte(4);
      out.writeUTF(value.toString());
    } else if (value instanceof Boolean) {
      out.writeByte(5);
      out.writeBoolean((Boolean) value);
    } else {
      throw new IllegalArgumentException("Cannot checkpoint a value of " + value.getClass());
    }
  }

  public static Object readValue(DataInputStream in) throws IOException {
    byte tag = in.readByte();
    switch (tag) {
      case 0:
        return null;
      case 1:
        return in.readLong();
      case 2:
        return in.readDouble();
      case 3:
        return in.readUTF();
      case 4:
        return new BigDecimal(in.readUTF());
      case 5:
        return in.readBoolean();
      case 6:
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
      default:
        throw new IOException("Unknown value tag " + tag + " in checkpointed state");
    }
  }

  /** Writes a row: its width, then each value as {@link #writeValue} does. */
  public static void writeRow(DataOutputStream out, Object[] row) throws IOException {
    out.writeInt(row.length);
    for (Object value : row) {
      writeValue(out, value);
    }
  }

  /** Reads a row {@link #writeRow} wrote. */
  public static Object[] readRow(DataInputStream in) throws IOException {
    Object[] row = new Object[in.readInt()];
    for (int i = 0; i < row.length; i++) {
      row[i] = readValue(in);
    }
    return row;
  }
}
