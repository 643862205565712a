package io.tributary.job;

import java.util.Map;

/**
 * What common's job-file tests validate against: the sink specs on common's classpath (console, kafka). The
 * elasticsearch, druid and hbase_update specs live in their modules; job-configs' JobFilesValidateTest validates
 * every job file with all of them.
 */
final class ProvisionalSinkSpecs {
    private ProvisionalSinkSpecs() {
    }

    static SinkSpecRegistry registry() {
        return SinkSpecRegistry.load();
    }

    static Map<String, String> reindexVars() {
        return Map.of("ds", "2017-06-05", "from", "2017-06-01", "until", "2017-06-08");
    }
}
