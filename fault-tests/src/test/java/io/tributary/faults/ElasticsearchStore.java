package io.tributary.faults;

import io.tributary.localstack.LocalStack;
import io.tributary.localstack.Server;
import java.util.List;
import java.util.Set;

/**
 * Elasticsearch, read through the alias (which hides tombstones); the external version is the mutation id. Read as
 * the node's superuser when it runs with its own security.
 */
record ElasticsearchStore(LocalStack stack) implements StoreUnderTest {
  @Override
  public String name() {
    return "es";
  }

  @Override
  public Server server() {
    return stack.elasticsearch();
  }

  static String alias(String runId) {
    return "listings_" + runId.replace('-', '_');
  }

  @Override
  public String sinkBlock(String runId) {
    return sinkBlock(runId, "");
  }

  /** {@code moreKeys}: further keys of the sink, e.g. credentials or a template. */
  String sinkBlock(String runId, String moreKeys) {
    return """
        sink = [ { name = es, input = latest, type = elasticsearch, nodes = "%s", index = %s
                   id_column = listing_id, version_column = mutation_id, number_of_replicas = 0 %s } ]
        """.formatted(stack.elasticsearch().httpUrl(), alias(runId), moreKeys);
  }

  @Override
  public List<ListingState.Visible> visible(String runId, Set<Long> ids) {
    return new EsDocuments(EsRest.of(stack.elasticsearch())).visible(alias(runId));
  }
}
