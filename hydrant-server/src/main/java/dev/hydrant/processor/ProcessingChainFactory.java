package dev.hydrant.processor;

import static java.util.Objects.requireNonNull;

import dev.hydrant.control.DeliveryStream;
import dev.hydrant.control.ProcessingConfiguration;
import dev.hydrant.control.ProcessingConfiguration.Processor;
import dev.hydrant.spi.EpochClock;
import dev.hydrant.spi.FunctionInvoker;
import dev.hydrant.spi.RecordProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/** Builds the processors of a delivery stream from its validated ProcessingConfiguration. */
public final class ProcessingChainFactory {
    private final String region;
    private final FunctionInvoker invoker;
    private final ScheduledExecutorService scheduler;
    private final EpochClock clock;
    private final Duration lambdaInitialBackoff;
    private final Function<Processor, RecordProcessor> builtInProcessors;

    /**
     * @param lambdaInitialBackoff the wait before the first retry of a failed invocation; it doubles per retry
     * @param builtInProcessors builds every processor type other than Lambda
     */
    public ProcessingChainFactory(
            String region,
            FunctionInvoker invoker,
            ScheduledExecutorService scheduler,
            EpochClock clock,
            Duration lambdaInitialBackoff,
            Function<Processor, RecordProcessor> builtInProcessors) {
        this.region = requireNonNull(region, "region is null");
        this.invoker = requireNonNull(invoker, "invoker is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.lambdaInitialBackoff = requireNonNull(lambdaInitialBackoff, "lambdaInitialBackoff is null");
        this.builtInProcessors = requireNonNull(builtInProcessors, "builtInProcessors is null");
    }

    /** The stream's processors in order; empty when processing is disabled. */
    public ProcessingChain create(DeliveryStream stream) {
        requireNonNull(stream, "stream is null");
        ProcessingConfiguration configuration = stream.destination().processingConfiguration();
        if (!configuration.enabled()) {
            return new ProcessingChain(List.of());
        }
        List<RecordProcessor> processors = new ArrayList<>();
        for (Processor processor : configuration.processors()) {
            if (processor.type().equals(LambdaProcessorConfig.TYPE)) {
                processors.add(new LambdaProcessor(LambdaProcessorConfig.from(processor), stream.arn(), region, invoker, scheduler, clock, lambdaInitialBackoff));
            }
            else {
                processors.add(builtInProcessors.apply(processor));
            }
        }
        return new ProcessingChain(processors);
    }

    /** The first Lambda processor of an enabled ProcessingConfiguration: its buffer hints size the batches. */
    public static Optional<LambdaProcessorConfig> lambdaOf(ProcessingConfiguration configuration) {
        if (!configuration.enabled()) {
            return Optional.empty();
        }
        return configuration.processors().stream()
                .filter(processor -> processor.type().equals(LambdaProcessorConfig.TYPE))
                .findFirst()
                .map(LambdaProcessorConfig::from);
    }
}
