package dev.hydrant.spi;

/** Wall-clock time in epoch milliseconds. Injected everywhere so tests can drive time. */
@FunctionalInterface
public interface EpochClock {
    EpochClock SYSTEM = System::currentTimeMillis;

    long millis();
}
