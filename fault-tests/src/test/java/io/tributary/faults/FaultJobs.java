package io.tributary.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The job files the fault tests run, written like the ones in job-configs/ but pointed at the test's servers and
 * topics, with short triggers and small batches so that a run goes through many micro-batches between kills.
 */
final class FaultJobs {
  private FaultJobs() {}

  /** The listing events of {@code topic}, compact protocol, read from the earliest offset in small batches. */
  static String listingsSource(String bootstrap, String topic) {
    return listingsSource(bootstrap, topic, "");
  }

  /** {@code moreKeys}: further keys of the Kafka source, e.g. kafka_options for SASL. */
  static String listingsSource(String bootstrap, String topic, String moreKeys) {
    return """
        source = [ { name = listings, type = kafka, topics = [%s], bootstrap_servers = "%s"
                     thrift_class = io.tributary.events.ListingEvent, protocol = compact
                     starting_offsets = earliest, max_offsets_per_trigger = 3000 %s } ]
        process = [ { name = latest, type = sql
                      sql = "SELECT listing_id, mutation_id, operation, title, market, max_guests FROM listings" } ]
        """.formatted(topic, bootstrap, moreKeys);
  }

  static String streamingAndDeadLetters(Path work, String deadLetterTopic) {
    return """
        streaming { trigger_interval = 1s, checkpoint_dir = "%s" }
        dead_letter { type = kafka, topic = "%s" }
        """.formatted(checkpointDir(work), deadLetterTopic);
  }

  static Path checkpointDir(Path work) {
    return work.resolve("checkpoints");
  }

  static Path elasticsearch(Path work, String name, String bootstrap, String topic, String esUrl, String alias)
      throws IOException {
    return write(work, name, "job { name = " + name + " }\n" + listingsSource(bootstrap, topic) + """
        sink = [ { name = es, input = latest, type = elasticsearch, nodes = "%s", index = %s
                   id_column = listing_id, version_column = mutation_id, number_of_replicas = 0 } ]
        """.formatted(esUrl, alias) + streamingAndDeadLetters(work, "dead-letters." + name));
  }

  static Path hbase(Path work, String name, String bootstrap, String topic, String zookeeper, String table)
      throws IOException {
    return write(work, name, "job { name = " + name + " }\n" + listingsSource(bootstrap, topic) + """
        sink = [ { name = hbase, input = latest, type = hbase_update, table = "%s", zookeeper_quorum = "%s"
                   row_key_column = listing_id, column_family = d, version_column = mutation_id
                   columns = [title, market, max_guests], delete_column = operation } ]
        """.formatted(table, zookeeper) + streamingAndDeadLetters(work, "dead-letters." + name));
  }

  /** Booked reservations into Druid through the batch-fenced Kafka topic its supervisor reads. */
  static Path druid(Path work, String name, String bootstrap, String topic, String datasource, String overlordUrl,
      String brokerUrl) throws IOException {
    return write(work, name, "job { name = " + name + " }\n" + """
        source = [ { name = reservations, type = kafka, topics = [%s], bootstrap_servers = "%s"
                     thrift_class = io.tributary.events.ReservationEvent, protocol = binary
                     starting_offsets = earliest, max_offsets_per_trigger = 3000 } ]
        process = [ { name = booked, type = sql
                      sql = \"\"\"SELECT event_time_ms, listing_id, market, status, nights, guests,
                               total_price.amount_micros / 1000000.0 AS total_price, total_price.currency AS currency
                               FROM reservations WHERE status IN ('CONFIRMED', 'COMPLETED')\"\"\" } ]
        sink = [ { name = druid, input = booked, type = druid
                   datasource = %s, timestamp_column = event_time_ms, timestamp_format = millis
                   dimensions = [market, status, currency, listing_id]
                   metrics = [ { name = count, type = count }, { name = nights, type = longSum, field = nights }
                               { name = guests, type = longSum, field = guests }
                               { name = revenue, type = doubleSum, field = total_price } ]
                   segment_granularity = DAY, query_granularity = HOUR
                   overlord_url = "%s", broker_url = "%s"
                   intermediate_topic = "druid.%s", bootstrap_servers = "%s", topic_partitions = 2 } ]
        """.formatted(topic, bootstrap, datasource, overlordUrl, brokerUrl, datasource, bootstrap)
        + streamingAndDeadLetters(work, "dead-letters." + name));
  }

  static Path write(Path work, String name, String conf) throws IOException {
    Files.createDirectories(work);
    return Files.writeString(work.resolve(name + ".conf"), conf);
  }
}
