package io.sluice.jdbc;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.util.List;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.remote.Service;

/**
 * Carries a statement's warnings (bad records, late rows) to the Sluice driver on the protobuf
 * response to an execute or fetch of that statement. Avatica's messages have no field for them, so
 * they travel as field {@value #FIELD} of the response's outer {@code WireMessage}, which other
 * Avatica clients skip as an unknown field. Each value is a message of field 1, the statement id
 * (varint), and field 2, the warning's text (UTF-8). Appending the field's bytes to a serialized
 * message is how protobuf merges a field into it, so the response is not re-encoded.
 */
public final class StatementWarnings implements AvaticaEndpoint.ResponseAnnotator {
  /** The {@code WireMessage} field holding warnings; far above Avatica's own field numbers. */
  public static final int FIELD = 4096;

  private final SluiceMeta meta;

  public StatementWarnings(SluiceMeta meta) {
    this.meta = requireNonNull(meta, "meta is null");
  }

  /** The connection and statement a request is about, or null for other requests. */
  static Meta.StatementHandle statementOf(Service.Request request) {
    if (request instanceof Service.FetchRequest) {
      Service.FetchRequest fetch = (Service.FetchRequest) request;
      return new Meta.StatementHandle(fetch.connectionId, fetch.statementId, null);
    }
    if (request instanceof Service.PrepareAndExecuteRequest) {
      Service.PrepareAndExecuteRequest execute = (Service.PrepareAndExecuteRequest) request;
      return new Meta.StatementHandle(execute.connectionId, execute.statementId, null);
    }
    if (request instanceof Service.ExecuteRequest) {
      return ((Service.ExecuteRequest) request).statementHandle;
    }
    return null;
  }

  @Override
  public byte[] annotate(Service.Request request, byte[] response) {
    Meta.StatementHandle statement = statementOf(request);
    if (statement == null) {
      return response;
    }
    int statementId = statement.id;
    List<String> warnings = meta.drainWarnings(statement.connectionId, statementId);
    if (warnings.isEmpty()) {
      return response;
    }
    UnknownFieldSet.Field.Builder field = UnknownFieldSet.Field.newBuilder();
    for (String warning : warnings) {
      field.addLengthDelimited(
          UnknownFieldSet.newBuilder()
              .addField(1, UnknownFieldSet.Field.newBuilder().addVarint(statementId).build())
              .addField(
                  2,
                  UnknownFieldSet.Field.newBuilder()
                      .addLengthDelimited(ByteString.copyFromUtf8(warning))
                      .build())
              .build()
              .toByteString());
    }
    byte[] extra =
        UnknownFieldSet.newBuilder().addField(FIELD, field.build()).build().toByteArray();
    byte[] annotated = new byte[response.length + extra.length];
    System.arraycopy(response, 0, annotated, 0, response.length);
    System.arraycopy(extra, 0, annotated, response.length, extra.length);
    return annotated;
  }
}
