package io.tributary.faults;

import io.tributary.localstack.LoopbackTls;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real nginx (Debian's package, which {@code bin/tributary test} installs) on {@code https://127.0.0.1:PORT} that
 * terminates TLS with a {@link LoopbackTls} certificate, enforces HTTP basic auth for one user, and proxies to a
 * plain-HTTP upstream on 127.0.0.1. It stands in for the security of a store that cannot enforce it itself here
 * (the integ-test Elasticsearch has no security module): what it proves is our client side against a server that
 * does enforce TLS and credentials, not the store's own security.
 *
 * <p>One process ({@code master_process off}), so a SIGKILL leaves no worker behind; every file it writes (config,
 * htpasswd, logs, temp dirs) stays in its own directory.
 */
final class TlsBasicAuthProxy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TlsBasicAuthProxy.class);
  private static final List<String> NGINX = List.of("/usr/sbin/nginx", "/usr/bin/nginx");

  private final Process process;
  private final Path dir;
  private final int port;

  private TlsBasicAuthProxy(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** Starts nginx in {@code dir} in front of {@code http://127.0.0.1:upstreamPort}; returns once it accepts TLS. */
  static TlsBasicAuthProxy start(Path dir, LoopbackTls tls, int upstreamPort, String user, String password)
      throws IOException, InterruptedException {
    String nginx = NGINX.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst()
        .orElseThrow(() -> new IllegalStateException("nginx not found (" + NGINX + "): the security test needs"
            + " Debian's nginx-light; bin/tributary test installs it, or run: apt-get install -y nginx-light"));
    Files.createDirectories(dir.resolve("temp"));
    writeUser(dir, user, password);
    int port = freePort();
    Path conf = Files.writeString(dir.resolve("nginx.conf"), config(dir, tls, port, upstreamPort));
    Path out = dir.resolve("nginx.out");
    Process process = new ProcessBuilder(nginx, "-p", dir.toString(), "-c", conf.toString(),
        "-e", dir.resolve("error.log").toString(), "-g", "daemon off;")
        .redirectErrorStream(true).redirectOutput(out.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "kill-nginx-" + process.pid()));
    TlsBasicAuthProxy proxy = new TlsBasicAuthProxy(process, dir, port);
    proxy.awaitListening();
    LOG.info("nginx pid {}: https://127.0.0.1:{} -> http://127.0.0.1:{} with basic auth for {}", process.pid(), port,
        upstreamPort, user);
    return proxy;
  }

  /**
   * From now on only {@code password} is accepted for {@code user}: nginx reads the htpasswd file on every request,
   * so this is a password changed (or revoked) under running clients.
   */
  void setPassword(String user, String password) throws IOException {
    writeUser(dir, user, password);
  }

  /** Replaced in one move, so no request ever reads half a file. */
  private static void writeUser(Path dir, String user, String password) throws IOException {
    Path next = Files.writeString(dir.resolve("htpasswd.next"), user + ":" + saltedSha(password) + "\n");
    Files.move(next, dir.resolve("htpasswd"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** {@code https://127.0.0.1:PORT}. */
  String httpsUrl() {
    return "https://127.0.0.1:" + port;
  }

  /** nginx's access and error logs, for the no-secret checks and for failures. */
  String logs() throws IOException {
    StringBuilder text = new StringBuilder();
    for (String name : List.of("access.log", "error.log", "nginx.out")) {
      Path file = dir.resolve(name);
      if (Files.exists(file)) {
        text.append(Files.readString(file, StandardCharsets.ISO_8859_1));
      }
    }
    return text.toString();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy(); // SIGTERM: nginx's fast shutdown
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private void awaitListening() throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (!accepts(port)) {
      if (!process.isAlive() || System.currentTimeMillis() > deadline) {
        close();
        throw new IllegalStateException("nginx did not come up on 127.0.0.1:" + port + "; its output:\n" + logs());
      }
      Thread.sleep(100);
    }
  }

  /**
   * TLS with the loopback certificate, then basic auth, then the upstream. Credentials stop here: the upstream never
   * sees an Authorization header. Bulk requests are larger than nginx's 1 MB default body limit.
   */
  private static String config(Path dir, LoopbackTls tls, int port, int upstreamPort) {
    return """
        master_process off;
        pid %1$s/nginx.pid;
        events { worker_connections 256; }
        http {
          access_log %1$s/access.log;
          client_body_temp_path %1$s/temp/body;
          proxy_temp_path %1$s/temp/proxy;
          fastcgi_temp_path %1$s/temp/fastcgi;
          uwsgi_temp_path %1$s/temp/uwsgi;
          scgi_temp_path %1$s/temp/scgi;
          server {
            listen 127.0.0.1:%2$d ssl;
            ssl_certificate %3$s;
            ssl_certificate_key %4$s;
            ssl_protocols TLSv1.2 TLSv1.3;
            client_max_body_size 200m;
            auth_basic "tributary test";
            auth_basic_user_file %1$s/htpasswd;
            location / {
              proxy_pass http://127.0.0.1:%5$d;
              proxy_set_header Authorization "";
              proxy_http_version 1.1;
              proxy_set_header Connection "";
            }
          }
        }
        """.formatted(dir, port, tls.certificateChainPem(), tls.privateKeyPem(), upstreamPort);
  }

  /** An htpasswd {@code {SSHA}} entry: base64(SHA-1(password + salt) + salt), which nginx checks itself. */
  static String saltedSha(String password) {
    try {
      byte[] salt = new byte[8];
      new SecureRandom().nextBytes(salt);
      MessageDigest sha = MessageDigest.getInstance("SHA-1");
      sha.update(password.getBytes(StandardCharsets.UTF_8));
      sha.update(salt);
      byte[] digest = sha.digest();
      byte[] hashAndSalt = new byte[digest.length + salt.length];
      System.arraycopy(digest, 0, hashAndSalt, 0, digest.length);
      System.arraycopy(salt, 0, hashAndSalt, digest.length, salt.length);
      return "{SSHA}" + Base64.getEncoder().encodeToString(hashAndSalt);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
