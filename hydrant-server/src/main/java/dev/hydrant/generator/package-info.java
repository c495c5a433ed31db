/**
 * The {@code hydrant generate} load harness: {@link dev.hydrant.generator.TelemetryGenerator} makes the reference
 * pipeline's F1 telemetry records and {@link dev.hydrant.generator.LoadRunner} sends them to a Hydrant or Firehose
 * endpoint over HTTP, reporting throughput, errors and latency.
 */
package dev.hydrant.generator;
