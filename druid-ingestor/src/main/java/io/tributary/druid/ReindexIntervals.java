package io.tributary.druid;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The intervals a batch reindex replaces: the segment-granularity buckets (UTC) that hold rows, adjacent ones
 * merged. Druid's own bucketing is UTC, so these match the segments that {@code dropExisting} replaces.
 */
final class ReindexIntervals {
  private ReindexIntervals() {}

  /** @param epochHours distinct {@code floor(epochMillis / 3_600_000)} of the rows */
  static List<String> of(Collection<Long> epochHours, String segmentGranularity) {
    TreeSet<Instant> starts = new TreeSet<>();
    for (long hour : epochHours) {
      starts.add(bucketStart(Instant.ofEpochMilli(hour * 3_600_000L), segmentGranularity));
    }
    List<String> intervals = new ArrayList<>();
    Instant from = null;
    Instant to = null;
    for (Instant start : starts) {
      Instant end = bucketEnd(start, segmentGranularity);
      if (to != null && to.equals(start)) {
        to = end;
        continue;
      }
      if (from != null) {
        intervals.add(from + "/" + to);
      }
      from = start;
      to = end;
    }
    if (from != null) {
      intervals.add(from + "/" + to);
    }
    return intervals;
  }

  static Instant bucketStart(Instant t, String granularity) {
    ZonedDateTime z = t.atZone(ZoneOffset.UTC);
    return switch (granularity) {
      case "HOUR" -> z.truncatedTo(ChronoUnit.HOURS).toInstant();
      case "DAY" -> z.truncatedTo(ChronoUnit.DAYS).toInstant();
      case "WEEK" -> z.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toInstant();
      case "MONTH" -> z.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).toInstant();
      default -> throw new IllegalArgumentException("unsupported segment_granularity " + granularity);
    };
  }

  static Instant bucketEnd(Instant start, String granularity) {
    ZonedDateTime z = start.atZone(ZoneOffset.UTC);
    return switch (granularity) {
      case "HOUR" -> z.plusHours(1).toInstant();
      case "DAY" -> z.plusDays(1).toInstant();
      case "WEEK" -> z.plusWeeks(1).toInstant();
      case "MONTH" -> z.plusMonths(1).toInstant();
      default -> throw new IllegalArgumentException("unsupported segment_granularity " + granularity);
    };
  }
}
