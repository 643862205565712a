package io.tributary.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway certificate authority and a server certificate for {@code 127.0.0.1} (SAN {@code IP:127.0.0.1})
 * signed by it, valid for two days, for servers of the local stack that speak TLS in tests. Made with the JDK's own
 * {@code keytool} (no extra library); passwords are random and reach keytool through its environment, never its
 * command line.
 *
 * <p>What comes out, all in one directory: the server's PKCS12 keystore (key and chain, for Kafka), the same key
 * and chain as PEM (for Elasticsearch), and a PKCS12 truststore holding only the CA (for clients). A client trusts
 * the CA, not the server certificate, as it would in production.
 *
 * @param serverKeystore PKCS12, alias {@code server}: the key and the chain server, CA
 * @param keystorePassword password of {@link #serverKeystore} and of the key in it
 * @param truststore PKCS12 with the CA certificate only
 * @param truststorePassword password of {@link #truststore}
 * @param certificateChainPem the server certificate, then the CA's, PEM
 * @param privateKeyPem the server's private key, PKCS#8 PEM, unencrypted
 */
public record LoopbackTls(Path serverKeystore, String keystorePassword, Path truststore, String truststorePassword,
        Path certificateChainPem, Path privateKeyPem) {

    private static final String STORE_TYPE = "PKCS12";
    private static final String CA_PASS_ENV = "TRIBUTARY_CA_PASS";
    private static final String SERVER_PASS_ENV = "TRIBUTARY_SERVER_PASS";

    /** Generates a fresh CA, server certificate and stores in {@code dir} (created if missing, earlier ones replaced). */
    public static LoopbackTls generate(Path dir) {
        try {
            Files.createDirectories(dir);
            for (String earlier : List.of("ca.p12", "server.p12", "server.csr", "server.crt", "truststore.p12")) {
                Files.deleteIfExists(dir.resolve(earlier)); // keytool refuses an alias an earlier run's store holds
            }
            String caPassword = randomPassword();
            String serverPassword = randomPassword();
            Path ca = dir.resolve("ca.p12");
            Path server = dir.resolve("server.p12");
            Path csr = dir.resolve("server.csr");
            Path signed = dir.resolve("server.crt");
            Keytool keytool = new Keytool(dir, Map.of(CA_PASS_ENV, caPassword, SERVER_PASS_ENV, serverPassword));
            keytool.run("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=Tributary throwaway test CA", "-ext", "bc:c", "-storetype", STORE_TYPE,
                    "-keystore", ca.toString(), "-storepass:env", CA_PASS_ENV);
            keytool.run("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=127.0.0.1", "-storetype", STORE_TYPE, "-keystore", server.toString(),
                    "-storepass:env", SERVER_PASS_ENV);
            keytool.run("-certreq", "-alias", "server", "-keystore", server.toString(), "-storepass:env",
                    SERVER_PASS_ENV, "-file", csr.toString());
            keytool.run("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-storepass:env", CA_PASS_ENV,
                    "-infile", csr.toString(), "-outfile", signed.toString(), "-validity", "2",
                    "-ext", "san=ip:127.0.0.1", "-ext", "eku=serverAuth", "-rfc");

            KeyStore caStore = load(ca, caPassword);
            Certificate caCert = caStore.getCertificate("ca");
            Certificate serverCert;
            try (InputStream in = Files.newInputStream(signed)) {
                serverCert = CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            KeyStore serverStore = load(server, serverPassword);
            PrivateKey key = (PrivateKey) serverStore.getKey("server", serverPassword.toCharArray());
            Certificate[] chain = {serverCert, caCert};
            serverStore.setKeyEntry("server", key, serverPassword.toCharArray(), chain);
            save(serverStore, server, serverPassword);

            String trustPassword = randomPassword();
            KeyStore trust = KeyStore.getInstance(STORE_TYPE);
            trust.load(null, null);
            trust.setCertificateEntry("tributary-test-ca", caCert);
            Path truststore = save(trust, dir.resolve("truststore.p12"), trustPassword);

            Path chainPem = Files.writeString(dir.resolve("server-chain.pem"), pem("CERTIFICATE", serverCert.getEncoded())
                    + pem("CERTIFICATE", caCert.getEncoded()));
            Path keyPem = Files.writeString(dir.resolve("server-key.pem"), pem("PRIVATE KEY", key.getEncoded()));
            Files.delete(csr);
            Files.delete(signed);
            return new LoopbackTls(server, serverPassword, truststore, trustPassword, chainPem, keyPem);
        } catch (IOException | GeneralSecurityException e) {
            throw new LocalStackException("cannot generate the test certificates in " + dir + ": " + e, e);
        }
    }

    /** A client's TLS context that trusts the CA only (for JDK HTTP clients in tests). */
    public SSLContext clientSslContext() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(truststore, truststorePassword));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new LocalStackException("cannot load the truststore " + truststore + ": " + e, e);
        }
    }

    /** Passwords never show in {@code toString()} (test output, assertion messages). */
    @Override
    public String toString() {
        return "LoopbackTls[keystore=" + serverKeystore + ", truststore=" + truststore + ", passwords=***]";
    }

    private static String randomPassword() {
        return "pw-" + UUID.randomUUID();
    }

    private static KeyStore load(Path file, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(STORE_TYPE);
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    private static Path save(KeyStore store, Path file, String password) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /** The JDK's keytool of the running Java, with the store passwords in its environment. */
    private record Keytool(Path dir, Map<String, String> passwords) {
        void run(String... args) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
            cmd.addAll(List.of(args));
            cmd.add("-noprompt");
            ProcessBuilder builder = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
            builder.environment().putAll(passwords);
            Process p = builder.start();
            try {
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new LocalStackException("keytool " + args[0] + " failed: " + output.trim());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalStackException("interrupted while running keytool " + args[0], e);
            } finally {
                p.destroyForcibly();
            }
        }
    }
}
