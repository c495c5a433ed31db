package dev.hydrant.gateway;

import static dev.hydrant.server.TestingHydrant.ROLE_ARN;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hydrant.server.TestingHydrant;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.BufferingHints;
import software.amazon.awssdk.services.firehose.model.CompressionFormat;
import software.amazon.awssdk.services.firehose.model.ConcurrentModificationException;
import software.amazon.awssdk.services.firehose.model.CreateDeliveryStreamResponse;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamDescription;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamType;
import software.amazon.awssdk.services.firehose.model.DestinationDescription;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationConfiguration;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationDescription;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationUpdate;
import software.amazon.awssdk.services.firehose.model.FirehoseException;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.LimitExceededException;
import software.amazon.awssdk.services.firehose.model.ListDeliveryStreamsResponse;
import software.amazon.awssdk.services.firehose.model.ListTagsForDeliveryStreamResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.PutRecordResponse;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.firehose.model.ResourceInUseException;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;
import software.amazon.awssdk.services.firehose.model.S3DestinationConfiguration;
import software.amazon.awssdk.services.firehose.model.S3DestinationDescription;
import software.amazon.awssdk.services.firehose.model.Tag;

/** Every Firehose operation through the AWS SDK for Java v2, against a real server. */
class FirehoseSdkIT {
    private static final Pattern STREAM_ARN = Pattern.compile("arn:aws:firehose:us-east-1:\\d{12}:deliverystream/(.+)");
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @Test
    void createsExtendedS3StreamAndDescribesItLikeFirehose() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start(); FirehoseClient firehose = clientFor(hydrant)) {
            CreateDeliveryStreamResponse created = firehose.createDeliveryStream(request -> request
                    .deliveryStreamName("clicks")
                    .deliveryStreamType(DeliveryStreamType.DIRECT_PUT)
                    .extendedS3DestinationConfiguration(destination -> destination
                            .roleARN(ROLE_ARN)
                            .bucketARN("arn:aws:s3:::clicks-bucket")));

            DeliveryStreamDescription description = firehose.describeDeliveryStream(request -> request.deliveryStreamName("clicks"))
                    .deliveryStreamDescription();
            assertThat(created.deliveryStreamARN()).isEqualTo(description.deliveryStreamARN());
            Matcher arn = STREAM_ARN.matcher(description.deliveryStreamARN());
            assertThat(arn.matches()).as("ARN %s", description.deliveryStreamARN()).isTrue();
            assertThat(arn.group(1)).isEqualTo("clicks");
            assertThat(description.deliveryStreamName()).isEqualTo("clicks");
            assertThat(description.deliveryStreamStatus()).isEqualTo(DeliveryStreamStatus.ACTIVE);
            assertThat(description.deliveryStreamType()).isEqualTo(DeliveryStreamType.DIRECT_PUT);
            assertThat(description.versionId()).isEqualTo("1");
            assertThat(description.createTimestamp()).isNotNull();
            assertThat(description.hasMoreDestinations()).isFalse();
            assertThat(description.destinations()).hasSize(1);

            DestinationDescription destination = description.destinations().get(0);
            assertThat(destination.destinationId()).isEqualTo("destinationId-000000000001");
            ExtendedS3DestinationDescription extended = destination.extendedS3DestinationDescription();
            assertThat(extended.roleARN()).isEqualTo(ROLE_ARN);
            assertThat(extended.bucketARN()).isEqualTo("arn:aws:s3:::clicks-bucket");
            assertThat(extended.prefix()).isEmpty();
            assertThat(extended.bufferingHints().sizeInMBs()).isEqualTo(5);
            assertThat(extended.bufferingHints().intervalInSeconds()).isEqualTo(300);
            assertThat(extended.compressionFormat()).isEqualTo(CompressionFormat.UNCOMPRESSED);
            assertThat(extended.encryptionConfiguration().noEncryptionConfigAsString()).isEqualTo("NoEncryption");
            assertThat(extended.cloudWatchLoggingOptions().enabled()).isFalse();
            S3DestinationDescription plain = destination.s3DestinationDescription();
            assertThat(plain.bucketARN()).isEqualTo("arn:aws:s3:::clicks-bucket");
            assertThat(plain.bufferingHints()).isEqualTo(extended.bufferingHints());
        }
    }

    @Test
    void acceptsTheDeprecatedS3DestinationShapeAndDeliversThroughIt() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start(); FirehoseClient firehose = clientFor(hydrant)) {
            firehose.createDeliveryStream(request -> request
                    .deliveryStreamName("legacy")
                    .s3DestinationConfiguration(S3DestinationConfiguration.builder()
                            .roleARN(ROLE_ARN)
                            .bucketARN("arn:aws:s3:::legacy-bucket")
                            .prefix("old/")
                            .bufferingHints(BufferingHints.builder().sizeInMBs(1).intervalInSeconds(1).build())
                            .build()));

            S3DestinationDescription plain = firehose.describeDeliveryStream(request -> request.deliveryStreamName("legacy"))
                    .deliveryStreamDescription().destinations().get(0).s3DestinationDescription();
            assertThat(plain.bucketARN()).isEqualTo("arn:aws:s3:::legacy-bucket");
            assertThat(plain.prefix()).isEqualTo("old/");
            assertThat(plain.bufferingHints().sizeInMBs()).isEqualTo(1);
            assertThat(plain.bufferingHints().intervalInSeconds()).isEqualTo(1);

            firehose.putRecord(request -> request.deliveryStreamName("legacy").record(record("legacy record\n")));
            List<byte[]> contents = hydrant.awaitDeliveredBytes("legacy-bucket", "legacy record\n".length());
            assertThat(concatenate(contents)).asString(UTF_8).isEqualTo("legacy record\n");
            assertThat(hydrant.objectKeys("legacy-bucket")).allSatisfy(key -> assertThat(key).startsWith("old/"));
        }
    }

    @Test
    void listsStreamsAlphabeticallyInPagesOfTwo() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start(); FirehoseClient firehose = clientFor(hydrant)) {
            for (String name : List.of("echo", "bravo", "delta", "alpha", "charlie")) {
                createStream(firehose, name, "list-bucket", 300);
            }

            ListDeliveryStreamsResponse all = firehose.listDeliveryStreams(request -> {});
            assertThat(all.deliveryStreamNames()).containsExactly("alpha", "bravo", "charlie", "delta", "echo");
            assertThat(all.hasMoreDeliveryStreams()).isFalse();

            ListDeliveryStreamsResponse first = firehose.listDeliveryStreams(request -> request.limit(2));
            assertThat(first.deliveryStreamNames()).containsExactly("alpha", "bravo");
            assertThat(first.hasMoreDeliveryStreams()).isTrue();
            ListDeliveryStreamsResponse second = firehose.listDeliveryStreams(request -> request.limit(2).exclusiveStartDeliveryStreamName("bravo"));
            assertThat(second.deliveryStreamNames()).containsExactly("charlie", "delta");
            assertThat(second.hasMoreDeliveryStreams()).isTrue();
            ListDeliveryStreamsResponse third = firehose.listDeliveryStreams(request -> request.limit(2).exclusiveStartDeliveryStreamName("delta"));
            assertThat(third.deliveryStreamNames()).containsExactly("echo");
            assertThat(third.hasMoreDeliveryStreams()).isFalse();

            ListDeliveryStreamsResponse directPut = firehose.listDeliveryStreams(request -> request.deliveryStreamType(DeliveryStreamType.DIRECT_PUT));
            assertThat(directPut.deliveryStreamNames()).hasSize(5);
            ListDeliveryStreamsResponse fromKinesis = firehose.listDeliveryStreams(request -> request.deliveryStreamType(DeliveryStreamType.KINESIS_STREAM_AS_SOURCE));
            assertThat(fromKinesis.deliveryStreamNames()).isEmpty();
        }
    }

    @Test
    void putRecordAndPutRecordBatchDeliverEveryByteOnceInOrder() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start(); FirehoseClient firehose = clientFor(hydrant)) {
            createStream(firehose, "orders", "orders-bucket", 0);
            Random random = new Random(42);
            List<byte[]> sent = new ArrayList<>();
            Set<String> recordIds = new HashSet<>();
            int sequence = 0;
            for (int round = 0; round < 5; round++) {
                byte[] single = numberedRecord(sequence++, random);
                sent.add(single);
                PutRecordResponse put = firehose.putRecord(request -> request.deliveryStreamName("orders").record(Record.builder().data(SdkBytes.fromByteArray(single)).build()));
                assertThat(put.recordId()).isNotEmpty();
                assertThat(put.encrypted()).isFalse();
                recordIds.add(put.recordId());

                List<Record> batch = new ArrayList<>();
                for (int i = 0; i < 1 + round * 7; i++) {
                    byte[] data = numberedRecord(sequence++, random);
                    sent.add(data);
                    batch.add(Record.builder().data(SdkBytes.fromByteArray(data)).build());
                }
                PutRecordBatchResponse batchResponse = firehose.putRecordBatch(request -> request.deliveryStreamName("orders").records(batch));
                assertThat(batchResponse.failedPutCount()).isZero();
                assertThat(batchResponse.requestResponses()).hasSize(batch.size());
                for (PutRecordBatchResponseEntry entry : batchResponse.requestResponses()) {
                    assertThat(entry.errorCode()).isNull();
                    assertThat(entry.recordId()).isNotEmpty();
                    recordIds.add(entry.recordId());
                }
            }
            assertThat(recordIds).as("every record gets its own RecordId").hasSize(sent.size());

            byte[] expected = concatenate(sent);
            List<byte[]> objects = hydrant.awaitDeliveredBytes("orders-bucket", expected.length);
            byte[] delivered = concatenate(inRecordOrder(objects));
            assertThat(delivered).isEqualTo(expected);
            assertThat(countOf(delivered, (byte) '#')).as("each record appears once").isEqualTo(sent.size());

            for (String key : hydrant.objectKeys("orders-bucket")) {
                Matcher matcher = Pattern.compile("(\\d{4})/(\\d{2})/(\\d{2})/(\\d{2})/orders-1-(\\d{4})-(\\d{2})-(\\d{2})-(\\d{2})-\\d{2}-\\d{2}-(.+)").matcher(key);
                assertThat(matcher.matches()).as("key %s", key).isTrue();
                for (int part = 1; part <= 4; part++) {
                    assertThat(matcher.group(part + 4)).as("path and file name tell the same hour in %s", key).isEqualTo(matcher.group(part));
                }
                assertThat(matcher.group(9)).matches(UUID);
            }
        }
    }

    @Test
    void updateDestinationChecksTheVersionAndBumpsIt() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start(); FirehoseClient firehose = clientFor(hydrant)) {
            createStream(firehose, "moving", "moving-bucket", 0);
            firehose.putRecord(request -> request.deliveryStreamName("moving").record(record("before\n")));
            hydrant.awaitDeliveredBytes("moving-bucket", "before\n".length());
            assertThat(hydrant.objectKeys("moving-bucket")).singleElement().asString().contains("/moving-1-");

            assertThatThrownBy(() -> firehose.updateDestination(request -> request
                    .deliveryStreamName("moving")
                    .currentDeliveryStreamVersionId("7")
                    .destinationId("destinationId-000000000001")
                    .extendedS3DestinationUpdate(ExtendedS3DestinationUpdate.builder().prefix("updated/").build())))
                    .isInstanceOf(ConcurrentModificationException.class);
            assertThatThrownBy(() -> firehose.updateDestination(request -> request
                    .deliveryStreamName("moving")
                    .currentDeliveryStreamVersionId("1")
                    .destinationId("destinationId-000000000099")
                    .extendedS3DestinationUpdate(ExtendedS3DestinationUpdate.builder().prefix("updated/").build())))
                    .isInstanceOf(InvalidArgumentException.class);
            assertThat(describe(firehose, "moving").versionId()).isEqualTo("1");

            firehose.updateDestination(request -> request
                    .deliveryStreamName("moving")
                    .currentDeliveryStreamVersionId("1")
                    .destinationId("destinationId-000000000001")
                    .extendedS3DestinationUpdate(ExtendedS3DestinationUpdate.builder().prefix("updated/").build()));

            DeliveryStreamDescription updated = describe(firehose, "moving");
            assertThat(updated.versionId()).isEqualTo("2");
            ExtendedS3DestinationDescription destination = updated.destinations().get(0).extendedS3DestinationDescription();
            assertThat(destination.prefix()).isEqualTo("updated/");
            assertThat(destination.bucketARN()).as("members the update leaves out keep their values").isEqualTo("arn:aws:s3:::moving-bucket");
            assertThat(destination.bufferingHints().intervalInSeconds()).isZero();
            assertThat(destination.bufferingHints().sizeInMBs()).isEqualTo(1);

            assertThatThrownBy(() -> firehose.updateDestination(request -> request
                    .deliveryStreamName("moving")
                    .currentDeliveryStreamVersionId("1")
                    .destinationId("destinationId-000000000001")
                    .extendedS3DestinationUpdate(ExtendedS3DestinationUpdate.builder().prefix("stale/").build())))
                    .as("the old version is stale now")
                    .isInstanceOf(ConcurrentModificationException.class);

            firehose.putRecord(request -> request.deliveryStreamName("moving").record(record("after\n")));
            List<String> keys = hydrant.awaitObjectKeys("moving-bucket", current -> current.size() == 2);
            assertThat(keys).filteredOn(key -> key.startsWith("updated/")).singleElement().asString()
                    .containsPattern("^updated/\\d{4}/\\d{2}/\\d{2}/\\d{2}/moving-2-");
            assertThat(keys).filteredOn(key -> !key.startsWith("updated/")).singleElement().asString().contains("/moving-1-");
            Path newObject = hydrant.bucketDirectory("moving-bucket").resolve(keys.stream().filter(key -> key.startsWith("updated/")).findFirst().orElseThrow());
            assertThat(Files.readString(newObject)).isEqualTo("after\n");
        }
    }

    @Test
    void tagsAreAddedListedPagedAndRemoved() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start(); FirehoseClient firehose = clientFor(hydrant)) {
            firehose.createDeliveryStream(request -> request
                    .deliveryStreamName("tagged")
                    .extendedS3DestinationConfiguration(destination -> destination.roleARN(ROLE_ARN).bucketARN("arn:aws:s3:::tagged-bucket"))
                    .tags(tag("env", "test")));

            firehose.tagDeliveryStream(request -> request.deliveryStreamName("tagged").tags(tag("team", "data"), tag("cost-center", "42")));
            ListTagsForDeliveryStreamResponse all = firehose.listTagsForDeliveryStream(request -> request.deliveryStreamName("tagged"));
            assertThat(all.tags()).containsExactly(tag("cost-center", "42"), tag("env", "test"), tag("team", "data"));
            assertThat(all.hasMoreTags()).isFalse();

            ListTagsForDeliveryStreamResponse firstPage = firehose.listTagsForDeliveryStream(request -> request.deliveryStreamName("tagged").limit(2));
            assertThat(firstPage.tags()).containsExactly(tag("cost-center", "42"), tag("env", "test"));
            assertThat(firstPage.hasMoreTags()).isTrue();
            ListTagsForDeliveryStreamResponse secondPage = firehose.listTagsForDeliveryStream(request -> request.deliveryStreamName("tagged").limit(2).exclusiveStartTagKey("env"));
            assertThat(secondPage.tags()).containsExactly(tag("team", "data"));
            assertThat(secondPage.hasMoreTags()).isFalse();

            firehose.tagDeliveryStream(request -> request.deliveryStreamName("tagged").tags(tag("env", "prod")));
            firehose.untagDeliveryStream(request -> request.deliveryStreamName("tagged").tagKeys("cost-center", "absent"));
            assertThat(firehose.listTagsForDeliveryStream(request -> request.deliveryStreamName("tagged")).tags())
                    .containsExactly(tag("env", "prod"), tag("team", "data"));

            List<Tag> tooMany = new ArrayList<>();
            for (int i = 0; i < 49; i++) {
                tooMany.add(tag("key-" + i, "value"));
            }
            assertThatThrownBy(() -> firehose.tagDeliveryStream(request -> request.deliveryStreamName("tagged").tags(tooMany)))
                    .as("2 + 49 tags are more than 50")
                    .isInstanceOf(LimitExceededException.class);
            assertThat(firehose.listTagsForDeliveryStream(request -> request.deliveryStreamName("tagged")).tags()).hasSize(2);

            assertThatThrownBy(() -> firehose.tagDeliveryStream(request -> request.deliveryStreamName("tagged").tags(tag("aws:reserved", "x"))))
                    .isInstanceOfSatisfying(FirehoseException.class,
                            error -> assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
            assertThatThrownBy(() -> firehose.listTagsForDeliveryStream(request -> request.deliveryStreamName("untagged")))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void deletedStreamIsGoneAfterDeliveringWhatItAcknowledged() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start(); FirehoseClient firehose = clientFor(hydrant)) {
            createStream(firehose, "doomed", "doomed-bucket", 900);
            createStream(firehose, "survivor", "doomed-bucket", 900);
            assertThatThrownBy(() -> createStream(firehose, "doomed", "doomed-bucket", 900)).isInstanceOf(ResourceInUseException.class);
            firehose.putRecord(request -> request.deliveryStreamName("doomed").record(record("last words\n")));

            firehose.deleteDeliveryStream(request -> request.deliveryStreamName("doomed"));

            assertThat(firehose.listDeliveryStreams(request -> {}).deliveryStreamNames()).containsExactly("survivor");
            assertThatThrownBy(() -> firehose.describeDeliveryStream(request -> request.deliveryStreamName("doomed")))
                    .isInstanceOf(ResourceNotFoundException.class)
                    .hasMessageContaining("doomed");
            assertThatThrownBy(() -> firehose.putRecord(request -> request.deliveryStreamName("doomed").record(record("too late\n"))))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> firehose.deleteDeliveryStream(request -> request.deliveryStreamName("doomed")))
                    .isInstanceOf(ResourceNotFoundException.class);
            List<byte[]> contents = hydrant.awaitDeliveredBytes("doomed-bucket", "last words\n".length());
            assertThat(concatenate(contents)).asString(UTF_8).isEqualTo("last words\n");

            createStream(firehose, "doomed", "doomed-bucket", 300);
            assertThat(describe(firehose, "doomed").versionId()).as("a re-created stream starts over").isEqualTo("1");
        }
    }

    @Test
    void gzipCompressedObjectsDecompressToTheRecords() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start(); FirehoseClient firehose = clientFor(hydrant)) {
            firehose.createDeliveryStream(request -> request
                    .deliveryStreamName("zipped")
                    .extendedS3DestinationConfiguration(destination -> destination
                            .roleARN(ROLE_ARN)
                            .bucketARN("arn:aws:s3:::zipped-bucket")
                            .compressionFormat(CompressionFormat.GZIP)
                            .bufferingHints(hints -> hints.sizeInMBs(1).intervalInSeconds(1))));
            assertThat(describe(firehose, "zipped").destinations().get(0).extendedS3DestinationDescription().compressionFormat())
                    .isEqualTo(CompressionFormat.GZIP);

            Random random = new Random(7);
            List<byte[]> sent = new ArrayList<>();
            List<Record> batch = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                byte[] data = numberedRecord(i, random);
                sent.add(data);
                batch.add(Record.builder().data(SdkBytes.fromByteArray(data)).build());
            }
            assertThat(firehose.putRecordBatch(request -> request.deliveryStreamName("zipped").records(batch)).failedPutCount()).isZero();

            byte[] expected = concatenate(sent);
            List<byte[]> objects = hydrant.awaitDeliveredBytes("zipped-bucket", expected.length);
            assertThat(concatenate(inRecordOrder(objects))).isEqualTo(expected);
            for (Path file : hydrant.objectFiles("zipped-bucket")) {
                assertThat(file.getFileName().toString()).endsWith(".gz");
                byte[] raw = Files.readAllBytes(file);
                assertThat(raw[0]).as("gzip magic").isEqualTo((byte) 0x1f);
                assertThat(raw[1]).as("gzip magic").isEqualTo((byte) 0x8b);
            }
        }
    }

    @Test
    void customPrefixWithTimestampExpressionsReplacesTheDefaultDatePath() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start(); FirehoseClient firehose = clientFor(hydrant)) {
            ExtendedS3DestinationConfiguration destination = ExtendedS3DestinationConfiguration.builder()
                    .roleARN(ROLE_ARN)
                    .bucketARN("arn:aws:s3:::prefixed-bucket")
                    .prefix("events/year=!{timestamp:yyyy}/month=!{timestamp:MM}/")
                    .errorOutputPrefix("errors/!{firehose:error-output-type}/!{timestamp:yyyy}/")
                    .bufferingHints(hints -> hints.sizeInMBs(1).intervalInSeconds(0))
                    .build();
            firehose.createDeliveryStream(request -> request.deliveryStreamName("prefixed").extendedS3DestinationConfiguration(destination));

            ExtendedS3DestinationDescription description = describe(firehose, "prefixed").destinations().get(0).extendedS3DestinationDescription();
            assertThat(description.prefix()).isEqualTo("events/year=!{timestamp:yyyy}/month=!{timestamp:MM}/");
            assertThat(description.errorOutputPrefix()).isEqualTo("errors/!{firehose:error-output-type}/!{timestamp:yyyy}/");

            firehose.putRecord(request -> request.deliveryStreamName("prefixed").record(record("{\"id\":1}\n")));
            List<String> keys = hydrant.awaitObjectKeys("prefixed-bucket", current -> !current.isEmpty());
            assertThat(keys).singleElement().satisfies(key -> {
                Matcher matcher = Pattern.compile("events/year=(\\d{4})/month=(\\d{2})/prefixed-1-(\\d{4})-(\\d{2})-\\d{2}-\\d{2}-\\d{2}-\\d{2}-(.+)").matcher(key);
                assertThat(matcher.matches()).as("key %s", key).isTrue();
                assertThat(matcher.group(3)).isEqualTo(matcher.group(1));
                assertThat(matcher.group(4)).isEqualTo(matcher.group(2));
                assertThat(matcher.group(5)).matches(UUID);
            });
            assertThat(concatenate(hydrant.objectContents("prefixed-bucket"))).asString(UTF_8).isEqualTo("{\"id\":1}\n");

            assertThatThrownBy(() -> firehose.createDeliveryStream(request -> request
                    .deliveryStreamName("no-error-prefix")
                    .extendedS3DestinationConfiguration(destination.toBuilder().errorOutputPrefix(null).build())))
                    .as("a Prefix with expressions needs an ErrorOutputPrefix")
                    .isInstanceOf(InvalidArgumentException.class);
            assertThatThrownBy(() -> firehose.createDeliveryStream(request -> request
                    .deliveryStreamName("bad-error-prefix")
                    .extendedS3DestinationConfiguration(destination.toBuilder().errorOutputPrefix("errors/!{timestamp:yyyy}/").build())))
                    .as("an ErrorOutputPrefix with expressions needs !{firehose:error-output-type}")
                    .isInstanceOf(InvalidArgumentException.class);
        }
    }

    @Test
    void deliversIntoBucketsWithUppercaseAndUnderscoresAsBucketArnsAllow() throws Exception {
        try (TestingHydrant hydrant = TestingHydrant.start(); FirehoseClient firehose = clientFor(hydrant)) {
            createStream(firehose, "upper", "Upper_Bucket-1", 0);

            firehose.putRecord(request -> request.deliveryStreamName("upper").record(record("to Upper_Bucket-1\n")));

            List<byte[]> contents = hydrant.awaitDeliveredBytes("Upper_Bucket-1", "to Upper_Bucket-1\n".length());
            assertThat(concatenate(contents)).asString(UTF_8).isEqualTo("to Upper_Bucket-1\n");
        }
    }

    private static FirehoseClient clientFor(TestingHydrant hydrant) {
        return FirehoseClient.builder()
                .endpointOverride(URI.create(hydrant.url()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDHYDRANTTEST", "hydrant-test-secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static void createStream(FirehoseClient firehose, String name, String bucket, int intervalInSeconds) {
        firehose.createDeliveryStream(request -> request
                .deliveryStreamName(name)
                .deliveryStreamType(DeliveryStreamType.DIRECT_PUT)
                .extendedS3DestinationConfiguration(destination -> destination
                        .roleARN(ROLE_ARN)
                        .bucketARN("arn:aws:s3:::" + bucket)
                        .bufferingHints(hints -> hints.sizeInMBs(1).intervalInSeconds(intervalInSeconds))));
    }

    private static DeliveryStreamDescription describe(FirehoseClient firehose, String name) {
        return firehose.describeDeliveryStream(request -> request.deliveryStreamName(name)).deliveryStreamDescription();
    }

    private static Record record(String data) {
        return Record.builder().data(SdkBytes.fromString(data, UTF_8)).build();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    /**
     * A record {@code #NNNNNN|} followed by 0..300 random bytes other than {@code #}, newlines and NULs included, so
     * that objects can be put back into send order by the number their first record starts with.
     */
    static byte[] numberedRecord(int sequence, Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("#%06d|".formatted(sequence).getBytes(UTF_8));
        int length = random.nextInt(301);
        for (int i = 0; i < length; i++) {
            int value = random.nextInt(256);
            out.write(value == '#' ? 0 : value);
        }
        return out.toByteArray();
    }

    /** Objects ordered by the sequence number of the {@link #numberedRecord} they start with. */
    static List<byte[]> inRecordOrder(List<byte[]> objects) {
        List<byte[]> ordered = new ArrayList<>(objects);
        ordered.sort(Comparator.comparingInt(object -> Integer.parseInt(new String(object, 1, 6, UTF_8))));
        return ordered;
    }

    static byte[] concatenate(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static long countOf(byte[] bytes, byte value) {
        long count = 0;
        for (byte b : bytes) {
            if (b == value) {
                count++;
            }
        }
        return count;
    }
}
