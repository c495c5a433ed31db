package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.DataType;

/**
 * The row layouts a source emits. Every source row is an envelope {@code (stream INT, data ROW, error ROW)}: data
 * rows go to in-application stream {@code _00(stream+1)}; error rows (stream = -1) go to {@code error_stream}.
 * Both end with {@code ROWTIME TIMESTAMP(3)}, the record's arrival time in the log. All of them are in Flink's internal
 * format ({@link RowData}), which its table runtime reads without converting.
 */
public final class InAppStreamRows implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String ROWTIME = "ROWTIME";
    /**
     * The processing-time attribute ({@code AS PROCTIME()}) every input's in-application streams get as their last
     * column, for lookup joins against reference tables ({@code FOR SYSTEM_TIME AS OF s.HYDRANT_PROCTIME}). It is not
     * a KDA column: a translation that expands {@code *} over an input must leave it out.
     */
    public static final String PROCTIME = "HYDRANT_PROCTIME";
    public static final String ERROR_STREAM = "error_stream";
    public static final int ERROR = -1;

    /** error_stream's columns (aws-compat §7.3), then ROWTIME. */
    public static final DataType ERROR_ROW = DataTypes.ROW(
            DataTypes.FIELD("ERROR_TIME", DataTypes.TIMESTAMP(3)),
            DataTypes.FIELD("ERROR_LEVEL", DataTypes.VARCHAR(10)),
            DataTypes.FIELD("ERROR_NAME", DataTypes.VARCHAR(32)),
            DataTypes.FIELD("MESSAGE", DataTypes.VARCHAR(4096)),
            DataTypes.FIELD("DATA_ROWTIME", DataTypes.TIMESTAMP(3)),
            DataTypes.FIELD("DATA_ROW", DataTypes.VARCHAR(49152)),
            DataTypes.FIELD("PUMP_NAME", DataTypes.VARCHAR(128)),
            DataTypes.FIELD(ROWTIME, DataTypes.TIMESTAMP(3)));

    private final List<String> columnNames;
    private final List<InputColumnType> columnTypes;

    public InAppStreamRows(List<String> columnNames, List<InputColumnType> columnTypes) {
        this.columnNames = List.copyOf(requireNonNull(columnNames, "columnNames is null"));
        this.columnTypes = List.copyOf(requireNonNull(columnTypes, "columnTypes is null"));
    }

    /** The input's columns (names as given, case kept) and ROWTIME. */
    public DataType dataRow() {
        List<DataTypes.Field> fields = new ArrayList<>();
        for (int i = 0; i < columnNames.size(); i++) {
            fields.add(DataTypes.FIELD(columnNames.get(i), columnTypes.get(i).dataType()));
        }
        fields.add(DataTypes.FIELD(ROWTIME, DataTypes.TIMESTAMP(3)));
        return DataTypes.ROW(fields.toArray(DataTypes.Field[]::new));
    }

    /** The data row of a record's parsed values, in Flink's internal format, with ROWTIME (the last field) still unset. */
    public GenericRowData internalRow(Object[] values) {
        GenericRowData row = new GenericRowData(values.length + 1);
        for (int i = 0; i < values.length; i++) {
            row.setField(i, columnTypes.get(i).internal(values[i]));
        }
        return row;
    }

    /** An error_stream row, in Flink's internal format. */
    public static GenericRowData errorRow(long errorTimeMillis, String errorName, String message, long rowtimeMillis, String dataRow) {
        TimestampData rowtime = TimestampData.fromEpochMillis(rowtimeMillis);
        return GenericRowData.of(TimestampData.fromEpochMillis(errorTimeMillis), StringData.fromString("ERROR"),
                StringData.fromString(errorName), StringData.fromString(message), rowtime, StringData.fromString(dataRow), null, rowtime);
    }

    /** An envelope: {@code stream} with its data row, or {@link #ERROR} with an error row. */
    public static GenericRowData envelope(int stream, RowData row) {
        return stream == ERROR ? GenericRowData.of(stream, null, row) : GenericRowData.of(stream, row, null);
    }

    public TypeInformation<RowData> dataTypeInfo() {
        return InternalTypeInfo.of(dataRow().getLogicalType());
    }

    public static TypeInformation<RowData> errorTypeInfo() {
        return InternalTypeInfo.of(ERROR_ROW.getLogicalType());
    }

    public TypeInformation<RowData> envelopeTypeInfo() {
        return InternalTypeInfo.of(DataTypes.ROW(DataTypes.FIELD("stream", DataTypes.INT()), DataTypes.FIELD("data", dataRow()),
                DataTypes.FIELD("error", ERROR_ROW)).getLogicalType());
    }
}
