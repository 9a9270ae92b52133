package io.sluice.exec.codegen;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;

/** Small helpers over Calcite row types. */
final class RelDataTypes {
  private RelDataTypes() {}

  static List<RelDataType> fieldTypes(RelDataType rowType) {
    List<RelDataType> types = new ArrayList<>();
    for (RelDataTypeField field : rowType.getFieldList()) {
      types.add(field.getType());
    }
    return types;
  }
}
