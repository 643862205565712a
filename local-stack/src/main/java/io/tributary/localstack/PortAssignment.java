package io.tributary.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The ports of one server, by role ({@code broker}, {@code http}, ...). A fixed port (a {@code withXxxPort} knob or
 * the standard ports) is used as is and never swapped for another: when something else holds it, start fails with a
 * message that names the server, the port and the way out. An unset one is picked free and remembered in
 * {@code ports.properties}, so a restart keeps its addresses while they are still free.
 */
final class PortAssignment {

    private final String server;
    private final Path file;
    private final Map<String, Integer> fixed = new LinkedHashMap<>();

    PortAssignment(String server, Path dir) {
        this.server = server;
        this.file = dir.resolve("ports.properties");
    }

    /** Use {@code port} for {@code role}; 0 = pick a free one. */
    synchronized void fix(String role, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(server + ": " + role + " port " + port + " is not a TCP port");
        }
        fixed.put(role, port);
    }

    /** Role to the port asked for, 0 where a free one will be picked. */
    synchronized Map<String, Integer> requested(List<String> roles) {
        Map<String, Integer> out = new LinkedHashMap<>();
        roles.forEach(role -> out.put(role, fixed.getOrDefault(role, 0)));
        return out;
    }

    /** What to do about ports in use, after the lines that name them. */
    static final String WAY_OUT = "Stop what holds them (another local stack: `bin/tributary local-stack stop"
            + " --work-dir DIR`), or start on free ports instead (`bin/tributary local-stack start --free-ports`;"
            + " in Java, leave the ports unset)";

    /** One line per fixed port that something else holds now, naming server, port and holder; empty when all are free. */
    List<String> conflicts(List<String> roles) {
        List<String> out = new ArrayList<>();
        requested(roles).forEach((role, port) -> {
            if (port > 0 && !Processes.isFree(port)) {
                out.add(server + " " + conflict(role, port));
            }
        });
        return out;
    }

    /** Chooses every role's port: the fixed one (fails if taken), else the remembered one if free, else a free one. */
    synchronized Map<String, Integer> choose(List<String> roles) throws IOException {
        Properties previous = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                previous.load(in);
            }
        }
        Map<String, Integer> chosen = new LinkedHashMap<>();
        Set<Integer> taken = new HashSet<>();
        for (Map.Entry<String, Integer> e : requested(roles).entrySet()) {
            String role = e.getKey();
            int port = e.getValue() > 0 ? fixedIfFree(role, e.getValue()) : remembered(previous, role, taken);
            while (port <= 0 || taken.contains(port)) {
                port = Processes.freePort(); // two free picks can coincide once their probe sockets are closed
            }
            taken.add(port);
            chosen.put(role, port);
        }
        Properties keep = new Properties();
        chosen.forEach((role, port) -> keep.setProperty(role, port.toString()));
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            keep.store(out, "ports last used by " + server + "; free ones are reused");
        }
        return chosen;
    }

    private int fixedIfFree(String role, int port) {
        if (!Processes.isFree(port)) {
            throw new LocalStackException(server + " cannot start: " + conflict(role, port) + ". " + WAY_OUT);
        }
        return port;
    }

    private static int remembered(Properties previous, String role, Set<Integer> taken) {
        String old = previous.getProperty(role);
        if (old != null) {
            int port = Integer.parseInt(old.trim());
            if (port > 0 && !taken.contains(port) && Processes.isFree(port)) {
                return port;
            }
        }
        return 0;
    }

    private String conflict(String role, int port) {
        String holder = Processes.listenerOf(port).map(h -> " by " + h)
                .orElse(" (`ss -ltnp 'sport = :" + port + "'` names the process)");
        return "port " + port + " (" + role + ") on " + Processes.LOOPBACK + " is in use" + holder;
    }
}
