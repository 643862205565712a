package io.tributary.localstack;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One real server of the local stack, run as a child process tree in its own directory of the work dir. */
public interface Server {

    /** Short name used for its directory, the CLI and logs, e.g. {@code kafka}. */
    String name();

    /**
     * Starts the server and waits until it is healthy. Idempotent: when a healthy instance recorded in the work
     * dir is already running (started by this or another JVM) it is reused and nothing new is started.
     *
     * @throws LocalStackException when it cannot be started; the message names the log file and ends with its tail
     */
    ServerStatus start();

    /** Stops the server's whole process tree (TERM, then KILL after a grace period) and waits until it is gone. */
    void stop();

    /** What is running now according to the work dir and the process table; cheap, never starts anything. */
    ServerStatus status();

    /** The file that receives the server's stdout and stderr. */
    Path logFile();

    /** This server's directory inside the work dir (config, data, state file, logs). */
    Path directory();

    /** The ports asked for by role (e.g. {@code broker -> 9092}); 0 where a free one is picked at start. */
    Map<String, Integer> requestedPorts();

    /**
     * One line per asked-for port that another process holds now, naming the server, the port and the holder;
     * empty when start can bind them all or when the server already runs (start reuses it).
     */
    List<String> portConflicts();
}
