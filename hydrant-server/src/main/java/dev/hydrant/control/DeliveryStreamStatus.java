package dev.hydrant.control;

/** Firehose DeliveryStreamStatus. Hydrant creates and deletes synchronously, so streams are seen ACTIVE. */
public enum DeliveryStreamStatus {
    CREATING,
    CREATING_FAILED,
    DELETING,
    DELETING_FAILED,
    ACTIVE
}
