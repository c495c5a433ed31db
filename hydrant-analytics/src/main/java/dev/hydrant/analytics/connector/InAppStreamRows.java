package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.runtime.typeutils.ExternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;

/**
 * The row layouts a source emits. Every source row is an envelope {@code (stream INT, data ROW, error ROW)}: data
 * rows go to in-application stream {@code _00(stream+1)}; error rows (stream = -1) go to {@code error_stream}.
 * Both end with {@code ROWTIME TIMESTAMP(3)}, the record's arrival time in the log.
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

    public TypeInformation<Row> dataTypeInfo() {
        return ExternalTypeInfo.of(dataRow());
    }

    public static TypeInformation<Row> errorTypeInfo() {
        return ExternalTypeInfo.of(ERROR_ROW);
    }

    public TypeInformation<Row> envelopeTypeInfo() {
        return new RowTypeInfo(new TypeInformation<?>[] {Types.INT, dataTypeInfo(), errorTypeInfo()},
                new String[] {"stream", "data", "error"});
    }
}
