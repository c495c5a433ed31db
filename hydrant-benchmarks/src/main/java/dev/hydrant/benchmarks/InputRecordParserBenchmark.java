package dev.hydrant.benchmarks;

import dev.hydrant.analytics.connector.InputRecordParser;
import dev.hydrant.generator.TelemetryGenerator;
import dev.hydrant.pipeline.ApplicationSpec;
import dev.hydrant.pipeline.PipelineFile;
import dev.hydrant.spi.SqlApplication;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The SQL input parser on the reference application's input: about 1 KiB of F1 telemetry JSON per record, mapped by
 * JSONPath into the 31 typed columns of {@code examples/reference-pipeline/pipeline.yaml}, in records per second.
 * Run from the repository root (or set {@code -Dhydrant.pipeline=PATH}). {@code columns=all} converts all 31 columns;
 * {@code columns=filter} only the four that the reference application's SQL reads, as the server does for it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(InputRecordParserBenchmark.RECORDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class InputRecordParserBenchmark {
    static final int RECORDS = 1_000;

    @Param({"all", "filter"})
    public String columns;

    private byte[][] records;
    private InputRecordParser parser;

    @Setup(Level.Trial)
    public void setUp() {
        PipelineFile pipeline = PipelineFile.load(Path.of(System.getProperty("hydrant.pipeline", "examples/reference-pipeline/pipeline.yaml")));
        if (!pipeline.isValid()) {
            throw new IllegalStateException(pipeline.summary());
        }
        ApplicationSpec.InputSpec input = pipeline.spec().applications().get(0).inputs().get(0);
        Set<String> read = columns.equals("all") ? null : Set.of("speed", "rpm", "gear", "throttle");
        parser = new InputRecordParser(new SqlApplication.RecordFormat(input.format(), input.recordRowPath(), null, null), input.columns(), read);
        TelemetryGenerator generator = new TelemetryGenerator(42L);
        records = new byte[RECORDS][];
        for (int i = 0; i < RECORDS; i++) {
            records[i] = generator.next();
        }
    }

    @Benchmark
    public void parse(Blackhole blackhole) {
        InputRecordParser.RowSink sink = new InputRecordParser.RowSink() {
            @Override
            public void row(Object[] values) {
                blackhole.consume(values);
            }

            @Override
            public void error(String message) {
                throw new IllegalStateException(message);
            }
        };
        for (byte[] record : records) {
            parser.parse(record, sink);
        }
    }
}
