package dev.hydrant.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Changes the free ratios of the JVM running the tests, and puts them back. */
class HeapFreeRatiosTest {
    private final HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    private int originalMin;
    private int originalMax;

    @BeforeEach
    void saveRatios() {
        originalMin = ratio(HeapFreeRatios.MIN);
        originalMax = ratio(HeapFreeRatios.MAX);
    }

    @AfterEach
    void restoreRatios() {
        vm.setVMOption(HeapFreeRatios.MIN, "0");
        vm.setVMOption(HeapFreeRatios.MAX, Integer.toString(originalMax));
        vm.setVMOption(HeapFreeRatios.MIN, Integer.toString(originalMin));
    }

    @Test
    void raisesTheRatiosWhileApplicationsRunAndRestoresThemWhenTheLastStops() {
        setRatios(10, 15);
        HeapFreeRatios ratios = new HeapFreeRatios(vm, 40, 70);

        ratios.applicationStarted();
        assertThat(ratios()).containsExactly(40, 70);
        ratios.applicationStarted();
        ratios.applicationStopped();
        assertThat(ratios()).containsExactly(40, 70); // one still runs
        ratios.applicationStopped();
        assertThat(ratios()).containsExactly(10, 15);
        assertThatThrownBy(ratios::applicationStopped).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void neverLowersWhatTheProcessWasStartedWith() {
        setRatios(50, 60);
        HeapFreeRatios ratios = new HeapFreeRatios(vm, 40, 70);

        ratios.applicationStarted();
        assertThat(ratios()).containsExactly(50, 70);
        ratios.applicationStopped();
        assertThat(ratios()).containsExactly(50, 60);
    }

    @Test
    void withoutTheDiagnosticBeanNothingChanges() {
        setRatios(10, 15);
        HeapFreeRatios ratios = new HeapFreeRatios(null, 40, 70);

        ratios.applicationStarted();
        assertThat(ratios()).containsExactly(10, 15);
        ratios.applicationStopped();
        assertThat(ratios()).containsExactly(10, 15);
    }

    private void setRatios(int min, int max) {
        vm.setVMOption(HeapFreeRatios.MIN, "0");
        vm.setVMOption(HeapFreeRatios.MAX, Integer.toString(max));
        vm.setVMOption(HeapFreeRatios.MIN, Integer.toString(min));
    }

    private int[] ratios() {
        return new int[] {ratio(HeapFreeRatios.MIN), ratio(HeapFreeRatios.MAX)};
    }

    private int ratio(String name) {
        return Integer.parseInt(vm.getVMOption(name).getValue());
    }
}
