package io.sluice.connector.parquet;

import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.ObjectVector;
import io.sluice.spi.type.Column;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.Binary;

/**
 * A text field into a VARCHAR column. Values come through the converter, so that a
 * dictionary-encoded page hands over dictionary ids: each entry is decoded once per row group and
 * its string shared by every row that has it.
 */
final class StringColumnDecoder extends ColumnDecoder {
  // the row group's dictionary and its entries decoded so far
  private Dictionary dictionary;
  private String[] decoded;
  // where the converter puts the current value
  private Object[] values;
  private int row;

  StringColumnDecoder(int column, Column declared, ParquetField field) {
    super(column, declared, field);
  }

  @Override
  void decode(ColumnReader reader, ColumnVector target, int from, int count, RowErrors errors) {
    ObjectVector vector = (ObjectVector) target;
    this.values = vector.values();
    int end = from + count;
    for (int row = from; row < end; row++) {
      if (isNull(reader)) {
        setNull(vector, row, errors);
      } else {
        this.row = row;
        reader.writeCurrentValueToConverter();
      }
      reader.consume();
    }
    this.values = null;
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

  /**
   * The value's text. Bytes that are not UTF-8 become U+FFFD, as every Parquet reader does
   * (parquet-avro before this one too): writers check STRING values, and a strict check per value
   * costs a copy of its bytes (the column reader hands out buffer slices).
   */
  private static String text(Binary value) {
    return value.toStringUsingUTF8();
  }
}
