package io.tributary.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Classes of ours that run inside a server (the Elasticsearch root plugin, the Hive metastore launcher): they are
 * compiled into this jar against the server's jars ({@code provided}) and copied, one package at a time, into a
 * jar of their own in the server's directory.
 */
final class PackagedClasses {
    private PackagedClasses() {
    }

    /**
     * Writes the classes of package {@code packageName} (not its subpackages) into {@code jar}. Named by strings, not
     * class literals: those classes cannot even be loaded here, as their superclasses live in the server's jars.
     */
    static void writeJar(String packageName, String anchorClass, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Map.Entry<String, byte[]> e : of(packageName, anchorClass).entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
    }

    /** Entry name ({@code io/tributary/.../X.class}) to bytes, from our jar or classes dir; {@code anchorClass} finds it. */
    static Map<String, byte[]> of(String packageName, String anchorClass) throws IOException {
        String pkg = packageName.replace('.', '/') + "/";
        URL url = PackagedClasses.class.getResource("/" + pkg + anchorClass + ".class");
        if (url == null) {
            throw new LocalStackException("the classes of " + packageName + " are missing from the local-stack jar");
        }
        Map<String, byte[]> out = new TreeMap<>();
        try {
            if ("jar".equals(url.getProtocol())) {
                String spec = url.getPath(); // file:/x.jar!/io/...
                try (JarFile jar = new JarFile(Path.of(new URI(spec.substring(0, spec.indexOf("!/")))).toFile())) {
                    Enumeration<JarEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        JarEntry e = entries.nextElement();
                        String rest = e.getName().startsWith(pkg) ? e.getName().substring(pkg.length()) : "";
                        if (rest.endsWith(".class") && !rest.contains("/")) {
                            try (InputStream in = jar.getInputStream(e)) {
                                out.put(e.getName(), in.readAllBytes());
                            }
                        }
                    }
                }
            } else {
                try (Stream<Path> files = Files.list(Path.of(url.toURI()).getParent())) {
                    for (Path p : (Iterable<Path>) files::iterator) {
                        if (p.getFileName().toString().endsWith(".class")) {
                            out.put(pkg + p.getFileName(), Files.readAllBytes(p));
                        }
                    }
                }
            }
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        return out;
    }
}
