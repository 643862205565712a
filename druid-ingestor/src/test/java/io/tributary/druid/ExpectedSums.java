package io.tributary.druid;

import io.tributary.events.ReservationEvent;
import io.tributary.events.ReservationStatus;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What Druid must answer, computed from the input events in plain Java: per key, rows, nights, guests, revenue.
 * Public for the fault tests (test-jar).
 */
public record ExpectedSums(long count, long nights, long guests, double revenue) {

  public static boolean booked(ReservationEvent e) {
    return e.getStatus() == ReservationStatus.CONFIRMED || e.getStatus() == ReservationStatus.COMPLETED;
  }

  public static Map<String, ExpectedSums> by(List<ReservationEvent> events, Function<ReservationEvent, String> key) {
    Map<String, ExpectedSums> out = new TreeMap<>();
    for (ReservationEvent e : events) {
      if (!booked(e)) {
        continue;
      }
      out.merge(key.apply(e), new ExpectedSums(1, e.getNights(), e.getGuests(),
          e.getTotal_price().getAmount_micros() / 1_000_000.0), ExpectedSums::plus);
    }
    return out;
  }

  public ExpectedSums plus(ExpectedSums o) {
    return new ExpectedSums(count + o.count, nights + o.nights, guests + o.guests, revenue + o.revenue);
  }

  /** From a Druid SQL row with columns c, n, g, r. */
  public static ExpectedSums of(Map<String, Object> row) {
    return new ExpectedSums(((Number) row.get("c")).longValue(), ((Number) row.get("n")).longValue(),
        ((Number) row.get("g")).longValue(), ((Number) row.get("r")).doubleValue());
  }

  /** Exact for the integer sums; revenue to the cent (doubles summed in another order). */
  public boolean matches(ExpectedSums o) {
    return count == o.count && nights == o.nights && guests == o.guests && Math.abs(revenue - o.revenue) < 0.01;
  }
}
