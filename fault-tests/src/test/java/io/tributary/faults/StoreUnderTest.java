package io.tributary.faults;

import io.tributary.localstack.Server;
import java.util.List;
import java.util.Set;

/** A store an outage test takes away: its server, the sink block a job writes it with, and what it shows. */
interface StoreUnderTest {
  /** Also the sink's name in the job file. */
  String name();

  Server server();

  /** {@code sink = [ ... ]} writing the {@code latest} step of {@link FaultJobs#listingsSource}. */
  String sinkBlock(String runId);

  /** Each live listing of {@code ids} as the store shows it now. */
  List<ListingState.Visible> visible(String runId, Set<Long> ids);
}
