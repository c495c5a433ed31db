package dev.hydrant.analytics.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.amazon.randomcutforest.returntypes.DiVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RandomCutForestDetectorTest {
    private static final RandomCutForestParameters SMALL = new RandomCutForestParameters(30, 64, 100_000, 1);

    @Test
    void scoresZeroForTheFirstSubSampleSizeRecordsThenScoresBeforeLearning() {
        RandomCutForestDetector detector = RandomCutForestDetector.create(2, SMALL);
        List<double[]> points = normalPoints(new Random(7), 80);

        List<Double> scores = scoreAndLearn(detector, points);

        assertThat(scores.subList(0, 64)).containsOnly(0.0);
        assertThat(scores.subList(64, 80)).allSatisfy(score -> assertThat(score).isPositive());
        assertThat(detector.updates()).isEqualTo(80);
    }

    @Test
    void anObviousOutlierScoresSeveralTimesHigherThanOrdinaryRecords() {
        RandomCutForestDetector detector = RandomCutForestDetector.create(2, RandomCutForestParameters.DEFAULTS);
        scoreAndLearn(detector, normalPoints(new Random(1), 400));
        List<Double> ordinary = scoreAndLearn(detector, normalPoints(new Random(2), 50));

        double outlier = detector.score(new double[] {40, -30});

        double highestOrdinary = ordinary.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertThat(outlier).isGreaterThan(3 * highestOrdinary / 2).isGreaterThan(4.0);
    }

    @Test
    void theSameRecordsGiveTheSameScoresRunAfterRun() {
        List<double[]> points = normalPoints(new Random(3), 150);

        List<Double> first = scoreAndLearn(RandomCutForestDetector.create(2, SMALL), points);
        List<Double> second = scoreAndLearn(RandomCutForestDetector.create(2, SMALL), points);

        assertThat(first).isEqualTo(second);
    }

    @Test
    void aRestoredSnapshotGoesOnExactlyLikeTheOriginal() {
        RandomCutForestDetector original = RandomCutForestDetector.create(2, SMALL);
        scoreAndLearn(original, normalPoints(new Random(4), 100));

        RandomCutForestDetector restored = RandomCutForestDetector.restore(original.snapshot());

        List<double[]> later = normalPoints(new Random(5), 60);
        later.add(new double[] {25, 25});
        assertThat(scoreAndLearn(restored, later)).isEqualTo(scoreAndLearn(original, later));
        assertThat(restored.dimensions()).isEqualTo(2);
    }

    @Test
    void attributionSplitsTheScoreOverTheColumnsAndPointsHighOrLow() {
        RandomCutForestDetector detector = RandomCutForestDetector.create(2, RandomCutForestParameters.DEFAULTS);
        scoreAndLearn(detector, normalPoints(new Random(6), 300));
        double[] point = {0.1, -35};

        DiVector attribution = detector.attribution(point);

        assertThat(attribution.getHighLowSum()).isCloseTo(detector.score(point), within(1e-6));
        assertThat(attribution.getHighLowSum(1)).isGreaterThan(5 * attribution.getHighLowSum(0));
        assertThat(attribution.low[1]).isGreaterThan(attribution.high[1]);
        assertThat(RandomCutForestDetector.explanation(List.of("x", "y"), attribution, true))
                .matches("\\{\"x\":\\{\"DIRECTION\":\"(HIGH|LOW)\",\"STRENGTH\":\"\\d+\\.\\d{4}\",\"ATTRIBUTION_SCORE\":\"\\d+\\.\\d{4}\"},"
                        + "\"y\":\\{\"DIRECTION\":\"LOW\",\"STRENGTH\":\"\\d+\\.\\d{4}\",\"ATTRIBUTION_SCORE\":\"\\d+\\.\\d{4}\"}}");
    }

    @Test
    void explanationHasKdasShapeWithAndWithoutDirectionality() {
        DiVector attribution = new DiVector(new double[] {0.02, 1.5}, new double[] {0.3, 0.25});

        assertThat(RandomCutForestDetector.explanation(List.of("Systolic", "Dia\"stolic"), attribution, true)).isEqualTo(
                "{\"Systolic\":{\"DIRECTION\":\"LOW\",\"STRENGTH\":\"0.2800\",\"ATTRIBUTION_SCORE\":\"0.3200\"},"
                        + "\"Dia\\\"stolic\":{\"DIRECTION\":\"HIGH\",\"STRENGTH\":\"1.2500\",\"ATTRIBUTION_SCORE\":\"1.7500\"}}");
        assertThat(RandomCutForestDetector.explanation(List.of("Systolic", "Diastolic"), attribution, false)).isEqualTo(
                "{\"Systolic\":{\"ATTRIBUTION_SCORE\":\"0.3200\"},\"Diastolic\":{\"ATTRIBUTION_SCORE\":\"1.7500\"}}");
        assertThat(RandomCutForestDetector.explanation(List.of("a"), new DiVector(1), true))
                .isEqualTo("{\"a\":{\"DIRECTION\":\"LOW\",\"STRENGTH\":\"0.0000\",\"ATTRIBUTION_SCORE\":\"0.0000\"}}");
    }

    @Test
    void shinglingScoresTheShapeOfTheLastRecords() {
        RandomCutForestDetector detector = RandomCutForestDetector.create(1, new RandomCutForestParameters(50, 64, 100_000, 4));
        List<double[]> wave = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            wave.add(new double[] {Math.sin(i * Math.PI / 8)});
        }
        List<Double> ordinary = scoreAndLearn(detector, wave);

        // a value the wave takes, but out of its rhythm
        double broken = detector.score(new double[] {Math.sin(300 * Math.PI / 8) * -1});

        assertThat(ordinary.subList(0, 64)).containsOnly(0.0);
        double highestOrdinary = ordinary.subList(200, 300).stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertThat(broken).isGreaterThan(highestOrdinary);
        assertThat(detector.attribution(new double[] {0.5}).getDimensions()).isEqualTo(1);
    }

    @Test
    void rejectsParametersOutsideKdasRanges() {
        assertThatThrownBy(() -> new RandomCutForestParameters(0, 256, 100_000, 1)).hasMessage("numberOfTrees must be between 1 and 1000");
        assertThatThrownBy(() -> new RandomCutForestParameters(100, 9, 100_000, 1)).hasMessage("subSampleSize must be between 10 and 1000");
        assertThatThrownBy(() -> new RandomCutForestParameters(100, 256, 100, 1)).hasMessage("subSampleSize (256) must be less than timeDecay (100)");
        assertThatThrownBy(() -> new RandomCutForestParameters(100, 256, 100_000, 31)).hasMessage("shingleSize must be between 1 and 30");
        assertThatThrownBy(() -> RandomCutForestDetector.create(2, SMALL).score(new double[] {1}))
                .hasMessage("point has 1 coordinates, the model 2");
    }

    private static List<Double> scoreAndLearn(RandomCutForestDetector detector, List<double[]> points) {
        List<Double> scores = new ArrayList<>();
        for (double[] point : points) {
            scores.add(detector.score(point));
            detector.update(point);
        }
        return scores;
    }

    private static List<double[]> normalPoints(Random random, int count) {
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            points.add(new double[] {random.nextGaussian(), random.nextGaussian()});
        }
        return points;
    }
}
