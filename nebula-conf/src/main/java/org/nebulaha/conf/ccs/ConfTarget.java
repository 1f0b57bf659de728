package org.nebulaha.conf.ccs;

import java.util.Optional;
import org.nebulaha.conf.xml.XmlElement;

/** Where ccs reads and writes a cluster.conf: a local file ({@code -f}) or a node's ricci ({@code -h}). */
public interface ConfTarget {
    /** The configuration held there, or empty if there is none yet. */
    Optional<XmlElement> read() throws CcsException;

    /** Replaces the configuration there; with {@code activate}, the running cluster loads it. */
    void write(XmlElement tree, boolean activate) throws CcsException;

    /** How messages name this target: the file's path or the host. */
    String describe();
}
