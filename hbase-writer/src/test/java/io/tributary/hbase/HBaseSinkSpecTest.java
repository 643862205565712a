package io.tributary.hbase;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.job.SinkOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hbase.io.compress.Compression;
import org.junit.jupiter.api.Test;

/** The job file's checks on {@code hbase_update} keys that need no server. */
class HBaseSinkSpecTest {
  private static SinkOptions options(String compression) {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("table", "listings");
    options.put("zookeeper_quorum", "127.0.0.1:2181");
    options.put("row_key_column", "listing_id");
    options.put("column_family", "d");
    options.put("version_column", "mutation_id");
    options.put("compression", compression);
    return SinkOptions.of(options);
  }

  @Test
  void compressionTakesHBasesCodecNamesInAnyCase() {
    HBaseSinkSpec spec = new HBaseSinkSpec();
    assertEquals(List.of(), spec.crossCheck(options("SNAPPY")));
    assertEquals(Compression.Algorithm.ZSTD, HBaseSinkSpec.compression("zstd"));
    List<String> problems = spec.crossCheck(options("zip"));
    assertEquals(1, problems.size(), problems.toString());
    assertEquals("compression must be one of lzo, gz, none, snappy, lz4, bzip2, zstd, lzma, brotli, not zip",
        problems.get(0));
  }
}
