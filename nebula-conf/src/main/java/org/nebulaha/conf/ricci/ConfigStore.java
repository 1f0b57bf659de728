package org.nebulaha.conf.ricci;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.nebulaha.common.AtomicFiles;
import org.nebulaha.conf.ClusterConfParser;
import org.nebulaha.conf.ConfException;
import org.nebulaha.conf.model.ClusterConf;

/**
 * A node's copy of cluster.conf. A new file is accepted only if it is valid and its
 * config_version is newer than the one held (the same version is accepted only with the same
 * content, so {@code ccs --sync} can send to the node it read from). The write is atomic, and the
 * file it replaces is kept as {@code cluster.conf.bak}.
 */
public final class ConfigStore {
    private final Path file;

    public ConfigStore(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    public Optional<String> read() throws IOException {
        return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
    }

    /** The held configuration, if any and if valid. */
    public Optional<ClusterConf> current() {
        try {
            Optional<String> text = read();
            return text.isEmpty() ? Optional.empty() : Optional.of(ClusterConfParser.parse(text.get(), file.toString()));
        } catch (IOException | ConfException e) {
            return Optional.empty();
        }
    }

    /** What replacing the file with {@code conf} would do. */
    public enum Outcome { WRITTEN, UNCHANGED }

    public synchronized Outcome replace(ClusterConf conf) throws IOException, RefusedException {
        String newText = conf.toXml();
        Optional<String> oldText = read();
        if (oldText.isPresent()) {
            int held = heldVersion(oldText.get());
            if (conf.configVersion() < held || (conf.configVersion() == held && !oldText.get().equals(newText))) {
                throw new RefusedException("config_version " + conf.configVersion() + " is not newer than the version "
                        + held + " held in " + file + "; increase it (ccs --incversion) and send again");
            }
            if (oldText.get().equals(newText)) return Outcome.UNCHANGED;
            AtomicFiles.write(file.resolveSibling(file.getFileName() + ".bak"), oldText.get());
        }
        AtomicFiles.write(file, newText);
        return Outcome.WRITTEN;
    }

    private int heldVersion(String text) {
        try {
            return ClusterConfParser.parse(text, file.toString()).configVersion();
        } catch (ConfException e) {
            // A broken file on disk must not block its own repair: any valid new file replaces it.
            return -1;
        }
    }

    /** A configuration this node will not take, with the reason. */
    public static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        public RefusedException(String message) {
            super(message);
        }
    }
}
