package io.tributary.job;

/** The Thrift wire protocol of a Kafka source's values. */
public enum ThriftProtocol {
    BINARY,
    COMPACT
}
