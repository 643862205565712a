package io.tributary.localstack;

/**
 * The well-known ports each server's own distribution defaults to, which the job files in {@code job-configs/}
 * name. {@code bin/tributary local-stack start} and the demo use them; tests pick free ports instead, so they
 * never meet a running stack. Druid's ZooKeeper gets 2182 because HBase's has 2181.
 */
public final class StandardPorts {
    public static final int KAFKA_BROKER = 9092;
    public static final int KAFKA_CONTROLLER = 9093;
    public static final int ELASTICSEARCH_HTTP = 9200;
    public static final int ELASTICSEARCH_TRANSPORT = 9300;
    public static final int HBASE_ZOOKEEPER = 2181;
    public static final int HBASE_MASTER = 16000;
    public static final int HBASE_REGIONSERVER = 16020;
    /** HBase's NameNode when it runs on HDFS ({@code local-stack start --hbase-on-hdfs}): Hadoop 3's default. */
    public static final int HDFS_NAMENODE = 8020;
    public static final int HIVE_METASTORE = 9083;
    /** The overlord runs inside the coordinator, so this is also the overlord's port. */
    public static final int DRUID_COORDINATOR = 8081;
    public static final int DRUID_BROKER = 8082;
    public static final int DRUID_HISTORICAL = 8083;
    public static final int DRUID_INDEXER = 8091;
    public static final int DRUID_ZOOKEEPER = 2182;
    public static final int DRUID_DERBY = 1527;

    private StandardPorts() {
    }

    /** Fixes every server of the stack on its standard ports (before start). */
    static void apply(LocalStack stack) {
        stack.kafka().withBrokerPort(KAFKA_BROKER).withControllerPort(KAFKA_CONTROLLER);
        stack.elasticsearch().withHttpPort(ELASTICSEARCH_HTTP).withTransportPort(ELASTICSEARCH_TRANSPORT);
        stack.hbase().withZookeeperPort(HBASE_ZOOKEEPER).withMasterPort(HBASE_MASTER)
                .withRegionServerPort(HBASE_REGIONSERVER).withNameNodePort(HDFS_NAMENODE);
        stack.hiveMetastore().withPort(HIVE_METASTORE);
        stack.druid().withCoordinatorPort(DRUID_COORDINATOR).withBrokerPort(DRUID_BROKER)
                .withHistoricalPort(DRUID_HISTORICAL).withIndexerPort(DRUID_INDEXER)
                .withZookeeperPort(DRUID_ZOOKEEPER).withDerbyPort(DRUID_DERBY);
    }
}
