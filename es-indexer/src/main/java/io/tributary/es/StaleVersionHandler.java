package io.tributary.es;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.elasticsearch.hadoop.handler.HandlerResult;
import org.elasticsearch.hadoop.rest.bulk.handler.BulkWriteErrorHandler;
import org.elasticsearch.hadoop.rest.bulk.handler.BulkWriteFailure;
import org.elasticsearch.hadoop.rest.bulk.handler.DelayableErrorCollector;

/**
 * Bulk error handler registered as {@code es.write.rest.error.handlers = tributarystale}. A 409 under external
 * versioning means Elasticsearch already holds this mutation or a newer one (a replay, a duplicate, an
 * out-of-order event, or a reindex row older than what the stream wrote): the document is already right, so the
 * entry counts as "stale, skipped". Anything else (mapping conflict, rejected document) fails the task with the
 * target and the document id, instead of the connector's generic message.
 */
public final class StaleVersionHandler extends BulkWriteErrorHandler {
  /** es-hadoop lower-cases handler names, so keep it lower case. */
  static final String NAME = "tributarystale";
  static final String TARGET = "target";
  static final String ID_MARKER = "document _id=";
  private static final Pattern ID = Pattern.compile("\"_id\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  private String target = "?";

  @Override
  public void init(Properties properties) {
    target = properties.getProperty(TARGET,
        properties.getProperty("es.write.rest.error.handler." + NAME + "." + TARGET, "?"));
  }

  @Override
  public HandlerResult onError(BulkWriteFailure entry, DelayableErrorCollector<byte[]> collector) {
    if (entry.getResponseCode() == 409) {
      StaleCounter.increment();
      return HandlerResult.HANDLED;
    }
    String reason = entry.getException() == null ? "no reason given" : entry.getException().getMessage();
    throw new DocumentRefusedException(target, documentId(entry), entry.getResponseCode(), reason);
  }

  static String documentId(BulkWriteFailure entry) {
    try (InputStream in = entry.getEntryContents()) {
      String bulkEntry = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Matcher id = ID.matcher(bulkEntry);
      return id.find() ? id.group(1) : "(no _id in bulk entry)";
    } catch (IOException | RuntimeException e) {
      return "(unreadable bulk entry: " + e + ")";
    }
  }

  /** Carries index and id to the driver; {@link EsSink} turns it into a SinkWriteException. */
  public static final class DocumentRefusedException extends RuntimeException {
    private final String target;
    private final String documentId;

    DocumentRefusedException(String target, String documentId, int status, String reason) {
      super("elasticsearch " + target + ": " + ID_MARKER + documentId + " refused with HTTP " + status + ": " + reason);
      this.target = target;
      this.documentId = documentId;
    }

    public String target() {
      return target;
    }

    public String documentId() {
      return documentId;
    }
  }
}
