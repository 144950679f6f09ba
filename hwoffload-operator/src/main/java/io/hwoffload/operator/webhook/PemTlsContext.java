package io.hwoffload.operator.webhook;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server key manager from the PEM files a {@code kubernetes.io/tls} Secret mounts: {@code tls.crt} (the
 * certificate, then its chain) and {@code tls.key} (an unencrypted PKCS#8 RSA or EC key).
 */
final class PemTlsContext {
    private static final Pattern PKCS8_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC");
    private static final String CONVERT_HINT = "convert it with: openssl pkcs8 -topk8 -nocrypt -in <key> -out tls.key";

    private PemTlsContext() {
    }

    /**
     * The key manager for a checked pair, read from {@code certFile} and {@code keyFile} as {@code certPem} and
     * {@code keyPem} (so that what is checked is what was compared), holding it under {@code alias}.
     */
    static X509ExtendedKeyManager keyManager(byte[] certPem, byte[] keyPem, Path certFile, Path keyFile, String alias)
            throws WebhookTlsException {
        Certificate[] chain = certificates(certPem, certFile);
        PrivateKey key = privateKey(keyPem, keyFile);
        checkPair(chain[0], key, certFile, keyFile);
        try {
            // The key store only lives in memory, so its password protects nothing; the API still wants one.
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, key, password, chain);
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(store, password);
            return (X509ExtendedKeyManager) keyManagers.getKeyManagers()[0];
        } catch (GeneralSecurityException | IOException e) {
            throw new WebhookTlsException("cannot build TLS from " + certFile + " and " + keyFile + ": " + e.getMessage(), e);
        }
    }

    private static Certificate[] certificates(byte[] pem, Path certFile) throws WebhookTlsException {
        try {
            Certificate[] chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem)).toArray(new Certificate[0]);
            if (chain.length == 0) {
                throw new WebhookTlsException("certificate file " + certFile + " holds no PEM certificate");
            }
            return chain;
        } catch (CertificateException e) {
            throw new WebhookTlsException("certificate file " + certFile + " is not a PEM certificate chain: "
                    + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(byte[] keyPem, Path keyFile) throws WebhookTlsException {
        String pem = new String(keyPem, StandardCharsets.US_ASCII);
        if (pem.contains("-----BEGIN RSA PRIVATE KEY-----") || pem.contains("-----BEGIN EC PRIVATE KEY-----")) {
            throw new WebhookTlsException("key file " + keyFile + " holds a PKCS#1/SEC1 key; the webhook reads PKCS#8: "
                    + CONVERT_HINT);
        }
        if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new WebhookTlsException("key file " + keyFile + " is encrypted; the webhook needs an unencrypted PKCS#8 key");
        }
        Matcher block = PKCS8_KEY.matcher(pem);
        if (!block.find()) {
            throw new WebhookTlsException("key file " + keyFile + " holds no '-----BEGIN PRIVATE KEY-----' block");
        }
        PKCS8EncodedKeySpec spec;
        try {
            spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(block.group(1)));
        } catch (IllegalArgumentException e) {
            throw new WebhookTlsException("key file " + keyFile + " has a PRIVATE KEY block that is not base64: " + e.getMessage(), e);
        }
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException e) {
                // Not this algorithm's key: try the next.
            } catch (GeneralSecurityException e) {
                throw new WebhookTlsException("cannot read key file " + keyFile + ": " + e.getMessage(), e);
            }
        }
        throw new WebhookTlsException("key file " + keyFile + " holds a PKCS#8 key that is neither RSA nor EC");
    }

    /** A key that does not belong to the certificate would only show as failed handshakes; say it at start. */
    private static void checkPair(Certificate certificate, PrivateKey key, Path certFile, Path keyFile)
            throws WebhookTlsException {
        byte[] probe = "hwoffload webhook key check".getBytes(StandardCharsets.US_ASCII);
        String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new WebhookTlsException("key file " + keyFile + " does not belong to the first certificate in " + certFile);
        }
    }

    static byte[] read(Path file, String what) throws WebhookTlsException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new WebhookTlsException(what + " file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new WebhookTlsException("cannot read " + what + " file " + file + ": " + e, e);
        }
    }
}
