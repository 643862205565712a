package io.tributary.faults;

import io.tributary.hbase.HBaseClients;
import io.tributary.hbase.StateStore;
import io.tributary.localstack.LocalStack;
import io.tributary.localstack.Server;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** HBase: one row per listing, every cell's timestamp the mutation id, deletes as versioned markers. */
record HBaseStore(LocalStack stack) implements StoreUnderTest {
  @Override
  public String name() {
    return "hbase";
  }

  @Override
  public Server server() {
    return stack.hbase();
  }

  private static String table(String runId) {
    return "tributary:listings_" + runId.replace('-', '_');
  }

  /**
   * The client gives up after 3 tries: with the sink's 10 (about 38 s of backoff) it can ride out the CI's 15 s outage
   * and HBase's restart on its own, and then the job never meets the outage this test is about (seen once: one
   * micro-batch took 26.7 s and nothing failed).
   */
  @Override
  public String sinkBlock(String runId) {
    return """
        sink = [ { name = hbase, input = latest, type = hbase_update, table = "%s", zookeeper_quorum = "%s"
                   row_key_column = listing_id, column_family = d, version_column = mutation_id
                   columns = [title], delete_column = operation
                   hbase_options { "hbase.client.retries.number" = "3" } } ]
        """.formatted(table(runId), stack.hbase().zookeeperQuorum());
  }

  @Override
  public List<ListingState.Visible> visible(String runId, Set<Long> ids) {
    List<Long> ordered = new ArrayList<>(ids);
    List<byte[]> keys = ordered.stream().map(id -> Long.toString(id).getBytes(StandardCharsets.UTF_8)).toList();
    List<ListingState.Visible> visible = new ArrayList<>();
    // A connection from before the restart may hold stale locations; a fresh one per read is simplest.
    HBaseClients.closeAll();
    try (StateStore store = StateStore.open(stack.hbase().zookeeperQuorum(), Map.of(), table(runId), "d", 0)) {
      List<StateStore.StoredRow> rows = store.multiGet(keys);
      for (int i = 0; i < rows.size(); i++) {
        long id = ordered.get(i);
        rows.get(i).latest("title").ifPresent(cell -> visible.add(new ListingState.Visible(id, cell.version())));
      }
    }
    return visible;
  }
}
