package dev.hydrant.gateway;

import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import java.util.List;

/**
 * The parsed {@code Authorization} header of a SigV4-signed request:
 * {@code AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/firehose/aws4_request, SignedHeaders=..., Signature=...}.
 * Hydrant parses it (and rejects malformed ones) but does not verify signatures yet.
 */
public record SigV4Authorization(String accessKeyId, String date, String region, String service, List<String> signedHeaders, String signature) {
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";

    /** Returns null when there is no header; unsigned requests are accepted. */
    public static SigV4Authorization parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String trimmed = header.trim();
        if (!trimmed.startsWith(ALGORITHM + " ")) {
            throw incomplete("Authorization header requires the " + ALGORITHM + " algorithm");
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : trimmed.substring(ALGORITHM.length() + 1).split(",")) {
            String item = part.trim();
            int equals = item.indexOf('=');
            if (equals < 0) {
                throw incomplete("Authorization header is malformed near '" + item + "'");
            }
            String key = item.substring(0, equals);
            String value = item.substring(equals + 1);
            switch (key) {
                case "Credential" -> credential = value;
                case "SignedHeaders" -> signedHeaders = value;
                case "Signature" -> signature = value;
                default -> throw incomplete("Authorization header has an unknown component '" + key + "'");
            }
        }
        if (credential == null || signedHeaders == null || signature == null) {
            throw incomplete("Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters");
        }
        String[] scope = credential.split("/");
        if (scope.length != 5 || !"aws4_request".equals(scope[4])) {
            throw incomplete("Credential should be scoped to a valid region: AKID/date/region/service/aws4_request");
        }
        return new SigV4Authorization(scope[0], scope[1], scope[2], scope[3], List.of(signedHeaders.split(";")), signature);
    }

    private static HydrantException incomplete(String message) {
        return new HydrantException(ErrorCode.INCOMPLETE_SIGNATURE, message);
    }
}
