package io.tributary.localstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PEM copies Elasticsearch reads are the keystore's key and chain, in the form it expects. */
class LoopbackTlsTest {
    @TempDir
    static Path dir;
    static LoopbackTls tls;
    static KeyStore keystore;

    @BeforeAll
    static void generate() throws Exception {
        tls = LoopbackTls.generate(dir);
        keystore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(tls.serverKeystore())) {
            keystore.load(in, tls.keystorePassword().toCharArray());
        }
    }

    @Test
    void thePrivateKeyPemIsTheKeystoresKeyAsUnencryptedPkcs8() throws Exception {
        String pem = Files.readString(tls.privateKeyPem());
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n") && pem.endsWith("-----END PRIVATE KEY-----\n"), pem);
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        PrivateKey fromPem = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        PrivateKey inStore = (PrivateKey) keystore.getKey("server", tls.keystorePassword().toCharArray());
        assertArrayEquals(inStore.getEncoded(), fromPem.getEncoded());
    }

    @Test
    void theChainPemIsTheServerCertificateThenTheCa() throws Exception {
        List<? extends Certificate> chain;
        try (InputStream in = Files.newInputStream(tls.certificateChainPem())) {
            chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
        assertEquals(List.of(keystore.getCertificateChain("server")), chain);
        assertEquals(2, chain.size());
        String ca = ((java.security.cert.X509Certificate) chain.get(1)).getSubjectX500Principal().getName();
        assertTrue(ca.contains("throwaway test CA"), ca);
    }
}
