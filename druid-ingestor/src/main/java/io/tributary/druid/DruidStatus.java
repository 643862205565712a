package io.tributary.druid;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What {@code bin/tributary druid status} prints for a druid sink: the supervisor's state and how far it is behind
 * the intermediate topic.
 */
public record DruidStatus(String supervisorId, String state, String detailedState, boolean healthy, long aggregateLag,
    String topic) {

  static DruidStatus of(DruidSinkConfig config, OverlordClient druid) {
    JsonNode p = druid.supervisorStatus(config.supervisorId());
    return new DruidStatus(config.supervisorId(), p.path("state").asText("UNKNOWN"),
        p.path("detailedState").asText("UNKNOWN"), p.path("healthy").asBoolean(false),
        p.path("aggregateLag").asLong(-1), p.path("stream").asText(config.topic()));
  }

  public String line() {
    return String.format("supervisor %s: %s (%s), %s, topic %s, lag %d", supervisorId, state, detailedState,
        healthy ? "healthy" : "UNHEALTHY", topic, aggregateLag);
  }
}
