package io.tributary.localstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Process-group, port and pid helpers (Linux: reads {@code /proc}). */
final class Processes {
    static final String LOOPBACK = "127.0.0.1";

    private Processes() {
    }

    /** Whether {@code setsid} is available to put each server in its own session and process group. */
    static boolean hasSetsid() {
        return Files.isExecutable(Path.of("/usr/bin/setsid")) || Files.isExecutable(Path.of("/bin/setsid"));
    }

    /** Live (non-zombie) pids whose process group is {@code pgid}. */
    static List<Long> processGroup(long pgid) {
        List<Long> pids = new ArrayList<>();
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return pids;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path p : ds) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    // pid (comm) state ppid pgrp ...; comm may contain spaces and parentheses
                    String rest = stat.substring(stat.lastIndexOf(')') + 2);
                    String[] f = rest.split(" ");
                    if (!"Z".equals(f[0]) && !"X".equals(f[0]) && Long.parseLong(f[2]) == pgid) {
                        pids.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException ignored) {
                    // process went away while we looked
                }
            }
        } catch (IOException ignored) {
            // no /proc: callers fall back to ProcessHandle
        }
        return pids;
    }

    /** Live processes of the group led by {@code pid}, plus the descendants of {@code pid} (which may have left it). */
    static List<ProcessHandle> tree(long pid) {
        List<ProcessHandle> all = new ArrayList<>();
        for (long p : processGroup(pid)) {
            ProcessHandle.of(p).ifPresent(all::add);
        }
        ProcessHandle.of(pid).ifPresent(h -> {
            if (!all.contains(h)) {
                all.add(h);
            }
            h.descendants().filter(d -> !all.contains(d)).forEach(all::add);
        });
        all.removeIf(h -> !isLive(h.pid()));
        return all;
    }

    /** Alive and not a zombie. */
    static boolean isLive(long pid) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return h.get().isAlive();
        }
    }

    /** The start instant of a live process in epoch millis, or -1 (used to tell a reused pid from ours). */
    static long startMillis(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).map(i -> i.toEpochMilli()).orElse(-1L);
    }

    /** Sends a signal to a whole process group with kill(1); false when kill is missing or fails. */
    static boolean signalGroup(long pgid, String signal) {
        try {
            Process k = new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return k.waitFor(10, TimeUnit.SECONDS) && k.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A port that was free on 127.0.0.1 a moment ago. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(LOOPBACK, 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new LocalStackException("cannot find a free port on " + LOOPBACK, e);
        }
    }

    /** Whether nothing listens on (and nobody holds) 127.0.0.1:port. */
    static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true); // as the servers bind: a TIME_WAIT left by a previous run does not count
            s.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether something accepts TCP connections on 127.0.0.1:port. */
    static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(LOOPBACK, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Who listens on TCP port {@code port} (any address), for error messages: {@code pid N (command line)}, or
     * {@code pid N (the kafka of the local stack in DIR)} when it is one of ours. Empty when it cannot be told (no
     * {@code /proc}, or the socket belongs to another user).
     */
    static Optional<String> listenerOf(int port) {
        Optional<String> inode = listeningInode(port);
        if (inode.isEmpty()) {
            return Optional.empty();
        }
        String socket = "socket:[" + inode.get() + "]";
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path proc : ds) {
                if (holds(proc.resolve("fd"), socket)) {
                    return Optional.of("pid " + proc.getFileName() + " (" + commandLine(proc) + ")");
                }
            }
        } catch (IOException ignored) {
            // no /proc
        }
        return Optional.empty();
    }

    private static Optional<String> listeningInode(int port) {
        String hexPort = String.format(":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    // sl local_address rem_address st ... inode; st 0A = LISTEN
                    if (f.length > 9 && f[1].endsWith(hexPort) && "0A".equals(f[3])) {
                        return Optional.of(f[9]);
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // table missing (no IPv6) or unreadable
            }
        }
        return Optional.empty();
    }

    private static boolean holds(Path fdDir, String socket) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                try {
                    if (socket.equals(Files.readSymbolicLink(fd).toString())) {
                        return true;
                    }
                } catch (IOException ignored) {
                    // closed meanwhile
                }
            }
        } catch (IOException ignored) {
            // another user's process, or gone
        }
        return false;
    }

    private static String commandLine(Path proc) {
        try {
            String cmd = new String(Files.readAllBytes(proc.resolve("cmdline")), java.nio.charset.StandardCharsets.UTF_8)
                    .replace('\0', ' ').trim();
            java.util.regex.Matcher ours = java.util.regex.Pattern.compile("-Dtributary\\.localstack=(\\S+)").matcher(cmd);
            if (ours.find()) {
                Path serverDir = Path.of(ours.group(1));
                return "the " + serverDir.getFileName() + " of the local stack in " + serverDir.getParent();
            }
            return cmd.length() > 160 ? cmd.substring(0, 160) + "..." : cmd;
        } catch (IOException e) {
            return "command line unreadable";
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"))
                || ProcessHandle.current().info().user().map("root"::equals).orElse(false);
    }

    /** The java launcher of the running JVM (servers run on the same Java). */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
