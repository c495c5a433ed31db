package dev.hydrant.analytics;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heap's free ratios while applications run. The launcher starts the server with tight ones
 * ({@code MinHeapFreeRatio=10}, {@code MaxHeapFreeRatio=15}) so that an idle server gives memory back. Under an
 * application's load those make G1 shrink the heap at the end of every concurrent cycle, which starts the next cycle
 * sooner: the marking threads then took a third of a core, and the filter application's first pass ran at about
 * 215,000 records/s instead of 285,000 ({@code bench/sql.sh}). While at least one application runs, the ratios are
 * raised to the JVM's defaults (never lowered below what the process was started with); when the last one stops,
 * the start values come back, and the periodic collection of the idle server shrinks the heap again.
 *
 * <p>Both flags are manageable, so this changes them in the running JVM. Where that is impossible (another JVM, or
 * the flags locked), the ratios stay as they are.
 */
final class HeapFreeRatios {
    private static final Logger LOG = LoggerFactory.getLogger(HeapFreeRatios.class);
    static final String MIN = "MinHeapFreeRatio";
    static final String MAX = "MaxHeapFreeRatio";

    private final HotSpotDiagnosticMXBean vm;
    private final int runningMin;
    private final int runningMax;
    private int idleMin;
    private int idleMax;
    private int running;

    /** Raises the ratios to the JVM's defaults (40 and 70) while applications run. */
    static HeapFreeRatios forThisJvm() {
        HotSpotDiagnosticMXBean vm = null;
        try {
            vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("No HotSpot diagnostic bean: the heap's free ratios stay as they are", e);
        }
        return new HeapFreeRatios(vm, 40, 70);
    }

    /** @param vm null: change nothing */
    HeapFreeRatios(HotSpotDiagnosticMXBean vm, int runningMin, int runningMax) {
        if (runningMin < 0 || runningMin > runningMax || runningMax > 100) {
            throw new IllegalArgumentException("free ratios must satisfy 0 <= min <= max <= 100: " + runningMin + ", " + runningMax);
        }
        this.vm = vm;
        this.runningMin = runningMin;
        this.runningMax = runningMax;
    }

    synchronized void applicationStarted() {
        if (running++ == 0 && vm != null) {
            try {
                idleMin = Integer.parseInt(vm.getVMOption(MIN).getValue());
                idleMax = Integer.parseInt(vm.getVMOption(MAX).getValue());
                set(Math.max(idleMin, runningMin), Math.max(idleMax, runningMax));
            } catch (RuntimeException e) {
                idleMin = -1;
                LOG.debug("Cannot read the heap's free ratios; they stay as they are", e);
            }
        }
    }

    synchronized void applicationStopped() {
        if (running == 0) {
            throw new IllegalStateException("no application is running");
        }
        if (--running == 0 && vm != null && idleMin >= 0) {
            set(idleMin, idleMax);
        }
    }

    /** Sets both ratios in an order that keeps min <= max after each step, which the JVM checks. */
    private void set(int min, int max) {
        try {
            if (min > Integer.parseInt(vm.getVMOption(MAX).getValue())) {
                vm.setVMOption(MAX, Integer.toString(max));
                vm.setVMOption(MIN, Integer.toString(min));
            } else {
                vm.setVMOption(MIN, Integer.toString(min));
                vm.setVMOption(MAX, Integer.toString(max));
            }
            LOG.debug("Heap free ratios now {} to {} %", min, max);
        } catch (RuntimeException e) {
            LOG.debug("Cannot change the heap's free ratios to {} and {}", min, max, e);
        }
    }
}
