package io.hwoffload.operator.webhook;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;

/**
 * The webhook's certificate and key, as the mounted Secret holds them now. cert-manager renews the certificate
 * (with a new key by default since 1.18) about two thirds into its life, and the kubelet then swaps the Secret's
 * files; {@link #reloadIfChanged} takes the new pair without a restart, and until a changed pair can be served
 * (a key that does not match its certificate, half-written files) the previous one is kept and
 * {@link #notServingMounted} says why.
 */
public final class ServingCertificate {
    private final Path certFile;
    private final Path keyFile;
    private final SwappableKeyManager keyManager;
    private final SSLContext context;
    private volatile byte[] servedCert;
    private volatile byte[] servedKey;
    private volatile String problem;

    private ServingCertificate(Path certFile, Path keyFile, byte[] cert, byte[] key, X509ExtendedKeyManager first)
            throws WebhookTlsException {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.servedCert = cert;
        this.servedKey = key;
        this.keyManager = new SwappableKeyManager(first);
        try {
            context = SSLContext.getInstance("TLS");
            context.init(new javax.net.ssl.KeyManager[] {keyManager}, null, new SecureRandom());
        } catch (GeneralSecurityException e) {
            throw new WebhookTlsException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /**
     * Reads and checks the pair; at start a bad pair is an error (naming the file), not something to wait out.
     *
     * @throws WebhookTlsException naming the file when the certificate or key is missing or unusable
     */
    public static ServingCertificate load(Path certFile, Path keyFile) throws WebhookTlsException {
        byte[] cert = PemTlsContext.read(certFile, "certificate");
        byte[] key = PemTlsContext.read(keyFile, "key");
        return new ServingCertificate(certFile, keyFile, cert, key,
                PemTlsContext.keyManager(cert, key, certFile, keyFile, SwappableKeyManager.alias(0)));
    }

    SSLContext sslContext() {
        return context;
    }

    /** Serves the mounted pair if it changed and is usable; returns whether the served pair changed. */
    public synchronized boolean reloadIfChanged() {
        byte[] cert;
        byte[] key;
        try {
            cert = PemTlsContext.read(certFile, "certificate");
            key = PemTlsContext.read(keyFile, "key");
        } catch (WebhookTlsException e) {
            problem = e.getMessage();
            return false;
        }
        if (Arrays.equals(cert, servedCert) && Arrays.equals(key, servedKey)) {
            problem = null;
            return false;
        }
        try {
            keyManager.swap(PemTlsContext.keyManager(cert, key, certFile, keyFile, keyManager.nextAlias()));
        } catch (WebhookTlsException | RuntimeException e) {
            // Kept on a schedule: whatever goes wrong is reported by readiness and tried again next time.
            problem = e.getMessage();
            return false;
        }
        servedCert = cert;
        servedKey = key;
        problem = null;
        return true;
    }

    /** Why the files mounted now are not what is served, as of the last {@link #reloadIfChanged}; empty if they are. */
    public Optional<String> notServingMounted() {
        String now = problem;
        return now == null ? Optional.empty()
                : Optional.of("serving the previous certificate: the mounted one cannot be used (" + now + ")");
    }

    /**
     * Every handshake chooses its alias from the current pair; each pair has an alias of its own and the previous
     * one stays reachable, so a handshake that chose just before a swap still gets a chain and key that match.
     */
    private static final class SwappableKeyManager extends X509ExtendedKeyManager {
        private record Generation(String alias, X509ExtendedKeyManager keys) {
        }

        private volatile Generation current;
        private volatile Generation previous;
        private int generations;

        SwappableKeyManager(X509ExtendedKeyManager first) {
            current = new Generation(alias(0), first);
            previous = current;
        }

        static String alias(int generation) {
            return "webhook-" + generation;
        }

        synchronized String nextAlias() {
            return alias(generations + 1);
        }

        synchronized void swap(X509ExtendedKeyManager next) {
            generations++;
            previous = current;
            current = new Generation(alias(generations), next);
        }

        private X509ExtendedKeyManager holding(String alias) {
            Generation now = current;
            return alias != null && alias.equals(previous.alias()) && !alias.equals(now.alias()) ? previous.keys() : now.keys();
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return current.keys().getClientAliases(keyType, issuers);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return current.keys().chooseClientAlias(keyType, issuers, socket);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return current.keys().getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return current.keys().chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return current.keys().chooseEngineServerAlias(keyType, issuers, engine);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return current.keys().chooseEngineClientAlias(keyType, issuers, engine);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return holding(alias).getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return holding(alias).getPrivateKey(alias);
        }
    }
}
