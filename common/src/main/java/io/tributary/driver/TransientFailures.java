package io.tributary.driver;

import java.util.List;
import java.util.Locale;

/**
 * Tells a store that is away (connection refused, timeouts, 5xx, 429, no region server) from a write the store
 * refused for good (a mapping error, bad credentials, a missing column family): only the first is worth retrying.
 * Spark carries executor failures across as text (a task's stack trace inside a SparkException's message), so
 * the cause chain's class names and messages are both searched.
 */
final class TransientFailures {
  /** Refusals no retry changes; checked first, since a permanent error's trace may also mention a timeout. */
  private static final List<String> PERMANENT = List.of(
      "mapper_parsing_exception", "strict_dynamic_mapping_exception", "illegal_argument_exception",
      "document_parsing_exception", "security_exception", "returned [400", "returned [401", "returned [403",
      "returned [404", "answered http 400", "answered http 401", "answered http 403", "answered http 404",
      // the official Java client's TransportException: "node: http://..., status: 401, ..."
      "status: 400,", "status: 401,", "status: 403,", "status: 404,",
      "saslauthenticationexception", "authenticationexception", "authorizationexception",
      "nosuchcolumnfamilyexception", "tablenotfoundexception", "writing document _id=");

  private static final List<String> TRANSIENT = List.of(
      "connection refused", "connectexception", "connect timed out", "read timed out", "sockettimeoutexception",
      "connection reset", "no route to host", "broken pipe", "all nodes failed", "eshadoopnonodesleftexception",
      "returned [429", "returned [5", "answered http 429", "answered http 5", "status: 429,", "status: 5",
      "unreachable",
      "service unavailable", "too many requests", "retriesexhaustedexception",
      "retriesexhaustedwithdetailsexception", "noserverforregionexception", "notservingregionexception",
      "servernotrunningyetexception", "pleaseholdexception", "masternotrunningexception", "calltimeoutexception",
      "connectionlossexception", "zookeeper", "org.apache.kafka.common.errors.timeoutexception",
      "notleaderorfollowerexception", "networkexception", "disconnectexception",
      "cannot read the last committed batch");

  private TransientFailures() {}

  static boolean isTransient(Throwable failure) {
    String text = describeChain(failure).toLowerCase(Locale.ROOT);
    if (PERMANENT.stream().anyMatch(text::contains)) {
      return false;
    }
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof org.apache.kafka.common.errors.RetriableException) {
        return true;
      }
    }
    return TRANSIENT.stream().anyMatch(text::contains);
  }

  private static String describeChain(Throwable failure) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      text.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
      for (Throwable suppressed : t.getSuppressed()) {
        text.append(suppressed).append('\n');
      }
    }
    return text.toString();
  }
}
