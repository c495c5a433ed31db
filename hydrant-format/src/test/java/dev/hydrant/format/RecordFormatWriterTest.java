package dev.hydrant.format;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hydrant.spi.FormatConversionConfig;
import dev.hydrant.spi.FormatConversionConfig.ExplicitSchema;
import dev.hydrant.spi.FormatConversionConfig.HiveJsonSerDe;
import dev.hydrant.spi.FormatConversionConfig.InferredSchema;
import dev.hydrant.spi.FormatConversionConfig.OpenXJsonSerDe;
import dev.hydrant.spi.FormatConversionConfig.OrcSerDe;
import dev.hydrant.spi.FormatConversionConfig.ParquetCompression;
import dev.hydrant.spi.FormatConversionConfig.ParquetSerDe;
import dev.hydrant.spi.FormatRecord;
import dev.hydrant.spi.HiveType;
import dev.hydrant.spi.HydrantException;
import dev.hydrant.spi.RecordFormatWriter;
import dev.hydrant.spi.RecordFormatWriter.ConversionFailure;
import dev.hydrant.spi.RecordFormatWriterFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.ql.exec.vector.VectorizedRowBatch;
import org.apache.orc.CompressionKind;
import org.apache.orc.OrcFile;
import org.apache.orc.Reader;
import org.apache.orc.RecordReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordFormatWriterTest {
    private static final HiveType.StructType TELEMETRY = (HiveType.StructType) HiveType.parse(
            "struct<car:string,lap:smallint,speed:double,throttle:float,fuel:decimal(6,3),pit:boolean,"
                    + "ts:timestamp,day:date,car_info:struct<team:string,number:tinyint>,"
                    + "sectors:array<int>,tyres:map<string,double>,laps:array<struct<n:int,t:bigint>>>");
    private static final List<String> TELEMETRY_RECORDS = List.of(
            "{\"car\":\"VER\",\"lap\":12,\"speed\":312.5,\"throttle\":0.75,\"fuel\":42.125,\"pit\":false,"
                    + "\"ts\":\"2024-05-01T14:03:07.250Z\",\"day\":\"2024-05-01\",\"car_info\":{\"team\":\"RBR\",\"number\":1},"
                    + "\"sectors\":[28123,31456,null],\"tyres\":{\"fl\":98.5,\"fr\":null},"
                    + "\"laps\":[{\"n\":1,\"t\":91234},{\"n\":2}]}",
            "{\"car\":\"HAM\",\"lap\":3,\"speed\":-0.5,\"fuel\":-1.5,\"ts\":1714572187,\"car_info\":{\"team\":\"MER\"},"
                    + "\"sectors\":[],\"tyres\":{}}",
            "{\"car\":\"NOR\",\"ts\":1714572187001,\"extra\":\"ignored\",\"fuel\":null}");
    private static final List<String> TELEMETRY_ROWS = List.of(
            "VER|12|312.5|0.75|42.125|false|2024-05-01 14:03:07.25|2024-05-01|{'team': RBR, 'number': 1}"
                    + "|[28123, 31456, NULL]|{fl=98.5, fr=NULL}|[{'n': 1, 't': 91234}, {'n': 2, 't': NULL}]",
            "HAM|3|-0.5|NULL|-1.500|NULL|2024-05-01 14:03:07|NULL|{'team': MER, 'number': NULL}|[]|{}|NULL",
            "NOR|NULL|NULL|NULL|NULL|NULL|2024-05-01 14:03:07.001|NULL|NULL|NULL|NULL|NULL");

    @TempDir
    Path directory;

    @Test
    void serviceLoaderFindsTheFactory() {
        assertThat(RecordFormatWriterFactory.load()).isInstanceOf(ColumnarFormatWriterFactory.class);
    }

    @Test
    void writesParquetThatDuckDbReadsBackExactly() throws Exception {
        RecordFormatWriter writer = writer(new ExplicitSchema(TELEMETRY), OpenXJsonSerDe.defaults(), ParquetSerDe.defaults());
        Path file = write(writer, TELEMETRY_RECORDS, 3, List.of());

        assertThat(writer.fileExtension()).isEqualTo(".parquet");
        assertThat(duckDbRows(file)).containsExactlyElementsOf(TELEMETRY_ROWS);
        assertThat(duckDbQuery("SELECT DISTINCT compression FROM parquet_metadata('" + file + "')")).containsExactly("SNAPPY");
    }

    @Test
    void appliesParquetCompression() throws Exception {
        for (ParquetCompression compression : ParquetCompression.values()) {
            ParquetSerDe serDe = new ParquetSerDe(compression, 256L << 20, 1 << 20, true, 0,
                    FormatConversionConfig.ParquetWriterVersion.V1);
            Path file = write(writer(new ExplicitSchema(TELEMETRY), OpenXJsonSerDe.defaults(), serDe), TELEMETRY_RECORDS, 3, List.of());

            assertThat(duckDbRows(file)).containsExactlyElementsOf(TELEMETRY_ROWS);
            assertThat(duckDbQuery("SELECT DISTINCT compression FROM parquet_metadata('" + file + "')"))
                    .containsExactly(compression.name());
        }
    }

    /** DuckDB 1.4 cannot read V2's DELTA_BYTE_ARRAY pages of fixed-length decimals, so this schema has none. */
    @Test
    void appliesParquetWriterVersionAndDictionarySetting() throws Exception {
        HiveType.StructType schema = (HiveType.StructType) HiveType.parse("struct<car:string,lap:bigint>");
        List<String> records = List.of("{\"car\":\"VER\",\"lap\":1}", "{\"car\":\"VER\",\"lap\":2}");
        ParquetSerDe v2 = new ParquetSerDe(ParquetCompression.SNAPPY, 256L << 20, 1 << 20, false, 0,
                FormatConversionConfig.ParquetWriterVersion.V2);
        Path v2File = write(writer(new ExplicitSchema(schema), OpenXJsonSerDe.defaults(), v2), records, 2, List.of());
        Path v1File = write(writer(new ExplicitSchema(schema), OpenXJsonSerDe.defaults(), ParquetSerDe.defaults()), records, 2, List.of());

        assertThat(duckDbRows(v2File)).containsExactly("VER|1", "VER|2");
        assertThat(duckDbQuery("SELECT encodings FROM parquet_metadata('" + v2File + "') ORDER BY column_id"))
                .containsExactly("DELTA_BYTE_ARRAY", "DELTA_BINARY_PACKED");
        assertThat(duckDbQuery("SELECT encodings FROM parquet_metadata('" + v1File + "') ORDER BY column_id"))
                .first().asString().contains("PLAIN_DICTIONARY");
    }

    @Test
    void writesOrcThatOrcReaderReadsBackExactly() throws Exception {
        RecordFormatWriter writer = writer(new ExplicitSchema(TELEMETRY), OpenXJsonSerDe.defaults(), OrcSerDe.defaults());
        Path file = write(writer, TELEMETRY_RECORDS, 3, List.of());

        assertThat(writer.fileExtension()).isEqualTo(".orc");
        Reader reader = orcReader(file);
        assertThat(reader.getCompressionKind()).isEqualTo(CompressionKind.SNAPPY);
        assertThat(reader.getSchema().toString()).isEqualTo(
                "struct<car:string,lap:smallint,speed:double,throttle:float,fuel:decimal(6,3),pit:boolean,"
                        + "ts:timestamp,day:date,car_info:struct<team:string,number:tinyint>,"
                        + "sectors:array<int>,tyres:map<string,double>,laps:array<struct<n:int,t:bigint>>>");
        assertThat(orcRows(reader)).containsExactly(
                // ORC prints dates as epoch days (19844 is 2024-05-01) and structs as lists of their fields.
                "\"VER\"|12|312.5|0.75|42.125|0|2024-05-01 14:03:07.250|19844|[\"RBR\", 1]"
                        + "|[28123, 31456, null]|[{\"key\": \"fl\", \"value\": 98.5}, {\"key\": \"fr\", \"value\": null}]"
                        + "|[[1, 91234], [2, null]]",
                "\"HAM\"|3|-0.5|null|-1.5|null|2024-05-01 14:03:07|null|[\"MER\", null]|[]|[]|null",
                "\"NOR\"|null|null|null|null|null|2024-05-01 14:03:07.001|null|null|null|null|null");
    }

    @Test
    void reportsBadRecordsAndWritesTheRest() throws Exception {
        HiveType.StructType schema = (HiveType.StructType) HiveType.parse("struct<id:int,level:tinyint,tags:array<string>>");
        List<String> records = List.of(
                "{\"id\":1,\"level\":2,\"tags\":[\"a\"]}",
                "not json",
                "[1,2]",
                "{\"id\":\"three\"}",
                "{\"id\":4,\"level\":300}",
                "{\"id\":5,\"tags\":\"notalist\"}",
                "{\"id\":6}{\"id\":7}",
                "{\"id\":8}{\"id\":",
                "");
        for (FormatConversionConfig.Serializer serializer : List.of(ParquetSerDe.defaults(), OrcSerDe.defaults())) {
            RecordFormatWriter writer = writer(new ExplicitSchema(schema), OpenXJsonSerDe.defaults(), serializer);
            Path file = write(writer, records, 3, List.of(
                    new ConversionFailure(1, "DataFormatConversion.MalformedData", "not valid JSON"),
                    new ConversionFailure(2, "DataFormatConversion.MalformedData", "expected a JSON object, found ["),
                    new ConversionFailure(3, "DataFormatConversion.InvalidValue", "id: cannot convert \"three\" to int"),
                    new ConversionFailure(4, "DataFormatConversion.InvalidValue", "level: 300 is out of range for tinyint"),
                    new ConversionFailure(5, "DataFormatConversion.InvalidValue", "tags: cannot convert \"notalist\" to array<string>"),
                    new ConversionFailure(7, "DataFormatConversion.MalformedData", "not valid JSON"),
                    new ConversionFailure(8, "DataFormatConversion.MalformedData", "record holds no JSON object")));
            if (serializer instanceof ParquetSerDe) {
                assertThat(duckDbRows(file)).containsExactly("1|2|[a]", "6|NULL|NULL", "7|NULL|NULL");
            }
            else {
                assertThat(orcRows(orcReader(file))).containsExactly("1|2|[\"a\"]", "6|null|null", "7|null|null");
            }
        }
    }

    @Test
    void infersSchemaFromTheFirstRecords() throws Exception {
        List<String> records = List.of(
                "{\"Car\":\"VER\",\"speed\":312,\"gps\":{\"lat\":51.5,\"lon\":-0.1},\"sectors\":[1,2],\"pit\":true}",
                "{\"car\":\"HAM\",\"speed\":298.25,\"flag\":null,\"mixed\":1,\"sectors\":[3]}",
                "{\"car\":\"NOR\",\"mixed\":\"one\",\"gps\":{\"alt\":12},\"late\":1}");
        RecordFormatWriter writer = writer(new InferredSchema(3), OpenXJsonSerDe.defaults(), ParquetSerDe.defaults());
        Path file = write(writer, records, 3, List.of());

        assertThat(SchemaInference.infer(formatRecords(records), 2, false).orElseThrow().hiveName()).isEqualTo(
                "struct<car:string,speed:double,gps:struct<lat:double,lon:double>,sectors:array<bigint>,pit:boolean,"
                        + "flag:string,mixed:bigint>");
        assertThat(duckDbQuery("SELECT column_name || ' ' || column_type FROM (DESCRIBE SELECT * FROM read_parquet('" + file + "'))"))
                .containsExactly("car VARCHAR", "speed DOUBLE", "gps STRUCT(lat DOUBLE, lon DOUBLE, alt BIGINT)",
                        "sectors BIGINT[]", "pit BOOLEAN", "flag VARCHAR", "mixed VARCHAR", "late BIGINT");
        assertThat(duckDbRows(file)).containsExactly(
                "VER|312.0|{'lat': 51.5, 'lon': -0.1, 'alt': NULL}|[1, 2]|true|NULL|NULL|NULL",
                "HAM|298.25|NULL|[3]|NULL|NULL|1|NULL",
                "NOR|NULL|{'lat': NULL, 'lon': NULL, 'alt': 12}|NULL|NULL|NULL|one|1");
    }

    @Test
    void failsEveryRecordWhenNothingCanBeInferred() {
        RecordFormatWriter writer = writer(new InferredSchema(10), OpenXJsonSerDe.defaults(), OrcSerDe.defaults());
        RecordFormatWriter.ConvertedRecords converted = writer.convert(formatRecords(List.of("nope", "[]")));

        assertThat(converted.rowCount()).isZero();
        assertThat(converted.failures()).extracting(ConversionFailure::index).containsExactly(0, 1);
        assertThatThrownBy(() -> converted.writeTo(new ByteArrayOutputStream())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void openXMapsKeysIgnoringCaseWithDotsAndMappings() throws Exception {
        HiveType.StructType schema = (HiveType.StructType) HiveType.parse(
                "struct<engine_rpm:int,gear:int,ts:string,driver:struct<name:string>>");
        OpenXJsonSerDe serDe = new OpenXJsonSerDe(true, true, Map.of("ts", "@timestamp"));
        JsonRowDecoder decoder = new JsonRowDecoder(schema, serDe);

        assertThat(decoder.decode("{\"Engine.RPM\":11000,\"GEAR\":\"7\",\"@timestamp\":\"t1\",\"ts\":\"ignored\",\"Driver\":{\"NAME\":\"Max\"}}"
                .getBytes(UTF_8)).get(0)).containsExactly(11000, 7, "t1", new Object[] {"Max"});

        JsonRowDecoder caseSensitive = new JsonRowDecoder(schema, new OpenXJsonSerDe(false, false, Map.of()));
        assertThat(caseSensitive.decode("{\"Engine.RPM\":1,\"engine_rpm\":2,\"GEAR\":3,\"gear\":4}".getBytes(UTF_8)).get(0))
                .containsExactly(2, 4, null, null);
    }

    @Test
    void openXIsLenientAboutTypesAndReadsEpochAndIsoTimestamps() throws Exception {
        HiveType.StructType schema = (HiveType.StructType) HiveType.parse(
                "struct<n:bigint,d:decimal(5,2),b:boolean,s:string,t:timestamp,day:date>");
        JsonRowDecoder decoder = new JsonRowDecoder(schema, OpenXJsonSerDe.defaults());

        assertThat(decoder.decode("{\"n\":\"42\",\"d\":\"1.005\",\"b\":\"TRUE\",\"s\":{\"a\":1},\"t\":\"2024-05-01 16:03:07.5+02:00\",\"day\":19844}"
                .getBytes(UTF_8)).get(0))
                .containsExactly(42L, new java.math.BigDecimal("1.01"), true, "{\"a\":1}", 1_714_572_187_500_000L, 19844);
        assertThat(timestamp(decoder, "1714572187")).isEqualTo(1_714_572_187_000_000L);
        assertThat(timestamp(decoder, "1714572187123")).isEqualTo(1_714_572_187_123_000L);
        assertThat(timestamp(decoder, "1714572187.25")).isEqualTo(1_714_572_187_250_000L);
        assertThat(timestamp(decoder, "\"2024-05-01T14:03:07Z\"")).isEqualTo(1_714_572_187_000_000L);
        assertThat(timestamp(decoder, "\"2024-05-01\"")).isEqualTo(1_714_521_600_000_000L);
        assertThatThrownBy(() -> timestamp(decoder, "\"yesterday\"")).isInstanceOf(RecordConversionException.class);
        assertThatThrownBy(() -> decoder.decode("{\"d\":1234.5}".getBytes(UTF_8)))
                .hasMessageContaining("does not fit decimal(5,2)");
    }

    @Test
    void hiveSerDeRejectsNumbersGivenAsStrings() throws Exception {
        HiveType.StructType schema = (HiveType.StructType) HiveType.parse("struct<n:int,x:double,s:string>");
        JsonRowDecoder decoder = new JsonRowDecoder(schema, new HiveJsonSerDe(List.of()));

        assertThat(decoder.decode("{\"N\":1,\"x\":2.5,\"s\":3}".getBytes(UTF_8)).get(0)).containsExactly(1, 2.5, "3");
        assertThatThrownBy(() -> decoder.decode("{\"n\":\"1\"}".getBytes(UTF_8))).hasMessageContaining("n: cannot convert \"1\" to int");
        assertThatThrownBy(() -> decoder.decode("{\"x\":\"2.5\"}".getBytes(UTF_8))).hasMessageContaining("x: cannot convert");
        assertThatThrownBy(() -> decoder.decode("{\"s\":{\"a\":1}}".getBytes(UTF_8))).hasMessageContaining("s: cannot convert");
    }

    @Test
    void hiveSerDeReadsConfiguredTimestampFormats() throws Exception {
        JsonRowDecoder defaults = new JsonRowDecoder(timestampSchema(), new HiveJsonSerDe(List.of()));
        assertThat(timestamp(defaults, "\"2024-05-01 14:03:07.123456\"")).isEqualTo(1_714_572_187_123_456L);
        assertThatThrownBy(() -> timestamp(defaults, "\"2024-05-01T14:03:07Z\"")).isInstanceOf(RecordConversionException.class);
        assertThatThrownBy(() -> timestamp(defaults, "1714572187000")).isInstanceOf(RecordConversionException.class);

        JsonRowDecoder formats = new JsonRowDecoder(timestampSchema(),
                new HiveJsonSerDe(List.of("yyyy-MM-dd'T'HH:mm:ss.SSSZZ", "dd/MM/YYYY HH:mm Z", "millis")));
        assertThat(timestamp(formats, "\"2024-05-01T16:03:07.250+02:00\"")).isEqualTo(1_714_572_187_250_000L);
        assertThat(timestamp(formats, "\"01/05/2024 14:03 +0000\"")).isEqualTo(1_714_572_180_000_000L);
        assertThat(timestamp(formats, "1714572187001")).isEqualTo(1_714_572_187_001_000L);
        assertThat(timestamp(formats, "\"1714572187001\"")).isEqualTo(1_714_572_187_001_000L);
        assertThatThrownBy(() -> timestamp(formats, "\"2024-05-01 14:03:07\"")).isInstanceOf(RecordConversionException.class);
    }

    @Test
    void rejectsBadHiveConfigurationAtCreation() {
        assertThatThrownBy(() -> writer(new ExplicitSchema((HiveType.StructType) HiveType.parse("struct<`a.b`:int>")),
                new HiveJsonSerDe(List.of("yyyy-MM-dd qqqqqq")), ParquetSerDe.defaults()))
                .isInstanceOf(HydrantException.class)
                .hasMessageContaining("TimestampFormats:")
                .hasMessageContaining("columns.a.b: the Hive JSON SerDe does not accept dots");
    }

    @Test
    void translatesJodaPatterns() {
        assertThat(JsonTimestampParser.jodaToJavaTime("YYYY-MM-dd'T'HH:mm:ss.SSSZZ")).isEqualTo("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        assertThat(JsonTimestampParser.jodaToJavaTime("xxxx-ww Z ZZZ 'Zulu'")).isEqualTo("YYYY-ww XX VV 'Zulu'");
    }

    private static long timestamp(JsonRowDecoder decoder, String json) throws RecordConversionException {
        return (Long) decoder.decode(("{\"t\":" + json + "}").getBytes(UTF_8)).get(0)[decoder.schema().fields().size() == 1 ? 0 : 4];
    }

    private static HiveType.StructType timestampSchema() {
        return (HiveType.StructType) HiveType.parse("struct<t:timestamp>");
    }

    private static RecordFormatWriter writer(FormatConversionConfig.Schema schema, FormatConversionConfig.Deserializer deserializer,
            FormatConversionConfig.Serializer serializer) {
        return new ColumnarFormatWriterFactory().create(new FormatConversionConfig(schema, deserializer, serializer));
    }

    private Path write(RecordFormatWriter writer, List<String> records, int expectedRows, List<ConversionFailure> expectedFailures)
            throws IOException {
        RecordFormatWriter.ConvertedRecords converted = writer.convert(formatRecords(records));
        assertThat(converted.rowCount()).isEqualTo(expectedRows);
        assertThat(converted.failures()).hasSameSizeAs(expectedFailures);
        for (int i = 0; i < expectedFailures.size(); i++) {
            ConversionFailure actual = converted.failures().get(i);
            assertThat(actual.index()).isEqualTo(expectedFailures.get(i).index());
            assertThat(actual.errorCode()).isEqualTo(expectedFailures.get(i).errorCode());
            assertThat(actual.errorMessage()).contains(expectedFailures.get(i).errorMessage());
        }
        Path file = Files.createTempFile(directory, "converted", writer.fileExtension());
        try (var out = Files.newOutputStream(file)) {
            converted.writeTo(out);
        }
        return file;
    }

    private static List<FormatRecord> formatRecords(List<String> records) {
        return records.stream().map(record -> new FormatRecord(record.getBytes(UTF_8), 1_714_572_187_000L)).toList();
    }

    private static List<String> duckDbRows(Path file) throws SQLException {
        return duckDbQuery("SELECT * FROM read_parquet('" + file + "')");
    }

    /** Each row as its columns cast to text and joined with '|'. */
    private static List<String> duckDbQuery(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery("SELECT COLUMNS(*)::VARCHAR FROM (" + sql + ")")) {
            List<String> rows = new ArrayList<>();
            int columns = resultSet.getMetaData().getColumnCount();
            while (resultSet.next()) {
                String[] values = new String[columns];
                for (int i = 0; i < columns; i++) {
                    String value = resultSet.getString(i + 1);
                    values[i] = value == null ? "NULL" : value;
                }
                rows.add(String.join("|", values));
            }
            return rows;
        }
    }

    /** DuckDB 1.4 cannot read ORC (no reader in core, extensions cannot be installed offline): orc-core reads it back. */
    private static Reader orcReader(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        return OrcFile.createReader(new org.apache.hadoop.fs.Path("/" + file.getFileName()),
                OrcFile.readerOptions(new Configuration(false)).useUTCTimestamp(true).filesystem(new TestingByteArrayFileSystem(content)));
    }

    private static List<String> orcRows(Reader reader) throws IOException {
        List<String> rows = new ArrayList<>();
        try (RecordReader records = reader.rows()) {
            VectorizedRowBatch batch = reader.getSchema().createRowBatch();
            while (records.nextBatch(batch)) {
                for (int row = 0; row < batch.size; row++) {
                    String[] values = new String[batch.numCols];
                    for (int column = 0; column < batch.numCols; column++) {
                        StringBuilder value = new StringBuilder();
                        batch.cols[column].stringifyValue(value, row);
                        values[column] = value.toString();
                    }
                    rows.add(String.join("|", Arrays.asList(values)));
                }
            }
        }
        return rows;
    }
}
