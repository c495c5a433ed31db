package dev.hydrant.function;

import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A deployment package: its hash as Lambda reports it and a safe unpacker. Unpacking rejects entries that would land
 * outside the target directory (zip slip) and stops once the unpacked bytes pass the cap, counting bytes actually
 * written rather than trusting the sizes the zip declares.
 */
public final class FunctionCode {
    /** Lambda's limit on a zip uploaded directly (ZipFile). */
    public static final long MAX_ZIP_BYTES = 50L * 1024 * 1024;
    /** Lambda's limit on the unpacked deployment package. */
    public static final long MAX_UNZIPPED_BYTES = 262_144_000L;

    private FunctionCode() {}

    /** Base64 SHA-256, Lambda's CodeSha256. */
    public static String sha256(byte[] zip) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(zip));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    public static String toHex(String base64Sha256) {
        return HexFormat.of().formatHex(Base64.getDecoder().decode(base64Sha256));
    }

    /**
     * Unpacks {@code zip} into the empty or missing directory {@code target}. Throws InvalidParameterValueException for
     * a broken zip, an escaping entry or an oversize package; the caller deletes {@code target} then.
     */
    public static void unzip(Path zip, Path target, long maxUnzippedBytes) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        Files.createDirectories(root);
        long written = 0;
        byte[] buffer = new byte[64 * 1024];
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory() && root.resolve(entry.getName()).normalize().equals(root)) {
                    continue;
                }
                Path destination = resolveEntry(root, entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                    continue;
                }
                Files.createDirectories(destination.getParent());
                try (InputStream in = file.getInputStream(entry); OutputStream out = Files.newOutputStream(destination)) {
                    int read;
                    while ((read = in.read(buffer)) >= 0) {
                        written += read;
                        if (written > maxUnzippedBytes) {
                            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "Unzipped size must be smaller than " + maxUnzippedBytes + " bytes");
                        }
                        out.write(buffer, 0, read);
                    }
                }
            }
        }
        catch (ZipException e) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT, "Could not unzip uploaded file. Please check your file, then try to upload again. (" + e.getMessage() + ")", e);
        }
    }

    static Path resolveEntry(Path root, String entryName) {
        String name = entryName.replace('\\', '/');
        Path destination = root.resolve(name).normalize();
        if (name.startsWith("/") || name.contains("\0") || !destination.startsWith(root) || destination.equals(root)) {
            throw new HydrantException(ErrorCode.INVALID_ARGUMENT,
                    "Could not unzip uploaded file: the entry '" + entryName + "' would be written outside the function's directory");
        }
        return destination;
    }
}
