package dev.hydrant.generator;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/** The HTTP route by which {@link LoadRunner} hands records to the server. */
public enum IngestRoute {
    /**
     * The Firehose API: {@code POST /} with {@code X-Amz-Target} {@code Firehose_20150804.PutRecord} when the batch size
     * is 1, {@code Firehose_20150804.PutRecordBatch} otherwise.
     */
    FIREHOSE("firehose"),
    /**
     * The reference pipeline's API Gateway route: {@code PUT /streams} with a PutRecord body, one record per request.
     * A batch size above 1 only sets how many records are generated at once; each is still sent on its own request.
     */
    STREAMS("streams");

    private final String cliName;

    IngestRoute(String cliName) {
        this.cliName = requireNonNull(cliName, "cliName is null");
    }

    /** The lower-case name used on the command line ({@code --via firehose}). */
    public String cliName() {
        return cliName;
    }

    /** The route named {@code name}, in any letter case. */
    public static IngestRoute fromCliName(String name) {
        requireNonNull(name, "name is null");
        for (IngestRoute route : values()) {
            if (route.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return route;
            }
        }
        throw new IllegalArgumentException("unknown route '" + name + "': expected firehose or streams");
    }
}
