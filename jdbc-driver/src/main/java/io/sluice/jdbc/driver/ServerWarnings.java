package io.sluice.jdbc.driver;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.calcite.avatica.proto.Common;
import org.apache.calcite.avatica.proto.Requests;

/**
 * Warnings the server sent for statements (bad records skipped, late rows dropped by their
 * queries), kept per connection and statement until the statement's {@code getWarnings()} takes
 * them. The server adds them to a protobuf response as field {@value #FIELD} of its {@code
 * WireMessage}: values of field 1, the statement id, and field 2, the text.
 */
final class ServerWarnings {
  /** The server's {@code WireMessage} field for warnings (io.sluice.jdbc.StatementWarnings). */
  static final int FIELD = 4096;

  private static final String SQL_STATE = "01000";
  private static final Map<String, Map<Integer, List<String>>> PENDING = new ConcurrentHashMap<>();

  private ServerWarnings() {}

  /** Keeps the warnings in {@code response}, if any, for the statements they are about. */
  static void collect(byte[] request, byte[] response) {
    List<ByteString> entries;
    try {
      entries = warningEntries(response);
      if (entries.isEmpty()) {
        return;
      }
      String connectionId = connectionId(request);
      if (connectionId == null) {
        return;
      }
      for (ByteString entry : entries) {
        CodedInputStream in = entry.newCodedInput();
        int statementId = -1;
        String text = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
          switch (WireFormat.getTagFieldNumber(tag)) {
            case 1:
              statementId = (int) in.readUInt64();
              break;
            case 2:
              text = in.readStringRequireUtf8();
              break;
            default:
              in.skipField(tag);
          }
        }
        if (statementId >= 0 && text != null) {
          PENDING
              .computeIfAbsent(connectionId, id -> new ConcurrentHashMap<>())
              .computeIfAbsent(statementId, id -> new CopyOnWriteArrayList<>())
              .add(text);
        }
      }
    } catch (IOException | RuntimeException e) {
      // a response the driver cannot read warnings from still carries its rows
    }
  }

  private static List<ByteString> warningEntries(byte[] response) throws IOException {
    List<ByteString> entries = new ArrayList<>();
    CodedInputStream in = CodedInputStream.newInstance(response);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) == FIELD
          && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        entries.add(in.readBytes());
      } else {
        in.skipField(tag);
      }
    }
    return entries;
  }

  private static String connectionId(byte[] request) throws IOException {
    Common.WireMessage wire = Common.WireMessage.parseFrom(request);
    String name = wire.getName();
    if (name.equals(Requests.FetchRequest.class.getName())) {
      return Requests.FetchRequest.parseFrom(wire.getWrappedMessage()).getConnectionId();
    }
    if (name.equals(Requests.PrepareAndExecuteRequest.class.getName())) {
      return Requests.PrepareAndExecuteRequest.parseFrom(wire.getWrappedMessage())
          .getConnectionId();
    }
    if (name.equals(Requests.ExecuteRequest.class.getName())) {
      return Requests.ExecuteRequest.parseFrom(wire.getWrappedMessage())
          .getStatementHandle()
          .getConnectionId();
    }
    return null;
  }

  /** The statement's warnings received since the last call, chained; null if none. */
  static SQLWarning take(String connectionId, int statementId) {
    Map<Integer, List<String>> statements = PENDING.get(connectionId);
    List<String> texts = statements == null ? null : statements.remove(statementId);
    if (texts == null) {
      return null;
    }
    SQLWarning first = null;
    for (String text : texts) {
      SQLWarning warning = new SQLWarning(text, SQL_STATE);
      if (first == null) {
        first = warning;
      } else {
        first.setNextWarning(warning); // appends at the end of the chain
      }
    }
    return first;
  }

  /** Forgets a closed statement's warnings. */
  static void forget(String connectionId, int statementId) {
    Map<Integer, List<String>> statements = PENDING.get(connectionId);
    if (statements != null) {
      statements.remove(statementId);
    }
  }

  /** Forgets a closed connection's warnings. */
  static void forget(String connectionId) {
    PENDING.remove(connectionId);
  }
}
