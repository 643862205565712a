package io.tributary.localstack;

import java.util.Map;

/**
 * A snapshot of one server.
 *
 * @param name     the server's name
 * @param running  whether its recorded process is alive
 * @param healthy  whether it answered its health check
 * @param pid      the recorded process id (the process group leader), or -1
 * @param ports    the ports it listens on by role, e.g. {@code broker -> 9092}
 * @param endpoint what a client connects to: bootstrap servers for Kafka, the HTTP URL for Elasticsearch
 * @param detail   a short human description of the health or of why it is not healthy
 */
public record ServerStatus(String name, boolean running, boolean healthy, long pid, Map<String, Integer> ports,
                           String endpoint, String detail) {

    public static ServerStatus stopped(String name) {
        return new ServerStatus(name, false, false, -1, Map.of(), null, "not running");
    }

    /** The main port (the first listed), or -1. */
    public int port() {
        return ports.values().stream().findFirst().orElse(-1);
    }

    /** One line for humans: name, state, pid, ports, endpoint. */
    public String describe() {
        StringBuilder sb = new StringBuilder(String.format("%-14s %-8s", name, running ? (healthy ? "healthy" : "running") : "stopped"));
        if (running) {
            sb.append(" pid=").append(pid);
            ports.forEach((role, port) -> sb.append(' ').append(role).append('=').append(port));
            if (endpoint != null) {
                sb.append(" endpoint=").append(endpoint);
            }
        }
        if (detail != null && !detail.isEmpty()) {
            sb.append(" (").append(detail).append(')');
        }
        return sb.toString();
    }
}
