package dev.hydrant.format;

import static java.util.Objects.requireNonNull;

/** Why one record could not be converted; becomes a {@code format-conversion-failed} document, never escapes. */
final class RecordConversionException extends Exception {
    /** The record is not JSON, or not a JSON object. */
    static final String MALFORMED_DATA = "DataFormatConversion.MalformedData";
    /** A value does not fit its column's type. */
    static final String INVALID_VALUE = "DataFormatConversion.InvalidValue";

    private final String errorCode;

    RecordConversionException(String errorCode, String message) {
        super(requireNonNull(message, "message is null"), null, false, false);
        this.errorCode = requireNonNull(errorCode, "errorCode is null");
    }

    String errorCode() {
        return errorCode;
    }
}
