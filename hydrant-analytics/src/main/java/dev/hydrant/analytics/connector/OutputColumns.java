package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.List;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

/**
 * The columns of an output's rows: their names, types, and a value of a row (Flink's internal format) as the Java
 * object of the column's external type ({@code Double}, {@code BigDecimal}, {@code LocalDateTime}, ...), which is what
 * the serializers write when they have no faster way for a type.
 */
final class OutputColumns implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> names;
    private final List<DataType> types;
    private transient RowData.FieldGetter[] getters;
    private transient DataStructureConverter<Object, Object>[] converters;

    OutputColumns(DataType rowType) {
        requireNonNull(rowType, "rowType is null");
        this.names = List.copyOf(DataType.getFieldNames(rowType));
        this.types = List.copyOf(DataType.getFieldDataTypes(rowType));
    }

    int size() {
        return names.size();
    }

    String name(int column) {
        return names.get(column);
    }

    LogicalTypeRoot root(int column) {
        return types.get(column).getLogicalType().getTypeRoot();
    }

    /** The value of {@code column} in {@code row} as a Java object, or null. */
    Object external(RowData row, int column) {
        if (getters == null) {
            open();
        }
        return converters[column].toExternalOrNull(getters[column].getFieldOrNull(row));
    }

    @SuppressWarnings("unchecked")
    private void open() {
        RowData.FieldGetter[] fieldGetters = new RowData.FieldGetter[types.size()];
        DataStructureConverter<Object, Object>[] fieldConverters = new DataStructureConverter[types.size()];
        for (int column = 0; column < types.size(); column++) {
            fieldGetters[column] = RowData.createFieldGetter(types.get(column).getLogicalType(), column);
            fieldConverters[column] = DataStructureConverters.getConverter(types.get(column));
            fieldConverters[column].open(OutputColumns.class.getClassLoader());
        }
        converters = fieldConverters;
        getters = fieldGetters;
    }
}
