package dev.hydrant.spi;

import java.util.concurrent.atomic.AtomicLong;

/** A clock that tests move by hand. */
public final class TestingClock implements EpochClock {
    private final AtomicLong now;

    public TestingClock(long startMillis) {
        this.now = new AtomicLong(startMillis);
    }

    @Override
    public long millis() {
        return now.get();
    }

    public void advance(long millis) {
        now.addAndGet(millis);
    }

    public void set(long millis) {
        now.set(millis);
    }
}
