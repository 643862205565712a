package io.tributary.es;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.util.LongAccumulator;

/**
 * Where {@link StaleVersionHandler} counts 409s. es-hadoop instantiates handlers itself, from a class name, so
 * they cannot capture an accumulator. The write wraps each partition (see {@link EsSink}) and binds the task's
 * copy of the accumulator to the task thread, which is the thread that sends the bulk requests and runs the
 * handler; the accumulator then reaches the driver with the task's result, like any other.
 */
final class StaleCounter {
  private static final ThreadLocal<LongAccumulator> BOUND = new ThreadLocal<>();
  /** Handler calls outside a bound task (should not happen); kept so they are visible in a heap dump or test. */
  static final AtomicLong UNBOUND = new AtomicLong();

  private StaleCounter() {}

  static void bind(LongAccumulator accumulator) {
    BOUND.set(accumulator);
  }

  static void unbind() {
    BOUND.remove();
  }

  static void increment() {
    LongAccumulator accumulator = BOUND.get();
    if (accumulator != null) {
      accumulator.add(1);
    } else {
      UNBOUND.incrementAndGet();
    }
  }
}
