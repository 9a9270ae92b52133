package io.sluice.connector.parquet;

import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.ObjectVector;
import io.sluice.spi.connector.BadRecordException;
import io.sluice.spi.format.Utf8;
import io.sluice.spi.type.Column;
import java.nio.ByteBuffer;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.Binary;

/**
 * A text field into a VARCHAR column. Values come through the converter, so that a
 * dictionary-encoded page hands over dictionary ids: each entry is decoded once per row group and
 * its string shared by every row that has it. Bytes that are not UTF-8 make the row bad.
 */
final class StringColumnDecoder extends ColumnDecoder {
  private final String what;
  // the row group's dictionary and its entries decoded so far
  private Dictionary dictionary;
  private String[] decoded;
  // where the converter puts the current value
  private Object[] values;
  private int row;
  private RowErrors errors;

  StringColumnDecoder(int column, Column declared, ParquetField field) {
    super(column, declared, field);
    this.what = "Column '" + declared.name() + "'";
  }

  @Override
  void decode(ColumnReader reader, ColumnVector target, int from, int count, RowErrors errors) {
    ObjectVector vector = (ObjectVector) target;
    this.values = vector.values();
    this.errors = errors;
    int end = from + count;
    for (int row = from; row < end; row++) {
      if (isNull(reader)) {
        setNull(vector, row, errors);
      } else {
        this.row = row;
        reader.writeCurrentValueToConverter();
        if (values[row] == null) {
          // not UTF-8: the converter noted the error
          vector.setNull(row);
        }
      }
      reader.consume();
    }
    this.values = null;
    this.errors = null;
  }

  @Override
  public boolean hasDictionarySupport() {
    return true;
  }

  @Override
  public void setDictionary(Dictionary dictionary) {
    this.dictionary = dictionary;
    this.decoded = new String[dictionary.getMaxId() + 1];
  }

  @Override
  public void addValueFromDictionary(int id) {
    String text = decoded[id];
    if (text == null) {
      text = text(dictionary.decodeToBinary(id));
      decoded[id] = text;
    }
    values[row] = text;
  }

  @Override
  public void addBinary(Binary value) {
    values[row] = text(value);
  }

  /** The value's text, or null (and the row noted bad) when it is not UTF-8. */
  private String text(Binary value) {
    ByteBuffer buffer = value.toByteBuffer();
    try {
      if (buffer.hasArray()) {
        return Utf8.decode(
            buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining(), what);
      }
      byte[] bytes = value.getBytes();
      return Utf8.decode(bytes, 0, bytes.length, what);
    } catch (BadRecordException e) {
      byte[] bytes = value.getBytes();
      errors.add(row, column(), RawRows.quote(Utf8.decodeLossy(bytes, 0, bytes.length)), e);
      return null;
    }
  }
}
