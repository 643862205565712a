package io.tributary.localstack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The ZooKeeper Druid discovers its processes through: {@code ZooKeeperServerMain} from the ZooKeeper jar that
 * Druid's own dependencies bring (same classpath as the Druid JVMs, so client and server versions agree), on
 * 127.0.0.1, healthy when it answers {@code ruok} with {@code imok}.
 */
final class DruidZooKeeper extends ManagedServer {

    static final String NAME = "druid-zookeeper";

    DruidZooKeeper(LocalStackConfig config, ArtifactResolver resolver) {
        super(NAME, config, resolver);
    }

    /** The client port; 0 = pick. */
    DruidZooKeeper withClientPort(int port) {
        fixPort("client", port);
        return this;
    }

    @Override
    protected List<String> portRoles() {
        return List.of("client");
    }

    /** {@code 127.0.0.1:port} of the running ZooKeeper. */
    String connectString() {
        Integer port = recordedPorts().get("client");
        if (port == null) {
            throw new LocalStackException("druid's zookeeper is not running (no state in " + directory() + ")");
        }
        return Processes.LOOPBACK + ":" + port;
    }

    @Override
    protected String endpoint(Map<String, Integer> ports) {
        Integer p = ports.get("client");
        return p == null ? null : Processes.LOOPBACK + ":" + p;
    }

    @Override
    protected String unhealthyReason(Map<String, Integer> ports, long logOffset) {
        Integer p = ports.get("client");
        if (p == null) {
            return "no client port recorded";
        }
        String answer = fourLetterWord(p, "ruok");
        return "imok".equals(answer) ? null : "ruok answered '" + answer + "'";
    }

    static String fourLetterWord(int port, String word) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(Processes.LOOPBACK, port), 1000);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return e.getClass().getSimpleName();
        }
    }

    @Override
    protected List<String> prepare(Map<String, Integer> ports) throws IOException {
        Path dir = directory();
        Path conf = dir.resolve("config");
        Path data = dir.resolve("data");
        Files.createDirectories(conf);
        Files.createDirectories(data);
        Path zooCfg = conf.resolve("zoo.cfg");
        Files.writeString(zooCfg, zooCfg(data, ports.get("client")));
        Path log4j = DruidCluster.writeLog4j(conf);
        Path classpathArgs = conf.resolve("classpath.args");
        Files.writeString(classpathArgs, "-cp \"" + DruidCluster.classpath(resolver, config).replace("\\", "\\\\") + "\"\n");
        return new ArrayList<>(List.of(Processes.javaExecutable(), "-Xmx96m", "-Xms32m", "-XX:+UseSerialGC",
                "-Djava.awt.headless=true", "-Dlog4j.configurationFile=" + log4j.toUri(),
                "-Dzookeeper.admin.enableServer=false", "-Dtributary.localstack=" + dir, "@" + classpathArgs,
                "org.apache.zookeeper.server.ZooKeeperServerMain", zooCfg.toString()));
    }

    static String zooCfg(Path data, int clientPort) {
        return String.join("\n",
                "# written by io.tributary.localstack.DruidZooKeeper",
                "tickTime=2000",
                "dataDir=" + data,
                "clientPort=" + clientPort,
                "clientPortAddress=" + Processes.LOOPBACK,
                "maxClientCnxns=0",
                "admin.enableServer=false",
                "4lw.commands.whitelist=ruok,srvr,stat",
                "autopurge.purgeInterval=1",
                "");
    }

    static String join(List<Path> files) {
        return files.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }
}
