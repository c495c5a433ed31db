package dev.hydrant.pipeline;

import static java.util.Objects.requireNonNull;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.file.Path;

/**
 * The validate, plan, apply and destroy workflows behind the {@code hydrant} commands and {@code hydrant up}: each
 * reads the pipeline, talks to the server, prints a report and returns the process exit code. Reports go to
 * {@code out}; problems and errors go to {@code err}.
 */
public final class PipelineCommands {
    public static final int EXIT_OK = 0;
    /** The pipeline has problems, or the server could not be reached or refused a change. */
    public static final int EXIT_FAILED = 1;
    /** With {@code plan --detailed-exitcode}: the plan has changes. */
    public static final int EXIT_CHANGES = 2;

    private PipelineCommands() {}

    /** {@code hydrant validate}: prints {@code OK: 1 bucket, 1 delivery stream}, or every problem. */
    public static int validate(Path path, PrintWriter out, PrintWriter err) {
        PipelineFile file = PipelineFile.load(path);
        if (!reportProblems(path, file, err)) {
            return EXIT_FAILED;
        }
        out.println("OK: " + file.summary());
        out.flush();
        return EXIT_OK;
    }

    /** {@code hydrant plan}: prints what apply (or, with {@link Plan.Mode#DESTROY}, destroy) would change. */
    public static int plan(Path path, URI endpoint, Plan.Mode mode, boolean detailedExitCode, PrintWriter out, PrintWriter err) {
        requireNonNull(mode, "mode is null");
        PipelineFile file = PipelineFile.load(path);
        if (!reportProblems(path, file, err)) {
            return EXIT_FAILED;
        }
        try {
            Plan plan = plan(file, new HydrantClient(endpoint), mode, out);
            return detailedExitCode && plan.hasChanges() ? EXIT_CHANGES : EXIT_OK;
        } catch (HydrantClientException e) {
            return reportError(e, err);
        }
    }

    /** {@code hydrant apply}: plans, prints the plan, and makes the changes. */
    public static int apply(Path path, URI endpoint, PrintWriter out, PrintWriter err) {
        return planAndApply(path, endpoint, Plan.Mode.APPLY, out, err);
    }

    /** {@code hydrant destroy}: deletes the delivery streams the file declares, then its buckets that are empty. */
    public static int destroy(Path path, URI endpoint, PrintWriter out, PrintWriter err) {
        return planAndApply(path, endpoint, Plan.Mode.DESTROY, out, err);
    }

    /** {@link #apply} with one stream for the report and the errors, for {@code hydrant up} and other embedders. */
    public static int applyAndReport(Path path, URI endpoint, PrintStream out) {
        requireNonNull(out, "out is null");
        PrintWriter writer = new PrintWriter(new OutputStreamWriter(out, Charset.defaultCharset()), true);
        int exitCode = apply(path, endpoint, writer, writer);
        writer.flush();
        return exitCode;
    }

    private static int planAndApply(Path path, URI endpoint, Plan.Mode mode, PrintWriter out, PrintWriter err) {
        PipelineFile file = PipelineFile.load(path);
        if (!reportProblems(path, file, err)) {
            return EXIT_FAILED;
        }
        try {
            HydrantClient client = new HydrantClient(endpoint);
            Plan plan = plan(file, client, mode, out);
            if (!plan.hasChanges()) {
                return EXIT_OK;
            }
            out.println();
            out.println(mode == Plan.Mode.APPLY ? "Applying:" : "Destroying:");
            out.flush();
            PipelineApplier.Result result = new PipelineApplier(client, out).apply(plan);
            String done = result.created() + " created, " + result.updated() + " updated, " + result.deleted() + " deleted"
                    + (result.warnings().isEmpty() ? "" : ", " + result.warnings().size() + " kept");
            if (result.succeeded()) {
                out.println((mode == Plan.Mode.APPLY ? "Apply" : "Destroy") + " complete: " + done + ".");
                out.flush();
                return EXIT_OK;
            }
            err.println("Error: " + result.failure().get());
            err.println((mode == Plan.Mode.APPLY ? "Apply" : "Destroy") + " stopped after " + result.applied() + " of "
                    + plan.changes().size() + " changes: " + done + ".");
            err.flush();
            return EXIT_FAILED;
        } catch (HydrantClientException e) {
            return reportError(e, err);
        }
    }

    private static Plan plan(PipelineFile file, HydrantClient client, Plan.Mode mode, PrintWriter out) {
        PipelinePlanner planner = new PipelinePlanner(client);
        Plan plan = mode == Plan.Mode.APPLY ? planner.planApply(file.spec()) : planner.planDestroy(file.spec());
        out.println("Comparing the pipeline (" + file.summary() + ") with " + client.endpoint() + ":");
        out.println();
        out.print(plan.render());
        out.flush();
        return plan;
    }

    /** Prints every problem of the file; true when there were none. */
    private static boolean reportProblems(Path path, PipelineFile file, PrintWriter err) {
        if (file.isValid()) {
            return true;
        }
        file.problems().forEach(err::println);
        int count = file.problems().size();
        err.println(count + (count == 1 ? " problem" : " problems") + " in " + path + ".");
        err.flush();
        return false;
    }

    private static int reportError(HydrantClientException e, PrintWriter err) {
        err.println("Error: " + e.getMessage());
        err.flush();
        return EXIT_FAILED;
    }
}
