package org.nebulaha.conf.ricci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nebulaha.common.AtomicFiles;

/**
 * The ricci certificates ccs has seen, one {@code host:port FINGERPRINT} per line in
 * {@code ~/.ccs/known_hosts}: trust on first use, as ssh does. A node that later shows another
 * certificate is refused with the line to remove, so a password is never sent to an impostor.
 */
public final class KnownHosts {
    private final Path file;

    public KnownHosts(Path file) {
        this.file = file;
    }

    public synchronized Optional<String> fingerprint(String hostPort) throws IOException {
        for (String line : lines()) {
            String[] f = line.split("\\s+");
            if (f.length == 2 && f[0].equals(hostPort)) return Optional.of(f[1]);
        }
        return Optional.empty();
    }

    /** Records the fingerprint at first contact; throws if a different one was recorded. */
    public synchronized void check(String hostPort, String fingerprint) throws IOException {
        Optional<String> known = fingerprint(hostPort);
        if (known.isEmpty()) {
            List<String> lines = new ArrayList<>(lines());
            lines.add(hostPort + " " + fingerprint);
            AtomicFiles.write(file, String.join("\n", lines) + "\n");
        } else if (!known.get().equals(fingerprint)) {
            throw new IOException("ricci on " + hostPort + " shows a different certificate than before (" + fingerprint
                    + "); if the node was reinstalled, remove its line from " + file);
        }
    }

    private List<String> lines() throws IOException {
        if (!Files.isRegularFile(file)) return List.of();
        List<String> r = new ArrayList<>();
        for (String l : Files.readAllLines(file)) if (!l.isBlank() && !l.startsWith("#")) r.add(l.strip());
        return r;
    }
}
