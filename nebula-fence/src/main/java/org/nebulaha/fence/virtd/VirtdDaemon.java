package org.nebulaha.fence.virtd;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.nebulaha.common.AtomicFiles;
import org.nebulaha.fence.xvm.KeyFile;

/**
 * A running fence_virtd: one backend and one listener built from a {@link VirtdConfig}, plus the
 * pid file. Startup refuses (with the reason) a missing key file, an unusable backend, a port in
 * use, or a pid file whose process is alive.
 */
public final class VirtdDaemon implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("fence_virtd");

    private final Backend backend;
    private final Listener listener;
    private final Path pidFile;

    private VirtdDaemon(Backend backend, Listener listener, Path pidFile) {
        this.backend = backend;
        this.listener = listener;
        this.pidFile = pidFile;
    }

    public static VirtdDaemon start(VirtdConfig c, Path pidFile, Clock clock) throws IOException, ConfSyntaxException {
        if (pidFile != null) refuseIfRunning(pidFile);
        byte[] key;
        try {
            key = KeyFile.read(c.settings().keyFile());
        } catch (IOException e) {
            throw new ConfSyntaxException(c.source() + ": cannot read key file " + c.settings().keyFile() + " (" + e.getMessage()
                    + "); create it (e.g. dd if=/dev/urandom of=" + c.settings().keyFile() + " bs=512 count=1) or fix listeners/"
                    + c.listener() + "/key_file");
        }
        warnIfOthersCanRead(c.settings().keyFile());
        Backend backend = Backends.open(c);
        RequestDispatcher d = new RequestDispatcher(backend, new Permissions(c.groups()));
        Listener l;
        try {
            l = c.listener().equals("tcp") ? new TcpListener(c.settings(), key, d) : new MulticastListener(c.settings(), key, d, clock);
        } catch (IOException e) {
            backend.close();
            throw new IOException(c.listener() + " listener on port " + c.settings().port() + ": " + e.getMessage(), e);
        }
        if (pidFile != null) AtomicFiles.write(pidFile, ProcessHandle.current().pid() + "\n"); // written last: "started" means serving
        LOG.log(Level.INFO, "started: listener {0}, backend {1}, {2} permission groups", c.listener(), backend.describe(),
                c.groups().size());
        return new VirtdDaemon(backend, l, pidFile);
    }

    /** Serves requests on the calling thread until {@link #close()}. */
    public void serve() {
        listener.run();
    }

    /** Debian's fence_virtd chmods a readable key to 0600; we say so instead of changing the file. */
    private static void warnIfOthersCanRead(Path key) {
        try {
            var perms = Files.getPosixFilePermissions(key);
            if (perms.contains(java.nio.file.attribute.PosixFilePermission.GROUP_READ)
                    || perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ))
                LOG.log(Level.WARNING, "key file {0} is readable by group or others ({1}); anyone who reads it can fence; chmod 600 {0}",
                        key, java.nio.file.attribute.PosixFilePermissions.toString(perms));
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        }
    }

    private static void refuseIfRunning(Path pidFile) throws IOException {
        if (Files.exists(pidFile)) {
            String text = Files.readString(pidFile, StandardCharsets.US_ASCII).strip();
            try {
                long pid = Long.parseLong(text);
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && pid != ProcessHandle.current().pid())
                    throw new IOException("fence_virtd is already running as pid " + pid + " (pid file " + pidFile + ")");
            } catch (NumberFormatException e) {
                LOG.log(Level.WARNING, "pid file {0} holds ''{1}'', not a pid; replacing it", pidFile, text);
            }
        }
    }

    @Override
    public void close() {
        listener.close();
        backend.close();
        if (pidFile != null) {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot remove pid file {0}: {1}", pidFile, e.getMessage());
            }
        }
        LOG.log(Level.INFO, "stopped");
    }
}
