package io.tributary.hbase;

import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.hadoop.hbase.io.compress.Compression;
import org.apache.hadoop.hbase.io.encoding.DataBlockEncoding;
import org.apache.hadoop.hbase.io.hfile.HFileContext;
import org.apache.hadoop.hbase.io.hfile.HFileContextBuilder;
import org.apache.hadoop.hbase.regionserver.BloomType;
import org.apache.hadoop.hbase.util.BloomFilterUtil;

/**
 * How the bulk path writes a family's HFiles: as the table declares the family (compression, data block encoding,
 * bloom filter, block size), as HFileOutputFormat2 does. Files written otherwise load just as well, but stay
 * uncompressed and without blooms until a major compaction rewrites them. Read on the driver, shipped to the tasks.
 *
 * @param bloomPrefixLength the family's {@value BloomFilterUtil#PREFIX_LENGTH_KEY}, for ROWPREFIX_FIXED_LENGTH blooms;
 *     null otherwise
 */
record StoreFileFormat(Compression.Algorithm compression, DataBlockEncoding encoding, BloomType bloom, int blockSize,
    String bloomPrefixLength) implements Serializable {

  /** HBase's defaults for a family nobody configured. */
  static final StoreFileFormat DEFAULT = new StoreFileFormat(Compression.Algorithm.NONE, DataBlockEncoding.NONE,
      BloomType.ROW, 64 * 1024, null);

  static StoreFileFormat of(ColumnFamilyDescriptor family) {
    return new StoreFileFormat(family.getCompressionType(), family.getDataBlockEncoding(),
        family.getBloomFilterType(), family.getBlocksize(),
        family.getConfigurationValue(BloomFilterUtil.PREFIX_LENGTH_KEY));
  }

  HFileContext context(byte[] family, byte[] table) {
    return new HFileContextBuilder().withCompression(compression).withDataBlockEncoding(encoding)
        .withBlockSize(blockSize).withColumnFamily(family).withTableName(table).build();
  }

  /** The writer's configuration: the bloom's prefix length lives there, not in the file context. */
  Configuration apply(Configuration conf) {
    if (bloomPrefixLength != null) {
      conf.set(BloomFilterUtil.PREFIX_LENGTH_KEY, bloomPrefixLength);
    }
    return conf;
  }
}
