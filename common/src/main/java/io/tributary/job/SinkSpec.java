package io.tributary.job;

/** @param input the source or process step whose rows this sink writes */
public record SinkSpec(String name, String input, String type, SinkOptions options) {
}
