package dev.hydrant.function;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds deployment zips in memory. */
public final class TestingZips {
    private TestingZips() {}

    /** A zip of entry name to text content, in the given order. */
    public static byte[] zip(Map<String, String> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(UTF_8));
                zip.closeEntry();
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static byte[] pythonHello(String greeting) {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("hello.py", "def lambda_handler(event, context):\n    return {'greeting': '" + greeting + "', 'event': event}\n");
        return zip(entries);
    }
}
