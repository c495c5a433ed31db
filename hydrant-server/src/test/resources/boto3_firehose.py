"""Drives Hydrant's Firehose API with boto3 and prints what happened as one JSON document on stdout.

Usage: python3 boto3_firehose.py <endpoint-url>

Creates "py-stream" (kept, delivering into bucket "py-bucket") and "py-doomed" (deleted again), puts records into
"py-stream", and records the answers and the errors of calls that must fail. The Java test (Boto3IT) asserts on the
output and on the bucket.
"""
import base64
import datetime
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ROLE_ARN = "arn:aws:iam::123456789012:role/boto3"


def destination(bucket, size_in_mbs=1, interval_in_seconds=0):
    return {
        "RoleARN": ROLE_ARN,
        "BucketARN": "arn:aws:s3:::" + bucket,
        "BufferingHints": {"SizeInMBs": size_in_mbs, "IntervalInSeconds": interval_in_seconds},
    }


def error_of(call):
    """The AWS error of a call that must fail, or a marker when it unexpectedly succeeds."""
    try:
        call()
    except ClientError as error:
        return {
            "code": error.response["Error"]["Code"],
            "message": error.response["Error"].get("Message", ""),
            "status": error.response["ResponseMetadata"]["HTTPStatusCode"],
        }
    return {"code": "NoError"}


def main(endpoint_url):
    client = boto3.client(
        "firehose",
        endpoint_url=endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
        config=Config(retries={"max_attempts": 1, "mode": "standard"}),
    )
    results = {}

    created = client.create_delivery_stream(
        DeliveryStreamName="py-stream",
        DeliveryStreamType="DirectPut",
        ExtendedS3DestinationConfiguration=destination("py-bucket"),
        Tags=[{"Key": "client", "Value": "boto3"}],
    )
    results["create"] = {"arn": created["DeliveryStreamARN"]}
    client.create_delivery_stream(
        DeliveryStreamName="py-doomed", ExtendedS3DestinationConfiguration=destination("py-bucket", 5, 300))

    put = client.put_record(DeliveryStreamName="py-stream", Record={"Data": b"first\n"})
    results["put_record"] = {"record_id": put["RecordId"], "encrypted": put.get("Encrypted")}

    batch = client.put_record_batch(
        DeliveryStreamName="py-stream",
        Records=[{"Data": b"second\n"}, {"Data": "third \u00e9\n"}, {"Data": bytes(range(256))}],
    )
    results["put_record_batch"] = {
        "failed_put_count": batch["FailedPutCount"],
        "record_ids": [entry.get("RecordId") for entry in batch["RequestResponses"]],
        "error_codes": [entry.get("ErrorCode") for entry in batch["RequestResponses"]],
    }
    results["sent_base64"] = base64.b64encode(
        b"first\n" + b"second\n" + "third \u00e9\n".encode("utf-8") + bytes(range(256))).decode("ascii")

    listed = client.list_delivery_streams()
    results["list"] = {"names": listed["DeliveryStreamNames"], "has_more": listed["HasMoreDeliveryStreams"]}
    first_page = client.list_delivery_streams(Limit=1)
    results["list_limit_1"] = {"names": first_page["DeliveryStreamNames"], "has_more": first_page["HasMoreDeliveryStreams"]}

    description = client.describe_delivery_stream(DeliveryStreamName="py-stream")["DeliveryStreamDescription"]
    extended = description["Destinations"][0]["ExtendedS3DestinationDescription"]
    results["describe"] = {
        "name": description["DeliveryStreamName"],
        "arn": description["DeliveryStreamARN"],
        "status": description["DeliveryStreamStatus"],
        "type": description["DeliveryStreamType"],
        "version_id": description["VersionId"],
        "create_timestamp_is_datetime": isinstance(description["CreateTimestamp"], datetime.datetime),
        "bucket_arn": extended["BucketARN"],
        "buffering_hints": extended["BufferingHints"],
        "compression_format": extended["CompressionFormat"],
    }
    results["tags"] = client.list_tags_for_delivery_stream(DeliveryStreamName="py-stream")["Tags"]

    client.delete_delivery_stream(DeliveryStreamName="py-doomed")
    results["list_after_delete"] = client.list_delivery_streams()["DeliveryStreamNames"]

    results["errors"] = {
        "describe_deleted": error_of(lambda: client.describe_delivery_stream(DeliveryStreamName="py-doomed")),
        "put_unknown": error_of(lambda: client.put_record(DeliveryStreamName="nowhere", Record={"Data": b"x"})),
        "create_duplicate": error_of(lambda: client.create_delivery_stream(
            DeliveryStreamName="py-stream", ExtendedS3DestinationConfiguration=destination("py-bucket"))),
        "create_bad_hints": error_of(lambda: client.create_delivery_stream(
            DeliveryStreamName="py-hints", ExtendedS3DestinationConfiguration=destination("py-bucket", 129, 0))),
        "batch_too_many": error_of(lambda: client.put_record_batch(
            DeliveryStreamName="py-stream", Records=[{"Data": b"x"}] * 501)),
        "update_stale_version": error_of(lambda: client.update_destination(
            DeliveryStreamName="py-stream", CurrentDeliveryStreamVersionId="9",
            DestinationId="destinationId-000000000001", ExtendedS3DestinationUpdate={"Prefix": "v2/"})),
        "delete_unknown": error_of(lambda: client.delete_delivery_stream(DeliveryStreamName="nowhere")),
    }
    print(json.dumps(results))


if __name__ == "__main__":
    main(sys.argv[1])
