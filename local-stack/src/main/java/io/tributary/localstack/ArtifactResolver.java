package io.tributary.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a server's jars from Maven Central with the {@code mvn} on the PATH, once: each server ships a tiny pom
 * ({@code servers/<name>/pom.xml} in this jar) and {@code dependency:build-classpath} writes the resolved files to a
 * classpath file in the cache dir, reused while every file in it still exists.
 */
final class ArtifactResolver {

    private static final Logger LOG = LoggerFactory.getLogger(ArtifactResolver.class);
    static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1";

    private final LocalStackConfig config;

    ArtifactResolver(LocalStackConfig config) {
        this.config = config;
    }

    /**
     * The resolved files of server {@code name}, with {@code @key@} placeholders in its pom replaced by the values.
     */
    List<Path> resolve(String name, Map<String, String> placeholders) {
        String pom = readTemplate(name);
        for (Map.Entry<String, String> e : placeholders.entrySet()) {
            pom = pom.replace("@" + e.getKey() + "@", e.getValue());
        }
        if (pom.matches("(?s).*@[a-z.]+@.*")) {
            throw new LocalStackException("unreplaced placeholder in servers/" + name + "/pom.xml: " + placeholders);
        }
        Path dir = config.cacheDir().resolve("servers").resolve(name + "-" + sha256(pom).substring(0, 12));
        Path classpathFile = dir.resolve("classpath.txt");
        try {
            if (Files.isRegularFile(classpathFile)) {
                List<Path> cached = parse(Files.readString(classpathFile));
                if (!cached.isEmpty() && cached.stream().allMatch(Files::isRegularFile)) {
                    return cached;
                }
                LOG.info("cached classpath of {} names missing files; resolving again", name);
            }
            Files.createDirectories(dir);
            Path pomFile = dir.resolve("pom.xml");
            Files.writeString(pomFile, pom);
            Path tmp = dir.resolve("classpath.txt.tmp");
            Files.deleteIfExists(tmp);
            Path mvnLog = dir.resolve("mvn.log");
            List<String> cmd = new ArrayList<>(List.of(config.mvnCommand(), "-B", "-q", "-f", pomFile.toString(),
                    DEPENDENCY_PLUGIN + ":build-classpath", "-Dmdep.outputFile=" + tmp,
                    "-Dmdep.includeScope=runtime"));
            String repoLocal = System.getProperty("maven.repo.local");
            if (repoLocal != null && !repoLocal.isBlank()) {
                cmd.add("-Dmaven.repo.local=" + repoLocal);
            }
            LOG.info("resolving {} from Maven Central: {} (log {})", name, String.join(" ", cmd), mvnLog);
            long t0 = System.nanoTime();
            Process p;
            try {
                p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(mvnLog.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .start();
            } catch (IOException e) {
                throw new LocalStackException("cannot run '" + config.mvnCommand() + "' to resolve " + name
                        + " (is Maven installed and on the PATH? set TRIBUTARY_MVN to its path): " + e.getMessage(), e);
            }
            if (!p.waitFor(config.resolveTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new LocalStackException("resolving " + name + " with mvn took longer than " + config.resolveTimeout()
                        + "; log " + mvnLog + ":\n" + Logs.tail(mvnLog, 40));
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(tmp)) {
                throw new LocalStackException("mvn failed (exit " + p.exitValue() + ") resolving " + name + " from " + pomFile
                        + "; log " + mvnLog + ":\n" + Logs.tail(mvnLog, 40));
            }
            List<Path> files = parse(Files.readString(tmp));
            if (files.isEmpty()) {
                throw new LocalStackException("mvn resolved no files for " + name + " from " + pomFile);
            }
            Files.move(tmp, classpathFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("resolved {} ({} files) in {} ms", name, files.size(), (System.nanoTime() - t0) / 1_000_000);
            return files;
        } catch (IOException e) {
            throw new LocalStackException("cannot resolve " + name + " in " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while resolving " + name, e);
        }
    }

    private static List<Path> parse(String classpath) {
        return Arrays.stream(classpath.trim().split(java.io.File.pathSeparator))
                .filter(s -> !s.isBlank()).map(Path::of).toList();
    }

    private static String readTemplate(String name) {
        String resource = "/servers/" + name + "/pom.xml";
        try (InputStream in = ArtifactResolver.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new LocalStackException("no " + resource + " in the local-stack jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LocalStackException("cannot read " + resource, e);
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
