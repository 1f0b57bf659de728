package org.nebulaha.conf.ricci;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The self-signed certificates ricci and ccs present to each other, as the originals generated
 * on first use. The JDK has no public API to make a certificate, so the JDK's own {@code keytool}
 * makes one (an EC P-256 key in a PKCS12 file) the first time it is needed.
 *
 * <p>Neither side trusts a certificate authority: ricci authorizes a client by its certificate
 * fingerprint once the client has given the password, and ccs pins each ricci's fingerprint the
 * first time it connects (see {@link KnownHosts}). The trust managers below therefore accept any
 * certificate at the TLS layer and leave the decision to those checks.
 */
public final class Certificates {
    static final char[] STORE_PASSWORD = "ricci-keystore".toCharArray(); // protects nothing: the file itself is mode 0600
    private static final String ALIAS = "ricci";

    private Certificates() {}

    /** Creates the key store at {@code file} with a new key and certificate if it does not exist. */
    public static synchronized void ensure(Path file, String commonName) throws IOException {
        if (Files.isRegularFile(file)) return;
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        ProcessBuilder pb = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg", "EC",
                "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-validity", "3650",
                "-dname", "CN=" + commonName.replaceAll("[,=+<>#;\"\\\\]", "_"),
                "-storetype", "PKCS12", "-keystore", tmp.toString(), "-storepass", new String(STORE_PASSWORD))
                .redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) throw new IOException("keytool could not create " + file + ": " + out.strip());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating " + file, e);
        }
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public static SSLContext context(Path keyStoreFile) throws IOException {
        try (InputStream in = Files.newInputStream(keyStoreFile)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, STORE_PASSWORD);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, STORE_PASSWORD);
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(kmf.getKeyManagers(), new TrustManager[] {ACCEPT_ANY}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException(keyStoreFile + ": not a usable key store (" + e.getMessage() + "); delete it to make a new one", e);
        }
    }

    /** SHA-256 of the DER certificate, as hex pairs separated by ':'. */
    public static String fingerprint(Certificate cert) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String fingerprint(List<Certificate> chain) {
        return chain.isEmpty() ? null : fingerprint(chain.get(0));
    }

    /** Accepts every certificate at the TLS layer; see the class comment for where trust is decided. */
    public static final X509TrustManager ACCEPT_ANY = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) { }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) { }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };
}
