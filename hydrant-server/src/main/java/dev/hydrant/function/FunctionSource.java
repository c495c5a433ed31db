package dev.hydrant.function;

/** Who defined a function, and so who may change it. */
public enum FunctionSource {
    /** CreateFunction; changed and deleted through the Lambda API. */
    LAMBDA_API,
    /** A pipeline file; changed by applying the pipeline again, read-only through the Lambda API. */
    PIPELINE
}
