package dev.hydrant.analytics.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hydrant.spi.HydrantException;
import dev.hydrant.spi.ObjectStore;
import dev.hydrant.spi.SqlApplication;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.junit.jupiter.api.Test;

class ReferenceDataLoaderTest {
    private static final List<SqlApplication.Column> COLUMNS = List.of(
            new SqlApplication.Column("Ticker", "VARCHAR(4)", "$.ticker"),
            new SqlApplication.Column("Company", "VARCHAR(16)", "$.company.name"),
            new SqlApplication.Column("Weight", "DECIMAL(5,2)", "$.weight"));

    @Test
    void mapsEachJsonDocumentOfTheObjectWithTheColumnsJsonPaths() {
        ObjectStore store = store(Map.of("companies.json", """
                {"ticker": "AMZN", "company": {"name": "Amazon"}, "weight": 1.5}
                {"ticker": "ABCDEFG", "company": {"name": "Truncated"}, "weight": 2}
                {"ticker": "X", "weight": "heavy"}
                """));
        SqlApplication.ReferenceTable table = new SqlApplication.ReferenceTable("2.1", "COMPANIES", "bucket", "companies.json",
                new SqlApplication.RecordFormat("JSON", "$", null, null), COLUMNS);

        List<RowData> rows = ReferenceDataLoader.load(store, table);

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getString(0).toString()).isEqualTo("AMZN");
        assertThat(rows.get(0).getString(1).toString()).isEqualTo("Amazon");
        assertThat(rows.get(0).getDecimal(2, 5, 2)).isEqualTo(DecimalData.fromBigDecimal(new BigDecimal("1.50"), 5, 2));
        assertThat(rows.get(1).getString(0).toString()).isEqualTo("ABCD");
    }

    @Test
    void explodesTheRecordRowPath() {
        ObjectStore store = store(Map.of("companies.json", """
                {"companies": [{"ticker": "A", "company": {"name": "a"}, "weight": 1}, {"ticker": "B", "company": null, "weight": 2}]}
                """));
        SqlApplication.ReferenceTable table = new SqlApplication.ReferenceTable("2.1", "COMPANIES", "bucket", "companies.json",
                new SqlApplication.RecordFormat("JSON", "$.companies[0:]", null, null),
                List.of(new SqlApplication.Column("Ticker", "VARCHAR(4)", "$.companies[0:].ticker"),
                        new SqlApplication.Column("Company", "VARCHAR(16)", "$.companies[0:].company.name")));

        List<RowData> rows = ReferenceDataLoader.load(store, table);

        assertThat(rows).extracting(row -> row.getString(0).toString()).containsExactly("A", "B");
        assertThat(rows.get(1).isNullAt(1)).isTrue();
    }

    @Test
    void missingObjectIsAConfigurationError() {
        SqlApplication.ReferenceTable table = new SqlApplication.ReferenceTable("2.1", "COMPANIES", "bucket", "absent.csv",
                new SqlApplication.RecordFormat("CSV", null, "\n", ","), COLUMNS);

        assertThatThrownBy(() -> ReferenceDataLoader.load(store(Map.of()), table))
                .isInstanceOf(HydrantException.class)
                .hasMessageContaining("s3://bucket/absent.csv does not exist");
    }

    private static ObjectStore store(Map<String, String> objects) {
        return new ObjectStore() {
            @Override
            public void createBucket(String bucket) {}

            @Override
            public boolean bucketExists(String bucket) {
                return true;
            }

            @Override
            public boolean deleteBucket(String bucket) {
                return false;
            }

            @Override
            public void putObject(String bucket, String key, ObjectWriter writer) {
                throw new UnsupportedOperationException();
            }

            @Override
            public InputStream getObject(String bucket, String key) throws NoSuchFileException {
                String text = objects.get(key);
                if (text == null) {
                    throw new NoSuchFileException(key);
                }
                return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
            }
        };
    }
}
