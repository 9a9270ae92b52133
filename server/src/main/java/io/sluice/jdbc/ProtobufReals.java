package io.sluice.jdbc;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import org.apache.calcite.avatica.proto.Common;
import org.apache.calcite.avatica.proto.Responses;
import org.apache.calcite.avatica.remote.Service;

/**
 * REAL values in protobuf responses, readable by every client. Avatica writes a float as its bit
 * pattern in {@code number_value}, which its Java client reads back exactly; Python's phoenixdb
 * reads a REAL column's {@code double_value} instead, which Avatica leaves 0. This adds that {@code
 * double_value} (the float's shortest decimal, so 0.1 stays 0.1) to every float value, and leaves
 * everything else as it was.
 */
final class ProtobufReals implements AvaticaEndpoint.ResponseAnnotator {
  private final SluiceMeta meta;

  ProtobufReals(SluiceMeta meta) {
    this.meta = requireNonNull(meta, "meta is null");
  }

  /** Re-encodes only responses with rows of a statement that has REAL columns. */
  @Override
  public byte[] annotate(Service.Request request, byte[] response)
      throws InvalidProtocolBufferException {
    if (!meta.hasRealColumns(StatementWarnings.statementOf(request))) {
      return response;
    }
    Common.WireMessage wire = Common.WireMessage.parseFrom(response);
    Message message;
    String name = wire.getName();
    if (name.equals(Responses.FetchResponse.class.getName())) {
      message = Responses.FetchResponse.parseFrom(wire.getWrappedMessage());
    } else if (name.equals(Responses.ExecuteResponse.class.getName())) {
      message = Responses.ExecuteResponse.parseFrom(wire.getWrappedMessage());
    } else {
      return response;
    }
    return wire.toBuilder()
        .setWrappedMessage(withDoubles(message).toByteString())
        .build()
        .toByteArray();
  }

  private static Message withDoubles(Message message) {
    if (message instanceof Responses.FetchResponse) {
      Responses.FetchResponse fetch = (Responses.FetchResponse) message;
      return fetch.hasFrame()
          ? fetch.toBuilder().setFrame(withDoubles(fetch.getFrame())).build()
          : fetch;
    }
    Responses.ExecuteResponse execute = (Responses.ExecuteResponse) message;
    Responses.ExecuteResponse.Builder builder = execute.toBuilder();
    for (int i = 0; i < execute.getResultsCount(); i++) {
      Responses.ResultSetResponse result = execute.getResults(i);
      if (result.hasFirstFrame()) {
        builder.setResults(
            i, result.toBuilder().setFirstFrame(withDoubles(result.getFirstFrame())).build());
      }
    }
    return builder.build();
  }

  private static Common.Frame withDoubles(Common.Frame frame) {
    Common.Frame.Builder builder = frame.toBuilder();
    for (int r = 0; r < frame.getRowsCount(); r++) {
      Common.Row row = frame.getRows(r);
      Common.Row.Builder rowBuilder = null;
      for (int c = 0; c < row.getValueCount(); c++) {
        Common.ColumnValue column = row.getValue(c);
        if (!isFloat(column.getScalarValue())) {
          continue;
        }
        if (rowBuilder == null) {
          rowBuilder = row.toBuilder();
        }
        Common.TypedValue value = withDouble(column.getScalarValue());
        Common.ColumnValue.Builder columnBuilder = column.toBuilder().setScalarValue(value);
        // the deprecated per-column value list repeats the scalar for old clients
        for (int v = 0; v < column.getValueCount(); v++) {
          if (isFloat(column.getValue(v))) {
            columnBuilder.setValue(v, withDouble(column.getValue(v)));
          }
        }
        rowBuilder.setValue(c, columnBuilder);
      }
      if (rowBuilder != null) {
        builder.setRows(r, rowBuilder);
      }
    }
    return builder.build();
  }

  private static boolean isFloat(Common.TypedValue value) {
    return !value.getNull()
        && (value.getType() == Common.Rep.FLOAT || value.getType() == Common.Rep.PRIMITIVE_FLOAT);
  }

  private static Common.TypedValue withDouble(Common.TypedValue value) {
    float real = Float.intBitsToFloat((int) value.getNumberValue());
    return value.toBuilder().setDoubleValue(Double.parseDouble(Float.toString(real))).build();
  }
}
