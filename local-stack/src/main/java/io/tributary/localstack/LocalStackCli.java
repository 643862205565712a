package io.tributary.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code LocalStackCli start|stop|status|clean [--work-dir D] [--cache-dir C] [--only kafka,hive-metastore,...]
 * [--free-ports] [--hbase-on-hdfs]}: prints one line per server with its state, pid, ports and endpoint. Servers go
 * on their {@link StandardPorts standard ports} (what the job files expect) unless {@code --free-ports}. With
 * {@code --hbase-on-hdfs}, HBase keeps its root dir and WAL on a one-DataNode HDFS, as in production (its data is
 * kept apart from the local-file-system mode's). Exit code 0 on
 * success; 1 when a server failed to start (a standard port taken included) or (for {@code status}) is not
 * healthy; 2 on bad usage.
 */
public final class LocalStackCli {

    private LocalStackCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0) {
            return usage("missing command");
        }
        String command = args[0];
        LocalStackConfig.Builder cfg = LocalStackConfig.builder().standardPorts(true);
        List<String> only = new ArrayList<>();
        boolean hbaseOnHdfs = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--work-dir" -> {
                    if (value == null) return usage("--work-dir needs a value");
                    cfg.workDir(Path.of(value));
                    i++;
                }
                case "--cache-dir" -> {
                    if (value == null) return usage("--cache-dir needs a value");
                    cfg.cacheDir(Path.of(value));
                    i++;
                }
                case "--only" -> {
                    if (value == null) return usage("--only needs a value");
                    for (String s : value.split(",")) {
                        if (!s.isBlank()) only.add(s.trim());
                    }
                    i++;
                }
                case "--free-ports" -> cfg.standardPorts(false);
                case "--hbase-on-hdfs" -> hbaseOnHdfs = true;
                case "-h", "--help" -> {
                    usage(null);
                    return 0;
                }
                default -> {
                    return usage("unknown argument " + a);
                }
            }
        }
        LocalStack stack = new LocalStack(cfg.build());
        if (hbaseOnHdfs) {
            stack.hbase().onHdfs();
        }
        List<Server> selected = new ArrayList<>();
        try {
            if (only.isEmpty()) {
                selected.addAll(stack.servers());
            } else {
                for (String name : only) {
                    selected.add(stack.server(name));
                }
            }
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        System.out.println("work dir: " + stack.workDir());
        try {
            switch (command) {
                case "start" -> {
                    stack.checkPorts(selected);
                    for (Server s : selected) {
                        long t0 = System.nanoTime();
                        ServerStatus st = s.start();
                        System.out.println(st.describe() + " [" + (System.nanoTime() - t0) / 1_000_000 + " ms] log=" + s.logFile());
                    }
                    printJobHint(selected);
                    return 0;
                }
                case "stop" -> {
                    List<Server> reverse = new ArrayList<>(selected);
                    java.util.Collections.reverse(reverse);
                    for (Server s : reverse) {
                        s.stop();
                        System.out.println(s.status().describe());
                    }
                    return 0;
                }
                case "status" -> {
                    boolean allHealthy = true;
                    for (Server s : selected) {
                        ServerStatus st = s.status();
                        allHealthy &= st.healthy();
                        System.out.println(st.describe());
                    }
                    printJobHint(selected);
                    return allHealthy ? 0 : 1;
                }
                case "clean" -> {
                    if (only.isEmpty()) {
                        stack.clean();
                    } else {
                        selected.forEach(LocalStack::clean);
                    }
                    System.out.println("stopped and deleted " + (only.isEmpty() ? stack.workDir() : only));
                    return 0;
                }
                default -> {
                    return usage("unknown command " + command);
                }
            }
        } catch (LocalStackException e) {
            System.err.println("local-stack " + command + " failed: " + e.getMessage());
            return 1;
        }
    }

    /** Jobs use the embedded metastore unless told otherwise: say how to point them at this one. */
    private static void printJobHint(List<Server> selected) {
        for (Server s : selected) {
            if (s instanceof HiveMetastoreServer hive && hive.status().healthy()) {
                System.out.println("jobs use this metastore with: bin/tributary run ... --conf spark.hadoop.hive.metastore.uris="
                        + hive.uri());
            }
        }
    }

    private static int usage(String error) {
        if (error != null) {
            System.err.println("error: " + error);
        }
        System.err.println("usage: local-stack start|stop|status|clean [--work-dir DIR] [--cache-dir DIR]"
                + " [--only kafka,hive-metastore,elasticsearch,hbase,druid] [--free-ports] [--hbase-on-hdfs]\n"
                + "  servers listen on 127.0.0.1 on their standard ports (kafka 9092, hive-metastore 9083, elasticsearch"
                + " 9200, hbase zookeeper 2181, druid broker 8082 / coordinator+overlord 8081);"
                + " --free-ports picks free ones instead; --hbase-on-hdfs runs HBase on a one-DataNode HDFS"
                + " (NameNode on 8020)");
        return error == null ? 0 : 2;
    }
}
