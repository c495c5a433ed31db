package dev.hydrant.function.jvm;

import dev.hydrant.function.FunctionLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every line a function logged. */
final class TestingFunctionLog implements FunctionLog {
    private final List<Line> lines = new CopyOnWriteArrayList<>();

    @Override
    public void line(String requestId, String line) {
        lines.add(new Line(requestId, line));
    }

    List<Line> lines() {
        return List.copyOf(lines);
    }

    List<String> linesOf(String requestId) {
        return lines.stream().filter(line -> requestId.equals(line.requestId())).map(Line::line).toList();
    }

    record Line(String requestId, String line) {}
}
