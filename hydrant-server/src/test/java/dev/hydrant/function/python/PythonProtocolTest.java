package dev.hydrant.function.python;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PythonProtocolTest {
    @Test
    void readsWhatItWrites() throws IOException {
        byte[] bytes = frame(PythonProtocol.RESULT, "{\"requestId\": \"r\"}", "[1, 2]");

        PythonProtocol.Frame frame = PythonProtocol.read(new ByteArrayInputStream(bytes));

        assertThat(frame.type()).isEqualTo(PythonProtocol.RESULT);
        assertThat(new String(frame.header(), UTF_8)).isEqualTo("{\"requestId\": \"r\"}");
        assertThat(new String(frame.payload(), UTF_8)).isEqualTo("[1, 2]");
        assertThat(bytes).startsWith(0x48, 0x59, 0x44, 0x50, 1, PythonProtocol.RESULT, 0, 0, 0, 0, 0, 18, 0, 0, 0, 6);
    }

    @Test
    void returnsNullAtCleanEndOfStream() throws IOException {
        assertThat(PythonProtocol.read(new ByteArrayInputStream(new byte[0]))).isNull();
    }

    @Test
    void rejectsTruncatedFrame() {
        byte[] bytes = frame(PythonProtocol.ERROR, "{}", "payload");

        assertThatThrownBy(() -> PythonProtocol.read(new ByteArrayInputStream(Arrays.copyOf(bytes, bytes.length - 1))))
                .isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> PythonProtocol.read(new ByteArrayInputStream(Arrays.copyOf(bytes, 7))))
                .isInstanceOf(EOFException.class);
    }

    @Test
    void rejectsStrayOutputAsBadMagic() {
        byte[] bytes = "hello from print\n".getBytes(UTF_8);

        assertThatThrownBy(() -> PythonProtocol.read(new ByteArrayInputStream(bytes)))
                .isInstanceOf(PythonProtocol.ProtocolException.class)
                .hasMessage("bad frame magic 0x68656C6C");
    }

    @Test
    void rejectsRequestFrameAsResponse() {
        byte[] bytes = frame(PythonProtocol.INVOKE, "{}", "{}");

        assertThatThrownBy(() -> PythonProtocol.read(new ByteArrayInputStream(bytes)))
                .isInstanceOf(PythonProtocol.ProtocolException.class)
                .hasMessage("unexpected frame type 1");
    }

    private static byte[] frame(byte type, String header, String payload) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            PythonProtocol.write(output, type, header.getBytes(UTF_8), payload.getBytes(UTF_8));
        }
        catch (IOException e) {
            throw new AssertionError(e);
        }
        return output.toByteArray();
    }
}
