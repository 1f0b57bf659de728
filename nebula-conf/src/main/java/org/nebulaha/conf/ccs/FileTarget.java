package org.nebulaha.conf.ccs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.nebulaha.common.AtomicFiles;
import org.nebulaha.conf.ConfException;
import org.nebulaha.conf.xml.XmlElement;
import org.nebulaha.conf.xml.XmlReader;
import org.nebulaha.conf.xml.XmlWriter;

/** {@code ccs -f FILE}: offline editing of a cluster.conf file, written atomically. */
public final class FileTarget implements ConfTarget {
    private final Path file;

    public FileTarget(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    @Override
    public Optional<XmlElement> read() throws CcsException {
        if (!Files.exists(file)) return Optional.empty();
        try {
            return Optional.of(XmlReader.read(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
        } catch (IOException e) {
            throw new CcsException("Unable to open file: " + file + " (" + e.getMessage() + ")");
        } catch (ConfException e) {
            throw new CcsException("Cluster configuration file specified is not in a valid xml format.\n" + e.getMessage());
        }
    }

    @Override
    public void write(XmlElement tree, boolean activate) throws CcsException {
        try {
            AtomicFiles.write(file, XmlWriter.document(tree));
        } catch (IOException e) {
            throw new CcsException("Error: Unable to write file: '" + file + "', " + e.getMessage());
        }
    }

    @Override
    public String describe() {
        return file.toString();
    }
}
