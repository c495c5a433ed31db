package dev.hydrant.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What apply or destroy would change on a server, in the order it would be done: buckets are created before the
 * delivery streams that write to them, and delivery streams are deleted before their buckets.
 *
 * @param mode whether this plan applies the pipeline file or destroys what it declares
 * @param changes the steps, in order
 * @param notices what the plan deliberately leaves alone, such as drift: delivery streams on the server that the
 *     pipeline file does not declare
 */
public record Plan(Mode mode, List<Change> changes, List<Notice> notices) {
    public enum Mode {
        APPLY,
        DESTROY
    }

    /** Something on the server the plan leaves alone, and why: shown as {@code ! resource: message}. */
    public record Notice(String resource, String message) {
        public Notice {
            requireNonNull(resource, "resource is null");
            requireNonNull(message, "message is null");
        }

        /** The notice for a delivery stream on the server that the pipeline file does not declare. */
        public static Notice drift(String deliveryStreamName) {
            return new Notice("delivery stream " + deliveryStreamName,
                    "exists on the server but not in the pipeline file (created outside it); apply leaves it alone");
        }

        @Override
        public String toString() {
            return resource + ": " + message;
        }
    }

    public Plan {
        requireNonNull(mode, "mode is null");
        changes = List.copyOf(requireNonNull(changes, "changes is null"));
        notices = List.copyOf(requireNonNull(notices, "notices is null"));
    }

    public boolean hasChanges() {
        return !changes.isEmpty();
    }

    public int count(Change.Action action) {
        return (int) changes.stream().filter(change -> change.action() == action).count();
    }

    /**
     * The plan as people read it, terraform style, ending with the summary line:
     * <pre>
     *   + create bucket telemetry-raw
     *   ~ update delivery stream telemetry
     *       buffering.intervalSeconds: 300 -> 60
     *   ! delivery stream telemetry-extra: exists on the server but not in the pipeline file (created outside it); apply leaves it alone
     *
     * Plan: 1 to create, 1 to update, 0 to delete.
     * </pre>
     */
    public String render() {
        StringBuilder text = new StringBuilder();
        for (Change change : changes) {
            text.append("  ").append(change.action().symbol()).append(' ').append(change.action().verb()).append(' ').append(change.resource()).append('\n');
            for (String detail : change.details()) {
                text.append("      ").append(detail).append('\n');
            }
        }
        for (Notice notice : notices) {
            text.append("  ! ").append(notice).append('\n');
        }
        if (text.length() > 0) {
            text.append('\n');
        }
        return text.append(summary()).append('\n').toString();
    }

    /** {@code Plan: 2 to create, 1 to update, 0 to delete.}, or a sentence saying there is nothing to do. */
    public String summary() {
        if (hasChanges()) {
            return "Plan: " + count(Change.Action.CREATE) + " to create, " + count(Change.Action.UPDATE) + " to update, "
                    + count(Change.Action.DELETE) + " to delete.";
        }
        if (mode == Mode.DESTROY) {
            return notices.isEmpty()
                    ? "No changes. Nothing the pipeline file declares exists on the server."
                    : "No changes. Nothing the pipeline file declares can be deleted.";
        }
        if (!notices.isEmpty()) {
            return "No changes. The server matches the pipeline file, apart from what is marked ! above, which apply leaves alone.";
        }
        return "No changes. The server matches the pipeline file.";
    }
}
