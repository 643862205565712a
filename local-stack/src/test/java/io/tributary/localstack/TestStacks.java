package io.tributary.localstack;

import java.nio.file.Path;

/** The work dir the tests share (surefire sets it under target/), so servers are reused across test classes. */
final class TestStacks {
    private TestStacks() {
    }

    static LocalStackConfig config(String sub) {
        String base = System.getProperty("tributary.localstack.workDir", "target/local-stack-it");
        return LocalStackConfig.builder().workDir(Path.of(base, sub)).build();
    }

    /** True when pid is gone (or only a zombie). */
    static boolean gone(long pid) {
        return !Processes.isLive(pid);
    }
}
