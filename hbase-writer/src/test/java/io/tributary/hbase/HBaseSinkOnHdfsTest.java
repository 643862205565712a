package io.tributary.hbase;

import org.junit.jupiter.api.BeforeAll;

/**
 * {@link HBaseSinkTest}'s cases against HBase on HDFS (root dir, WAL and bulk-load staging on a NameNode with one
 * DataNode), as HBase runs in production. What only shows there: the bulk load reads HFiles through HDFS's client
 * streams (the Hadoop-2 build of the HBase client failed on them with a NoSuchMethodError on Spark's Hadoop 3), and
 * the region server moves the files instead of copying them.
 */
class HBaseSinkOnHdfsTest extends HBaseSinkTest {
  @BeforeAll
  static void start() { // hides HBaseSinkTest.start: JUnit then runs only this one
    stack = TestHBase.startHBaseOnHdfs("hbase-sink-hdfs");
    zk = stack.hbase().zookeeperQuorum();
    sinkDefaults = TestHBase.onHdfs(stack);
    TestHBase.spark();
  }
}
