package io.tributary.faults;

import io.tributary.events.ListingEvent;
import io.tributary.events.Operation;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state ES and HBase must end in, computed in plain Java from the produced listing events: each listing at its
 * newest mutation id, none visible whose newest mutation is a DELETE. Compares what a store shows against it.
 */
final class ListingState {
  /** One entity as a store shows it: its id and the version (mutation id) visible. */
  record Visible(long id, long version) {}

  private final Map<Long, ListingEvent> newest = new HashMap<>();
  private final long produced;

  ListingState(List<ListingEvent> events) {
    for (ListingEvent e : events) {
      newest.merge(e.getListing_id(), e, (a, b) -> a.getMutation_id() >= b.getMutation_id() ? a : b);
    }
    this.produced = events.size();
  }

  Set<Long> ids() {
    return newest.keySet();
  }

  long live() {
    return newest.values().stream().filter(e -> e.getOperation() != Operation.DELETE).count();
  }

  /**
   * lost: a live listing not visible; regressed: visible at another version than its newest (a deleted one visible
   * included); duplicated: an id visible more than once.
   */
  Figures compare(String test, List<Visible> visible) {
    Map<Long, Long> seen = new HashMap<>();
    long duplicated = 0;
    for (Visible v : visible) {
      if (seen.put(v.id(), v.version()) != null) {
        duplicated++;
      }
    }
    long lost = 0;
    long regressed = 0;
    Set<Long> unexpected = new HashSet<>(seen.keySet());
    unexpected.removeAll(newest.keySet());
    for (ListingEvent e : newest.values()) {
      Long version = seen.get(e.getListing_id());
      boolean deleted = e.getOperation() == Operation.DELETE;
      if (version == null) {
        lost += deleted ? 0 : 1;
      } else if (deleted || version != e.getMutation_id()) {
        regressed++;
      }
    }
    return new Figures(test, produced, live(), visible.size(), lost, duplicated, regressed + unexpected.size(), 0, 0, 0);
  }
}
