package dev.hydrant.function.python;

import static java.util.Objects.requireNonNull;

import dev.hydrant.function.FunctionLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every line a function wrote, with the request id it was attributed to. */
final class TestingFunctionLog implements FunctionLog {
    record Line(String requestId, String text) {
        Line {
            requireNonNull(text, "text is null");
        }
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();

    @Override
    public void line(String requestId, String line) {
        lines.add(new Line(requestId, line));
    }

    List<Line> lines() {
        return List.copyOf(lines);
    }

    List<String> linesOf(String requestId) {
        return lines.stream().filter(line -> requestId.equals(line.requestId())).map(Line::text).toList();
    }
}
