package io.tributary.faults;

import io.tributary.hbase.HBaseSinkConfig;
import io.tributary.hbase.StateStore;
import io.tributary.job.JobFile;
import io.tributary.job.JobSpec;
import io.tributary.job.Mode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The listing rows an HBase sink wrote, read with the sink's own {@link StateStore} (what point reads see). */
final class HBaseRows {
  private static final int GETS_PER_CALL = 2000;

  private final HBaseSinkConfig sink;

  HBaseRows(Path jobFile, String sinkName) throws Exception {
    JobSpec job = JobFile.load(jobFile, Mode.STREAMING, Map.of());
    this.sink = HBaseSinkConfig.from(job.sinks().stream().filter(s -> s.name().equals(sinkName)).findFirst()
        .orElseThrow());
  }

  /** Each of {@code ids} that has a visible cell, at the newest version among its cells. */
  List<ListingState.Visible> visible(Set<Long> ids) {
    List<Long> all = List.copyOf(ids);
    List<ListingState.Visible> out = new ArrayList<>();
    try (StateStore store = StateStore.of(sink)) {
      for (int from = 0; from < all.size(); from += GETS_PER_CALL) {
        List<Long> chunk = all.subList(from, Math.min(all.size(), from + GETS_PER_CALL));
        List<StateStore.StoredRow> rows = store.multiGet(chunk.stream()
            .map(id -> Long.toString(id).getBytes(StandardCharsets.UTF_8)).toList());
        for (int i = 0; i < chunk.size(); i++) {
          StateStore.StoredRow row = rows.get(i);
          row.columns().keySet().stream().map(row::latest).flatMap(java.util.Optional::stream)
              .mapToLong(StateStore.Versioned::version).max()
              .ifPresent(version -> out.add(new ListingState.Visible(Long.parseLong(row.keyString()), version)));
        }
      }
    }
    return out;
  }
}
