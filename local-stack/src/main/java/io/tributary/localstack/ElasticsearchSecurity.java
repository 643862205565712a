package io.tributary.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;

/**
 * Elasticsearch's own security for the local node ({@link ElasticsearchServer#withSecurity}): x-pack security on
 * with the self-generated basic license, HTTPS with the {@link LoopbackTls} key and chain as PEM, one superuser in
 * the file realm, API keys on. The security index (native users, API keys) works thanks to the analysis components
 * of our plugin. Transport TLS stays off: a single node has no transport peers, and a node bound to loopback only
 * logs its bootstrap checks (this one included) as warnings.
 *
 * @param tls the server's key and chain; clients trust its CA ({@link LoopbackTls#clientSslContext()})
 * @param superuser name of the file-realm user with role {@code superuser}
 * @param superuserPassword its password
 */
public record ElasticsearchSecurity(LoopbackTls tls, String superuser, String superuserPassword) {

    static final String KEY_FILE = "http.key";
    static final String CERTIFICATE_FILE = "http.crt";

    /** The lines of {@code elasticsearch.yml} that turn it on; file names are relative to the config dir. */
    List<String> settings() {
        return List.of(
                "xpack.security.enabled: true",
                "xpack.license.self_generated.type: basic",
                "xpack.security.authc.api_key.enabled: true",
                "xpack.security.http.ssl.enabled: true",
                "xpack.security.http.ssl.key: " + KEY_FILE,
                "xpack.security.http.ssl.certificate: " + CERTIFICATE_FILE,
                "xpack.security.transport.ssl.enabled: false");
    }

    /**
     * Copies the key and chain into {@code configDir} (the server reads TLS files from its config dir, and the
     * originals may be where its unprivileged user cannot go) and writes the file realm.
     */
    void writeConfig(Path configDir) throws IOException {
        Files.copy(tls.privateKeyPem(), configDir.resolve(KEY_FILE), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(tls.certificateChainPem(), configDir.resolve(CERTIFICATE_FILE), StandardCopyOption.REPLACE_EXISTING);
        EsFileRealm.write(configDir, superuser, superuserPassword, "superuser");
    }

    /** The value of an {@code Authorization} header for the superuser. */
    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder()
                .encodeToString((superuser + ":" + superuserPassword).getBytes(StandardCharsets.UTF_8));
    }

    /** The password never shows in {@code toString()} (logs, assertion messages). */
    @Override
    public String toString() {
        return "ElasticsearchSecurity[superuser=" + superuser + ", password=***, tls=" + tls + "]";
    }
}
