package dev.hydrant.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hydrant.spi.ErrorCode;
import dev.hydrant.spi.HydrantException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SigV4AuthorizationTest {
    @Test
    void parsesTheHeaderTheSdksSend() {
        SigV4Authorization authorization = SigV4Authorization.parse(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/firehose/aws4_request, "
                        + "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
        assertThat(authorization.accessKeyId()).isEqualTo("AKIDEXAMPLE");
        assertThat(authorization.date()).isEqualTo("20261125");
        assertThat(authorization.region()).isEqualTo("us-east-1");
        assertThat(authorization.service()).isEqualTo("firehose");
        assertThat(authorization.signedHeaders()).isEqualTo(List.of("content-type", "host", "x-amz-date", "x-amz-target"));
        assertThat(authorization.signature()).startsWith("5d672d79");
    }

    @Test
    void acceptsUnsignedRequests() {
        assertThat(SigV4Authorization.parse(null)).isNull();
        assertThat(SigV4Authorization.parse(" ")).isNull();
    }

    @Test
    void rejectsMalformedHeadersAsIncompleteSignature() {
        for (String header : List.of(
                "Basic dXNlcjpwYXNz",
                "AWS4-HMAC-SHA256 Credential=AKID/20261125/us-east-1/firehose/aws4_request",
                "AWS4-HMAC-SHA256 Credential=AKID/us-east-1/aws4_request, SignedHeaders=host, Signature=abc",
                "AWS4-HMAC-SHA256 garbage")) {
            assertThatThrownBy(() -> SigV4Authorization.parse(header))
                    .as(header)
                    .isInstanceOfSatisfying(HydrantException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INCOMPLETE_SIGNATURE));
        }
    }
}
