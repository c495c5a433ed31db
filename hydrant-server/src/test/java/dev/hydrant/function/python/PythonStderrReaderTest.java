package dev.hydrant.function.python;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class PythonStderrReaderTest {
    private final TestingFunctionLog functionLog = new TestingFunctionLog();

    @Test
    void attributesLinesBetweenMarkersToTheRequest() {
        read("init line\n"
                + PythonProtocol.LOG_MARKER_START + "request-1\n"
                + "first\r\n"
                + "second\n"
                + PythonProtocol.LOG_MARKER_END + "request-1\n"
                + "between\n"
                + PythonProtocol.LOG_MARKER_START + "request-2\n"
                + "unfinished");

        assertThat(functionLog.lines()).containsExactly(
                new TestingFunctionLog.Line(null, "init line"),
                new TestingFunctionLog.Line("request-1", "first"),
                new TestingFunctionLog.Line("request-1", "second"),
                new TestingFunctionLog.Line(null, "between"),
                new TestingFunctionLog.Line("request-2", "unfinished"));
    }

    @Test
    void keepsOutputPrintedWithoutNewlineBeforeMarker() {
        read(PythonProtocol.LOG_MARKER_START + "request-1\n"
                + "no newline" + PythonProtocol.LOG_MARKER_END + "request-1\n"
                + "after\n");

        assertThat(functionLog.lines()).containsExactly(
                new TestingFunctionLog.Line("request-1", "no newline"),
                new TestingFunctionLog.Line(null, "after"));
    }

    @Test
    void splitsOverlongLines() {
        read("x".repeat(PythonStderrReader.MAX_LINE_BYTES + 10) + "\n");

        assertThat(functionLog.lines()).extracting(line -> line.text().length())
                .containsExactly(PythonStderrReader.MAX_LINE_BYTES, 10);
    }

    private void read(String stderr) {
        new PythonStderrReader(new ByteArrayInputStream(stderr.getBytes(UTF_8)), functionLog).run();
    }
}
