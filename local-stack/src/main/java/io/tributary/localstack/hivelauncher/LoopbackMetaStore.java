package io.tributary.localstack.hivelauncher;

import java.net.InetSocketAddress;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.metastore.HiveMetaStore;
import org.apache.hadoop.hive.metastore.TSetIpAddressProcessor;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.server.TServer;
import org.apache.thrift.server.TThreadPoolServer;
import org.apache.thrift.transport.TServerSocket;
import org.apache.thrift.transport.TTransportFactory;

/**
 * Runs Hive 2.3's metastore Thrift service bound to one address. {@code HiveMetaStore.main} always binds every
 * interface ({@code hive.metastore.thrift.bind.host} only arrived in Hive 3), so this does what its
 * {@code startMetaStore} does for an unsecured server (no SASL, no SSL, binary protocol, unframed) with a
 * {@code TServerSocket} on the given host. Configuration comes from {@code hive-site.xml} on the classpath.
 *
 * <p>Runs only inside the metastore's child JVM: local-stack copies this package's classes into a jar there, next
 * to the Hive jars it is compiled against ({@code provided}).
 */
public final class LoopbackMetaStore {
    /** What local-stack waits for in the log (the same words as Hive's own server). */
    public static final String STARTED = "Started the new metaserver on";

    private LoopbackMetaStore() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: LoopbackMetaStore HOST PORT");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        HiveConf conf = new HiveConf(LoopbackMetaStore.class);
        // creates the Derby schema and the default database before the port opens
        ThriftHiveMetastore.Iface handler = HiveMetaStore.newRetryingHMSHandler("new db based metaserver", conf, false);
        TServer server = new TThreadPoolServer(new TThreadPoolServer.Args(new TServerSocket(new InetSocketAddress(host, port)))
                .processor(new TSetIpAddressProcessor<>(handler))
                .transportFactory(new TTransportFactory())
                .protocolFactory(new TBinaryProtocol.Factory())
                .minWorkerThreads(conf.getIntVar(HiveConf.ConfVars.METASTORESERVERMINTHREADS))
                .maxWorkerThreads(conf.getIntVar(HiveConf.ConfVars.METASTORESERVERMAXTHREADS)));
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "metastore-stop"));
        System.out.println(STARTED + " " + host + ":" + port);
        server.serve();
    }
}
