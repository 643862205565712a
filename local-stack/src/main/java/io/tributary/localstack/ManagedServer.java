package io.tributary.localstack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The common life cycle: a state file ({@code state.properties}: pid, its start time, ports, log offset) in the
 * server's directory makes start idempotent across JVMs; the server runs in its own session/process group
 * ({@code setsid}) so that stop can end the whole tree and an interrupted caller does not take it down.
 */
abstract class ManagedServer implements Server {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedServer.class);

    protected final LocalStackConfig config;
    protected final ArtifactResolver resolver;
    private final String name;
    private final Path dir;
    private final PortAssignment ports;
    private Process child; // only when this JVM started it; lets us reap it

    ManagedServer(String name, LocalStackConfig config, ArtifactResolver resolver) {
        this.name = name;
        this.config = config;
        this.resolver = resolver;
        this.dir = config.workDir().resolve(name);
        this.ports = new PortAssignment(name, dir);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Path directory() {
        return dir;
    }

    @Override
    public Path logFile() {
        return dir.resolve("logs").resolve(name + ".out");
    }

    Path stateFile() {
        return dir.resolve("state.properties");
    }

    /** The roles of the ports this server listens on, e.g. {@code broker, controller}. */
    protected abstract List<String> portRoles();

    /** Resolves artifacts, writes config for the chosen {@code ports} (by role), returns the command to run. */
    protected abstract List<String> prepare(Map<String, Integer> ports) throws IOException;

    /** What the {@code withXxxPort} knobs call: use {@code port} for {@code role}, 0 = pick a free one. */
    protected final void fixPort(String role, int port) {
        ports.fix(role, port);
    }

    @Override
    public Map<String, Integer> requestedPorts() {
        return ports.requested(portRoles());
    }

    @Override
    public List<String> portConflicts() {
        return status().running() ? List.of() : ports.conflicts(portRoles()); // a running one is reused, not restarted
    }

    /** Picks the ports for the next start (fixed ones as they are; fails, naming the port, if one is taken). */
    Map<String, Integer> choosePorts() throws IOException {
        return ports.choose(portRoles());
    }

    /** The directory the server process starts in. */
    protected Path workingDirectory() {
        return dir;
    }

    /** Extra environment for the command. */
    protected Map<String, String> environment(Map<String, Integer> ports) {
        return Map.of();
    }

    /** A health check against a running instance; returns null when healthy, else why not. */
    protected abstract String unhealthyReason(Map<String, Integer> ports, long logOffset);

    /** What clients connect to, given the ports. */
    protected abstract String endpoint(Map<String, Integer> ports);

    @Override
    public synchronized ServerStatus start() {
        try (WorkDirLock ignored = lock()) {
            return startLocked();
        } catch (IOException e) {
            throw new LocalStackException("cannot lock " + dir.resolve(".lock") + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void stop() {
        if (!Files.isDirectory(dir)) {
            return; // never started here, or cleaned: nothing runs, and taking the lock would recreate the dir
        }
        try (WorkDirLock ignored = lock()) {
            stopLocked();
        } catch (IOException e) {
            throw new LocalStackException("cannot lock " + dir.resolve(".lock") + ": " + e.getMessage(), e);
        }
    }

    /**
     * Serialises start and stop of this server across JVMs (a CLI and a test run on the same work dir). The lock is
     * released when the returned lock is closed; the channel closes with it.
     */
    private WorkDirLock lock() throws IOException {
        Files.createDirectories(dir);
        FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            java.nio.channels.FileLock l = ch.tryLock();
            if (l == null) {
                LOG.info("waiting for another process that is starting or stopping {} ({})", name, dir);
                l = ch.lock();
            }
            return new WorkDirLock(ch, l);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static final class WorkDirLock implements AutoCloseable {
        private final FileChannel channel;
        private final java.nio.channels.FileLock lock;

        WorkDirLock(FileChannel channel, java.nio.channels.FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() throws IOException {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    private ServerStatus startLocked() {
        ServerStatus current = status();
        if (current.running() && current.healthy()) {
            LOG.info("{} already running (pid {}, {}); reusing it", name, current.pid(), current.endpoint());
            warnIfNotOnRequestedPorts(current);
            return current;
        }
        if (current.running()) {
            // a recorded instance that is up but not healthy: give it the start timeout, as another JVM may be starting it
            ServerStatus waited = awaitHealthy(current.pid(), readState(), Instant.now().plus(config.startTimeout()), false);
            if (waited != null) {
                return waited;
            }
            LOG.warn("{} (pid {}) never became healthy; restarting it", name, current.pid());
            stopLocked();
        }
        long t0 = System.nanoTime();
        Map<String, Integer> ports;
        List<String> command;
        try {
            Files.createDirectories(logFile().getParent());
            ports = choosePorts(); // before resolving: a busy port fails in a second, not after minutes of downloads
            command = prepare(ports);
        } catch (IOException e) {
            throw new LocalStackException("cannot prepare " + name + " in " + dir + ": " + e.getMessage(), e);
        }
        List<String> full = new ArrayList<>();
        if (Processes.hasSetsid()) {
            full.add("setsid");
        }
        full.addAll(command);
        long logOffset = Logs.size(logFile());
        ProcessBuilder pb = new ProcessBuilder(full).directory(workingDirectory().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(environment(ports));
        LOG.info("starting {}: {} (log {})", name, String.join(" ", full), logFile());
        try {
            child = pb.start();
        } catch (IOException e) {
            throw new LocalStackException("cannot start " + name + ": " + e.getMessage(), e);
        }
        long pid = child.pid();
        Properties state = new Properties();
        state.setProperty("pid", Long.toString(pid));
        state.setProperty("startMillis", Long.toString(Processes.startMillis(pid)));
        state.setProperty("logOffset", Long.toString(logOffset));
        ports.forEach((role, port) -> state.setProperty("port." + role, Integer.toString(port)));
        writeState(state);
        ServerStatus up = awaitHealthy(pid, state, Instant.now().plus(config.startTimeout()), true);
        if (up == null) {
            String why = unhealthyReason(ports, logOffset);
            stopLocked();
            throw new LocalStackException(name + " did not become healthy within " + config.startTimeout() + " (" + why
                    + "); log " + logFile() + ", last lines:\n" + Logs.tail(logFile(), 60));
        }
        LOG.info("{} healthy in {} ms: {}", name, (System.nanoTime() - t0) / 1_000_000, up.endpoint());
        return up;
    }

    private void warnIfNotOnRequestedPorts(ServerStatus running) {
        requestedPorts().forEach((role, port) -> {
            Integer actual = running.ports().get(role);
            if (port > 0 && actual != null && actual != port.intValue()) {
                LOG.warn("{} keeps running with {} on port {}, not the requested {}; stop it first to move it",
                        name, role, actual, port);
            }
        });
    }

    /** Polls until healthy (returns the status), the process dies (throws if {@code failOnExit}), or the deadline (null). */
    private ServerStatus awaitHealthy(long pid, Properties state, Instant deadline, boolean failOnExit) {
        Map<String, Integer> ports = ports(state);
        long logOffset = Long.parseLong(state.getProperty("logOffset", "0"));
        while (Instant.now().isBefore(deadline)) {
            if (!Processes.isLive(pid)) {
                if (child != null && child.pid() == pid) {
                    try {
                        child.waitFor(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                String exit = child != null && child.pid() == pid && !child.isAlive() ? " with exit code " + child.exitValue() : "";
                if (failOnExit) {
                    stopLocked();
                    throw new LocalStackException(name + " exited during start" + exit + "; log " + logFile()
                            + ", last lines:\n" + Logs.tail(logFile(), 60));
                }
                return null;
            }
            if (unhealthyReason(ports, logOffset) == null) {
                return new ServerStatus(name, true, true, pid, ports, endpoint(ports), "healthy");
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalStackException("interrupted while waiting for " + name, e);
            }
        }
        return null;
    }

    private void stopLocked() {
        Properties state = readState();
        long pid = Long.parseLong(state.getProperty("pid", "-1"));
        if (pid > 0 && isOurs(pid, state)) {
            List<ProcessHandle> tree = Processes.tree(pid);
            LOG.info("stopping {} (pid {}, {} processes)", name, pid, tree.size());
            boolean grouped = Processes.signalGroup(pid, "TERM");
            tree.forEach(ProcessHandle::destroy);
            if (!waitGone(pid, tree, config.stopTimeout().toMillis())) {
                LOG.warn("{} still running {} after TERM; killing it", name, config.stopTimeout());
                if (grouped) {
                    Processes.signalGroup(pid, "KILL");
                }
                Processes.tree(pid).forEach(ProcessHandle::destroyForcibly);
                tree.forEach(ProcessHandle::destroyForcibly);
                if (!waitGone(pid, tree, 15_000)) {
                    throw new LocalStackException("cannot stop " + name + ": processes still alive: " + Processes.tree(pid));
                }
            }
            LOG.info("{} stopped", name);
        }
        if (child != null) {
            try {
                child.waitFor(5, TimeUnit.SECONDS); // reap it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            child = null;
        }
        try {
            Files.deleteIfExists(stateFile());
        } catch (IOException e) {
            throw new LocalStackException("cannot delete " + stateFile(), e);
        }
    }

    private boolean waitGone(long pgid, List<ProcessHandle> tree, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            if (child != null && child.pid() == pgid) {
                child.isAlive(); // lets the JDK reap it once it exits
            }
            boolean anyLeft = !Processes.processGroup(pgid).isEmpty() || tree.stream().anyMatch(h -> Processes.isLive(h.pid()));
            if (!anyLeft) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** The pid is alive and is the process we recorded (not a reused pid). */
    private boolean isOurs(long pid, Properties state) {
        if (!Processes.isLive(pid)) {
            return false;
        }
        long recorded = Long.parseLong(state.getProperty("startMillis", "-1"));
        long actual = Processes.startMillis(pid);
        return recorded < 0 || actual < 0 || Math.abs(recorded - actual) < 2000;
    }

    @Override
    public ServerStatus status() {
        Properties state = readState();
        long pid = Long.parseLong(state.getProperty("pid", "-1"));
        if (pid <= 0 || !isOurs(pid, state)) {
            return ServerStatus.stopped(name);
        }
        Map<String, Integer> ports = ports(state);
        String why = unhealthyReason(ports, Long.parseLong(state.getProperty("logOffset", "0")));
        return new ServerStatus(name, true, why == null, pid, ports, endpoint(ports), why == null ? "healthy" : why);
    }

    /** The ports recorded for the running instance (empty when stopped). */
    protected Map<String, Integer> recordedPorts() {
        return ports(readState());
    }

    private static Map<String, Integer> ports(Properties state) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        state.stringPropertyNames().stream().filter(k -> k.startsWith("port.")).sorted()
                .forEach(k -> ports.put(k.substring(5), Integer.parseInt(state.getProperty(k))));
        return ports;
    }

    private Properties readState() {
        Properties p = new Properties();
        if (Files.isRegularFile(stateFile())) {
            try (InputStream in = Files.newInputStream(stateFile())) {
                p.load(in);
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("ignoring unreadable {}: {}", stateFile(), e.toString());
            }
        }
        return p;
    }

    private void writeState(Properties state) {
        Path tmp = dir.resolve("state.properties.tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            state.store(out, name + " as started by io.tributary.localstack");
        } catch (IOException e) {
            throw new LocalStackException("cannot write " + tmp, e);
        }
        try {
            Files.move(tmp, stateFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LocalStackException("cannot write " + stateFile(), e);
        }
    }

    /** Deletes this server's directory (stopping it first). */
    public synchronized void clean() {
        stop();
        FileTrees.deleteRecursively(dir);
    }
}
