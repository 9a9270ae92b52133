package io.sluice.testing.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Writes protocol buffers' wire format, field by field: enough to write ONNX models without the
 * generated classes of onnx.proto. Each method appends one field to the message being written.
 */
final class ProtoWriter {
  private static final int VARINT = 0;
  private static final int LENGTH_DELIMITED = 2;
  private static final int FIXED32 = 5;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** The message as bytes. */
  byte[] bytes() {
    return out.toByteArray();
  }

  ProtoWriter int64(int field, long value) {
    tag(field, VARINT);
    varint(value);
    return this;
  }

  ProtoWriter float32(int field, float value) {
    tag(field, FIXED32);
    int bits = Float.floatToIntBits(value);
    for (int b = 0; b < 4; b++) {
      out.write(bits >>> (8 * b));
    }
    return this;
  }

  ProtoWriter string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  ProtoWriter bytes(int field, byte[] value) {
    tag(field, LENGTH_DELIMITED);
    varint(value.length);
    out.writeBytes(value);
    return this;
  }

  /** A nested message, written by {@code body}. */
  ProtoWriter message(int field, Consumer<ProtoWriter> body) {
    ProtoWriter nested = new ProtoWriter();
    body.accept(nested);
    return bytes(field, nested.bytes());
  }

  /** A packed repeated float field (little-endian IEEE 754 values). */
  ProtoWriter packedFloats(int field, float[] values) {
    byte[] packed = new byte[values.length * 4];
    for (int i = 0; i < values.length; i++) {
      int bits = Float.floatToIntBits(values[i]);
      for (int b = 0; b < 4; b++) {
        packed[i * 4 + b] = (byte) (bits >>> (8 * b));
      }
    }
    return bytes(field, packed);
  }

  /** A packed repeated double field (little-endian IEEE 754 values). */
  ProtoWriter packedDoubles(int field, double[] values) {
    byte[] packed = new byte[values.length * 8];
    for (int i = 0; i < values.length; i++) {
      long bits = Double.doubleToLongBits(values[i]);
      for (int b = 0; b < 8; b++) {
        packed[i * 8 + b] = (byte) (bits >>> (8 * b));
      }
    }
    return bytes(field, packed);
  }

  /** A packed repeated int64 field. */
  ProtoWriter packedInt64s(int field, long[] values) {
    ProtoWriter packed = new ProtoWriter();
    for (long value : values) {
      packed.varint(value);
    }
    return bytes(field, packed.bytes());
  }

  private void tag(int field, int wireType) {
    varint((long) field << 3 | wireType);
  }

  private void varint(long value) {
    long rest = value;
    while ((rest & ~0x7FL) != 0) {
      out.write((int) (rest & 0x7F) | 0x80);
      rest >>>= 7;
    }
    out.write((int) rest);
  }
}
