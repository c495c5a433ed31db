package dev.hydrant.analytics.connector;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.table.data.RowData;

/**
 * A FLIP-27 source over one delivery stream's {@code RecordLog}: one split per log partition, offsets in checkpoint
 * state, committed to the log (consumer {@code consumerName}) when a checkpoint completes so that retention keeps
 * everything not yet processed. Emits {@link InAppStreamRows} envelopes stamped with the record's arrival time.
 *
 * <p>Unbounded (the server) unless given stopping offsets: then it is a {@link Boundedness#BOUNDED} source that reads
 * each partition up to its stopping offset and ends, which makes Flink emit the final watermark so that every window
 * still open fires ({@code hydrant sql run}).
 */
public final class LogSource implements Source<RowData, LogSplit, LogEnumeratorState>, ResultTypeQueryable<RowData> {
    private static final long serialVersionUID = 1L;

    private final String contextKey;
    private final String deliveryStream;
    private final String consumerName;
    private final StartingPosition startingPosition;
    private final InputRecordParser parser;
    private final int inAppStreams;
    private final InputPreprocessor preprocessor;
    private final List<LogSplit> startSplits;
    private final HashMap<Integer, Long> stoppingOffsets;

    /**
     * @param startingPosition NOW or TRIM_HORIZON: where a run without restored state starts
     * @param inAppStreams the input's parallelism; record at offset o goes to stream o mod n
     * @param preprocessor the input's preprocessing Lambda, or null
     */
    public LogSource(String contextKey, String deliveryStream, String consumerName, StartingPosition startingPosition,
            InputRecordParser parser, int inAppStreams, InputPreprocessor preprocessor) {
        this(contextKey, deliveryStream, consumerName, startingPosition, parser, inAppStreams, preprocessor, null, null);
    }

    /**
     * @param startSplits the offsets a run without restored state starts from, resolved when the application is
     *     started (so that NOW means the moment StartApplication ran, not the later moment the job's enumerator
     *     starts); null resolves {@code startingPosition} in the enumerator
     * @param stoppingOffsets for a bounded source, the offset of each partition (by partition number) before which
     *     reading stops, resolved when the application is started; null for an unbounded source
     */
    public LogSource(String contextKey, String deliveryStream, String consumerName, StartingPosition startingPosition,
            InputRecordParser parser, int inAppStreams, InputPreprocessor preprocessor, List<LogSplit> startSplits,
            Map<Integer, Long> stoppingOffsets) {
        this.startSplits = startSplits == null ? null : new ArrayList<>(startSplits);
        this.stoppingOffsets = stoppingOffsets == null ? null : new HashMap<>(stoppingOffsets);
        this.contextKey = requireNonNull(contextKey, "contextKey is null");
        this.deliveryStream = requireNonNull(deliveryStream, "deliveryStream is null");
        this.consumerName = requireNonNull(consumerName, "consumerName is null");
        this.startingPosition = requireNonNull(startingPosition, "startingPosition is null");
        this.parser = requireNonNull(parser, "parser is null");
        if (inAppStreams < 1 || inAppStreams > 64) {
            throw new IllegalArgumentException("input parallelism must be 1..64: " + inAppStreams);
        }
        this.inAppStreams = inAppStreams;
        this.preprocessor = preprocessor;
    }

    public InAppStreamRows rows() {
        return new InAppStreamRows(parser.columnNames(), parser.columnTypes());
    }

    @Override
    public Boundedness getBoundedness() {
        return stoppingOffsets == null ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<RowData, LogSplit> createReader(SourceReaderContext readerContext) {
        return new LogSourceReader(readerContext, contextKey, deliveryStream, consumerName, parser, inAppStreams, preprocessor, stoppingOffsets);
    }

    @Override
    public SplitEnumerator<LogSplit, LogEnumeratorState> createEnumerator(SplitEnumeratorContext<LogSplit> enumeratorContext) {
        return new LogSourceEnumerator(enumeratorContext, contextKey, deliveryStream, startingPosition,
                startSplits == null ? null : new LogEnumeratorState(true, startSplits), stoppingOffsets != null);
    }

    @Override
    public SplitEnumerator<LogSplit, LogEnumeratorState> restoreEnumerator(SplitEnumeratorContext<LogSplit> enumeratorContext,
            LogEnumeratorState checkpoint) {
        return new LogSourceEnumerator(enumeratorContext, contextKey, deliveryStream, startingPosition, checkpoint, stoppingOffsets != null);
    }

    @Override
    public SimpleVersionedSerializer<LogSplit> getSplitSerializer() {
        return new LogSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<LogEnumeratorState> getEnumeratorCheckpointSerializer() {
        return new LogEnumeratorStateSerializer();
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return rows().envelopeTypeInfo();
    }
}
