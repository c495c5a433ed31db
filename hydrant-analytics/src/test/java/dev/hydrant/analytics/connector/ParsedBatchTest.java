package dev.hydrant.analytics.connector;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.hydrant.spi.LogRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParsedBatchTest {
    private final ExecutorService helper = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "helper"));

    @AfterEach
    void stopHelper() {
        helper.shutdownNow();
    }

    private static List<LogRecord> records(int count) {
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(new LogRecord(i, 1_000L + i, ("record-" + i).getBytes(UTF_8)));
        }
        return records;
    }

    private static Object parse(byte[] data) {
        String text = new String(data, UTF_8);
        return text.endsWith("-3") ? null : new Object[] {text};
    }

    @Test
    void outcomesAreInRecordOrderWhicheverThreadParsedThem() throws Exception {
        ParsedBatch batch = ParsedBatch.start(records(500), ParsedBatchTest::parse, helper);

        Object[] outcomes = batch.outcomes();

        assertThat(outcomes).hasSize(500);
        for (int i = 0; i < 500; i++) {
            if (i == 3) {
                assertThat(outcomes[i]).as("no rows").isNull();
            } else {
                assertThat((Object[]) outcomes[i]).containsExactly("record-" + i);
            }
        }
    }

    @Test
    void theSourceThreadDoesNotWaitForARecordTheHelperIsStuckOn() throws Exception {
        CountDownLatch helperClaimed = new CountDownLatch(1);
        CountDownLatch releaseHelper = new CountDownLatch(1);
        Function<byte[], Object> parser = data -> {
            if (Thread.currentThread().getName().equals("helper")) { // the helper claims record 0, then is descheduled
                helperClaimed.countDown();
                try {
                    releaseHelper.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new Object[] {"from the helper"};
            }
            return parse(data);
        };
        ParsedBatch batch = ParsedBatch.start(records(10), parser, helper);
        helperClaimed.await();

        Object[] outcomes = assertTimeoutPreemptively(Duration.ofSeconds(30), batch::outcomes, "waited for the helper");

        assertThat((Object[]) outcomes[0]).containsExactly("record-0");
        assertThat((Object[]) outcomes[9]).containsExactly("record-9");
        releaseHelper.countDown();
    }

    @Test
    void aParsingFailureIsTheRecordsOutcome() {
        RuntimeException failure = new IllegalStateException("broken");
        ParsedBatch batch = ParsedBatch.start(records(2), data -> {
            if (new String(data, UTF_8).endsWith("-1")) {
                throw failure;
            }
            return parse(data);
        }, helper);

        assertThat(batch.outcomes()[1]).isSameAs(failure);
    }
}
