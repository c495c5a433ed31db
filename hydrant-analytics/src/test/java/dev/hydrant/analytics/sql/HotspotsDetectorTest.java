package dev.hydrant.analytics.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HotspotsDetectorTest {
    @Test
    void findsADenseClusterInUniformNoiseWithItsBoundingBoxAndDensity() {
        // KDA's example: points in [0, 10)², a fifth of them in the square [3, 4)×[6, 7)
        HotspotsDetector detector = new HotspotsDetector(2, 1000, 0.2, 17);
        Random random = new Random(11);
        for (int i = 0; i < 1000; i++) {
            boolean hot = i % 5 == 0;
            detector.add(i, hot ? new double[] {3 + random.nextDouble(), 6 + random.nextDouble()} : new double[] {10 * random.nextDouble(), 10 * random.nextDouble()});
        }

        List<HotspotsDetector.Hotspot> hotspots = detector.hotspots();

        assertThat(hotspots).hasSize(1);
        HotspotsDetector.Hotspot hotspot = hotspots.get(0);
        assertThat(hotspot.minValues()[0]).isBetween(2.8, 3.3);
        assertThat(hotspot.maxValues()[0]).isBetween(3.7, 4.2);
        assertThat(hotspot.minValues()[1]).isBetween(5.8, 6.3);
        assertThat(hotspot.maxValues()[1]).isBetween(6.7, 7.2);
        assertThat(hotspot.points()).isBetween(180, 240);
        double area = (hotspot.maxValues()[0] - hotspot.minValues()[0]) * (hotspot.maxValues()[1] - hotspot.minValues()[1]);
        assertThat(hotspot.density()).isCloseTo(hotspot.points() / area, within(1e-9)).isGreaterThan(100);
    }

    @Test
    void uniformNoiseHasNoHotspot() {
        HotspotsDetector detector = new HotspotsDetector(2, 1000, 0.2, 17);
        Random random = new Random(12);
        for (int i = 0; i < 1500; i++) {
            detector.add(i, new double[] {10 * random.nextDouble(), 10 * random.nextDouble()});
        }

        assertThat(detector.hotspots()).isEmpty();
        assertThat(HotspotsDetector.result(detector.hotspots())).isEqualTo("{\"hotspots\":[]}");
    }

    @Test
    void onlyTheLastWindowSizeRecordsCount() {
        HotspotsDetector detector = new HotspotsDetector(1, 100, 0.5, 10);
        for (int i = 0; i < 20; i++) {
            detector.add(i, new double[] {5.0});
        }
        assertThat(detector.hotspots()).hasSize(1);

        List<Long> evicted = List.of();
        for (int i = 20; i < 120; i++) {
            evicted = detector.add(i, new double[] {i * 10.0});
        }

        assertThat(evicted).containsExactly(19L);
        assertThat(detector.size()).isEqualTo(100);
        assertThat(detector.hotspots()).isEmpty();
    }

    @Test
    void separateClustersAreSeparateHotspotsDensestFirstAndIdenticalPointsHaveAFiniteDensity() {
        HotspotsDetector detector = new HotspotsDetector(2, 200, 1.0, 3);
        long sequence = 0;
        for (int i = 0; i < 4; i++) {
            detector.add(sequence++, new double[] {0.5 * i, 0});
        }
        for (int i = 0; i < 5; i++) {
            detector.add(sequence++, new double[] {100, 100});
        }
        detector.add(sequence, new double[] {50, 50});

        List<HotspotsDetector.Hotspot> hotspots = detector.hotspots();

        // 5 identical points: sides count as scanRadius (1 × 1); the line of 4 points spans 1.5 × (at least) 1
        assertThat(hotspots).extracting(HotspotsDetector.Hotspot::points).containsExactly(5, 4);
        assertThat(hotspots.get(0).density()).isEqualTo(5.0);
        assertThat(hotspots.get(1).density()).isCloseTo(4 / 1.5, within(1e-12));
        assertThat(HotspotsDetector.result(hotspots)).isEqualTo("{\"hotspots\":["
                + "{\"density\":5.0,\"minValues\":[100.0,100.0],\"maxValues\":[100.0,100.0]},"
                + "{\"density\":2.6666666666666665,\"minValues\":[0.0,0.0],\"maxValues\":[1.5,0.0]}]}");
    }

    @Test
    void borderPointsJoinTheHotspotOfTheirCoreNeighbour() {
        // 0, 1, 2 are core (3 points within radius 1 of 1); 3 is only a neighbour of 2
        HotspotsDetector detector = new HotspotsDetector(1, 100, 1.0, 3);
        detector.add(0, new double[] {0});
        detector.add(1, new double[] {1});
        detector.add(2, new double[] {2});
        detector.add(3, new double[] {3});
        detector.add(4, new double[] {10});

        List<HotspotsDetector.Hotspot> hotspots = detector.hotspots();

        assertThat(hotspots).hasSize(1);
        assertThat(hotspots.get(0).points()).isEqualTo(4);
        assertThat(hotspots.get(0).minValues()).containsExactly(0.0);
        assertThat(hotspots.get(0).maxValues()).containsExactly(3.0);
    }
}
