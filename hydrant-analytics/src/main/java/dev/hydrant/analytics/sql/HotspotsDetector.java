package dev.hydrant.analytics.sql;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * KDA's HOTSPOTS over one stream: the dense regions among the last {@code windowSize} records. AWS does not publish its
 * algorithm; the reference says a hotspot is "a small region of space that is relatively dense with data points" and
 * that {@code scanRadius} "is analogous to the ε value in the DBSCAN algorithm". Hydrant runs exactly DBSCAN:
 *
 * <ul>
 *   <li>the points are the numeric columns of the last {@code windowSize} records (fewer until that many arrived);
 *   <li>two points are neighbours when their Euclidean distance is at most {@code scanRadius};
 *   <li>a <em>core</em> point has at least {@code minimumNumberOfPointsInAHotspot} points within {@code scanRadius},
 *       itself included; core points that are neighbours belong to one hotspot, and a point that is not core but is a
 *       neighbour of a core point joins the first hotspot that reaches it (hotspots grow in the arrival order of their
 *       earliest core point), so a hotspot holds at least {@code minimumNumberOfPointsInAHotspot} points;
 *   <li>a hotspot's {@code minValues} and {@code maxValues} are its bounding box per column, and its {@code density} is
 *       its number of points divided by the box's volume, where each side counts as at least {@code scanRadius} (so a
 *       hotspot of identical or collinear points has a finite density).
 * </ul>
 *
 * <p>Neighbour lists are kept incrementally (a record costs one pass over the window to add and one to evict), and
 * everything is visited in arrival order, so the result is deterministic. Hotspots come out densest first.
 */
final class HotspotsDetector {
    private final int windowSize;
    private final double scanRadius;
    private final int minimumPoints;
    private final int dimensions;
    private final LinkedHashMap<Long, Point> window = new LinkedHashMap<>();

    HotspotsDetector(int dimensions, int windowSize, double scanRadius, int minimumPoints) {
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions must be positive");
        }
        if (windowSize < 1 || !(scanRadius > 0) || minimumPoints < 1) {
            throw new IllegalArgumentException("windowSize and minimumNumberOfPointsInAHotspot must be positive, scanRadius greater than 0");
        }
        this.dimensions = dimensions;
        this.windowSize = windowSize;
        this.scanRadius = scanRadius;
        this.minimumPoints = minimumPoints;
    }

    /** One dense region: the number of its points, their bounding box and the density. */
    record Hotspot(int points, double density, double[] minValues, double[] maxValues) {}

    private static final class Point {
        private final long sequence;
        private final double[] values;
        private final List<Point> neighbours = new ArrayList<>();

        Point(long sequence, double[] values) {
            this.sequence = sequence;
            this.values = values;
        }
    }

    int dimensions() {
        return dimensions;
    }

    /**
     * Adds the record with arrival number {@code sequence} (increasing) and evicts those that fell out of the window.
     *
     * @return the sequence numbers evicted
     */
    List<Long> add(long sequence, double[] values) {
        if (values.length != dimensions) {
            throw new IllegalArgumentException("point has " + values.length + " coordinates, the window " + dimensions);
        }
        List<Long> evicted = new ArrayList<>();
        while (window.size() >= windowSize) {
            Iterator<Point> oldest = window.values().iterator();
            Point point = oldest.next();
            oldest.remove();
            for (Point neighbour : point.neighbours) {
                neighbour.neighbours.remove(point);
            }
            evicted.add(point.sequence);
        }
        Point added = new Point(sequence, values.clone());
        double limit = scanRadius * scanRadius;
        for (Point other : window.values()) {
            if (squaredDistance(added.values, other.values) <= limit) {
                added.neighbours.add(other);
                other.neighbours.add(added);
            }
        }
        window.put(sequence, added);
        return evicted;
    }

    int size() {
        return window.size();
    }

    private static double squaredDistance(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double difference = a[i] - b[i];
            sum += difference * difference;
        }
        return sum;
    }

    /** The hotspots of the current window, densest first (ties: the one whose earliest core point arrived first). */
    List<Hotspot> hotspots() {
        Map<Point, Integer> cluster = new HashMap<>();
        List<List<Point>> clusters = new ArrayList<>();
        for (Point point : window.values()) {
            if (cluster.containsKey(point) || !isCore(point)) {
                continue;
            }
            int id = clusters.size();
            List<Point> members = new ArrayList<>();
            clusters.add(members);
            ArrayDeque<Point> frontier = new ArrayDeque<>();
            cluster.put(point, id);
            frontier.add(point);
            while (!frontier.isEmpty()) {
                Point current = frontier.poll();
                members.add(current);
                if (!isCore(current)) {
                    continue;
                }
                for (Point neighbour : current.neighbours) {
                    if (!cluster.containsKey(neighbour)) {
                        cluster.put(neighbour, id);
                        frontier.add(neighbour);
                    }
                }
            }
        }
        List<Hotspot> hotspots = new ArrayList<>();
        for (List<Point> members : clusters) {
            hotspots.add(hotspot(members));
        }
        // stable sort: equal densities keep the order of their earliest point
        hotspots.sort(Comparator.comparingDouble(Hotspot::density).reversed());
        return hotspots;
    }

    private boolean isCore(Point point) {
        return point.neighbours.size() + 1 >= minimumPoints;
    }

    private Hotspot hotspot(List<Point> members) {
        double[] min = members.get(0).values.clone();
        double[] max = members.get(0).values.clone();
        for (Point member : members) {
            for (int i = 0; i < dimensions; i++) {
                min[i] = Math.min(min[i], member.values[i]);
                max[i] = Math.max(max[i], member.values[i]);
            }
        }
        double volume = 1;
        for (int i = 0; i < dimensions; i++) {
            volume *= Math.max(max[i] - min[i], scanRadius);
        }
        return new Hotspot(members.size(), members.size() / volume, min, max);
    }

    /**
     * KDA's HOTSPOTS_RESULT: {@code {"hotspots":[{"density":..,"minValues":[..],"maxValues":[..]}, ...]}}, numbers as
     * Java prints doubles ({@code {"hotspots":[]}} when there is none).
     */
    static String result(List<Hotspot> hotspots) {
        StringBuilder json = new StringBuilder("{\"hotspots\":[");
        for (int i = 0; i < hotspots.size(); i++) {
            Hotspot hotspot = hotspots.get(i);
            json.append(i == 0 ? "" : ",").append("{\"density\":").append(hotspot.density())
                    .append(",\"minValues\":").append(array(hotspot.minValues()))
                    .append(",\"maxValues\":").append(array(hotspot.maxValues())).append('}');
        }
        return json.append("]}").toString();
    }

    private static String array(double[] values) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            json.append(i == 0 ? "" : ",").append(values[i]);
        }
        return json.append(']').toString();
    }
}
