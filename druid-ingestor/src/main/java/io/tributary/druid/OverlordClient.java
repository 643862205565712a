package io.tributary.druid;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The overlord's supervisor and task API, and the coordinator's load status: all Tributary needs of Druid. */
public final class OverlordClient {
  private static final Logger LOG = LoggerFactory.getLogger(OverlordClient.class);

  private final DruidHttp overlord;
  private final DruidHttp coordinator;

  public OverlordClient(String overlordUrl, String coordinatorUrl) {
    this.overlord = new DruidHttp("overlord", overlordUrl);
    this.coordinator = new DruidHttp("coordinator", coordinatorUrl);
  }

  /** Creates the supervisor or replaces its spec (same id): Druid hands over to new tasks at the stored offsets. */
  public String submitSupervisor(Map<String, Object> spec) {
    return overlord.post("/druid/indexer/v1/supervisor", spec).path("id").asText();
  }

  /** {@code payload} of the supervisor's status: state, detailedState, aggregateLag, partitions... */
  public JsonNode supervisorStatus(String id) {
    return overlord.get("/druid/indexer/v1/supervisor/" + encode(id) + "/status").path("payload");
  }

  /**
   * Asks a running supervisor's task groups to publish what they hold now (Druid's early handoff, 30+), which
   * releases their locks on the intervals they appended to. Returns false when no such supervisor runs.
   */
  public boolean handoffEarly(String supervisorId, int taskGroups) {
    boolean running = false;
    for (JsonNode id : overlord.get("/druid/indexer/v1/supervisor")) {
      running |= id.asText().equals(supervisorId);
    }
    if (running) {
      overlord.post("/druid/indexer/v1/supervisor/" + encode(supervisorId) + "/taskGroups/handoff",
          Map.of("taskGroupIds", IntStream.range(0, taskGroups).boxed().toList()));
    }
    return running;
  }

  public void terminateSupervisor(String id) {
    overlord.post("/druid/indexer/v1/supervisor/" + encode(id) + "/terminate", Map.of());
  }

  /** Ids of the tasks the overlord has not finished: running, pending or waiting for a lock. */
  public List<String> activeTasks() {
    List<String> ids = new ArrayList<>();
    for (String state : new String[] {"running", "pending", "waiting"}) {
      overlord.get("/druid/indexer/v1/tasks?state=" + state).forEach(task -> ids.add(task.path("id").asText()));
    }
    return ids;
  }

  public String submitTask(Map<String, Object> task) {
    return overlord.post("/druid/indexer/v1/task", task).path("task").asText();
  }

  /** Polls the task until it leaves RUNNING/PENDING/WAITING; returns its final status object. */
  public JsonNode awaitTask(String taskId, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode status = overlord.get("/druid/indexer/v1/task/" + encode(taskId) + "/status").path("status");
      String state = status.path("statusCode").asText(status.path("status").asText());
      if (state.equals("SUCCESS") || state.equals("FAILED")) {
        return status;
      }
      if (System.nanoTime() > deadline) {
        throw new DruidHttp.DruidException("Druid task " + taskId + " still " + state + " after " + timeout);
      }
      sleep(1000);
    }
  }

  /** The task's row counts (processed, unparseable, thrownAway...), from its ingestion report; empty if none. */
  public JsonNode taskRowStats(String taskId) {
    try {
      JsonNode report = overlord.get("/druid/indexer/v1/task/" + encode(taskId) + "/reports");
      return report.path("ingestionStatsAndErrors").path("payload").path("rowStats").path("buildSegments");
    } catch (DruidHttp.DruidException e) {
      LOG.warn("no ingestion report for task {}: {}", taskId, e.getMessage());
      return DruidHttp.JSON.missingNode();
    }
  }

  /**
   * Waits until the coordinator reports every used segment of the datasource loaded on a historical
   * ({@code /druid/coordinator/v1/datasources/{ds}/loadstatus}, metadata refreshed first, so segments published a
   * moment ago count).
   */
  public void awaitLoaded(String datasource, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String path = "/druid/coordinator/v1/datasources/" + encode(datasource) + "/loadstatus?forceMetadataRefresh=true";
    double percent = -1;
    while (System.nanoTime() < deadline) {
      percent = coordinator.get(path).path(datasource).asDouble(-1);
      if (percent >= 100.0) {
        return;
      }
      sleep(1000);
    }
    throw new DruidHttp.DruidException("datasource " + datasource + ": segments " + percent + "% loaded after " + timeout);
  }

  /** {@code /druid/coordinator/v1/loadstatus}: datasource -> percent of its segments loaded. */
  public JsonNode loadStatus() {
    return coordinator.get("/druid/coordinator/v1/loadstatus");
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DruidHttp.DruidException("interrupted waiting for Druid", e);
    }
  }
}
