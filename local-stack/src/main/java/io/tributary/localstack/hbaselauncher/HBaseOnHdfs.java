package io.tributary.localstack.hbaselauncher;

import java.lang.reflect.Method;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.apache.hadoop.hdfs.server.datanode.DataNode;
import org.apache.hadoop.hdfs.server.namenode.NameNode;
import org.apache.hadoop.metrics2.lib.DefaultMetricsSystem;

/**
 * Runs a one-DataNode HDFS (a NameNode and a DataNode from {@code hadoop-hdfs}, which HBase's own jars bring) in this
 * JVM, then the standalone HBase on it: HBase deployed as in production, its root dir, write-ahead log and bulk-load
 * staging on HDFS. What that changes against the local file system: a WAL sync goes through a DataNode, and a bulk
 * load moves the HFiles into the regions (a rename in the NameNode) where the local file system makes the region
 * server copy every file twice ({@code FSUtils.isSameHdfs} is false for it).
 *
 * <p>All settings come from {@code hdfs-site.xml} and {@code hbase-site.xml} on the classpath (local-stack writes
 * them). Runs only inside HBase's child JVM: local-stack copies this package's classes into a jar there, next to the
 * HBase jars; HMaster is started by name so that local-stack needs no HBase jars to compile this.
 */
public final class HBaseOnHdfs {
    /** Logged once HDFS is up, before HMaster starts (a constant: tests read it without loading this class). */
    public static final String HDFS_UP = "tributary: hdfs up";
    /** Logged when the NameNode's dir is formatted: on the first start only. */
    public static final String HDFS_FORMATTED = "tributary: hdfs formatted";

    private HBaseOnHdfs() {
    }

    /** {@code HBaseOnHdfs <HMaster args...>}, e.g. {@code start}. */
    public static void main(String[] args) throws Exception {
        Configuration conf = new HdfsConfiguration(); // hdfs-default.xml, then hdfs-site.xml from the classpath
        // several daemons in one JVM register the same metrics sources, as in Hadoop's own MiniDFSCluster
        DefaultMetricsSystem.setMiniClusterMode(true);
        if (conf.getBoolean("tributary.hdfs.format", false)) {
            NameNode.format(conf); // a fresh name dir only: local-stack sets this when there is none yet
            System.out.println(HDFS_FORMATTED + " in " + conf.get("dfs.namenode.name.dir"));
        }
        NameNode nameNode = NameNode.createNameNode(new String[0], conf);
        DataNode dataNode = DataNode.createDataNode(new String[0], conf);
        long deadline = System.currentTimeMillis() + 120_000;
        // HMaster waits for safe mode itself, but a DataNode that has not registered yet would fail its first write
        while (!dataNode.isDatanodeFullyStarted() || nameNode.isInSafeMode()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("HDFS did not come up within 120 s (DataNode started: "
                    + dataNode.isDatanodeFullyStarted() + ", NameNode in safe mode: " + nameNode.isInSafeMode() + ")");
            }
            Thread.sleep(100);
        }
        System.out.println(HDFS_UP + " at " + conf.get("fs.defaultFS"));
        Method hmaster = Class.forName("org.apache.hadoop.hbase.master.HMaster").getMethod("main", String[].class);
        hmaster.invoke(null, (Object) args);
    }
}
