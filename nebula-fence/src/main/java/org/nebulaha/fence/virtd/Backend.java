package org.nebulaha.fence.virtd;

import java.util.List;
import org.nebulaha.fence.xvm.HostRecord;

/**
 * What fence_virtd does with a verified request. Each operation returns the response byte the
 * client will get ({@link org.nebulaha.fence.xvm.Response}): 0 success (status: running),
 * 1 failure, 2 off (status). Implementations must not throw for an unknown domain; they answer 1
 * (or 2 for status). Calls come one at a time from the listener thread.
 */
public interface Backend extends AutoCloseable {
    /** Backend name for logs, e.g. "libvirt test:///default". */
    String describe();

    int off(String domain);

    int on(String domain);

    int reboot(String domain);

    /** 0 = running, 2 = off or unknown. */
    int status(String domain);

    /** 0 if the backend can serve requests. */
    int monitor();

    List<HostRecord> list() throws BackendException;

    @Override
    void close();

    /** The backend could not answer at all (hypervisor unreachable, command missing). */
    class BackendException extends Exception {
        private static final long serialVersionUID = 1L;

        public BackendException(String message) {
            super(message);
        }
    }
}
