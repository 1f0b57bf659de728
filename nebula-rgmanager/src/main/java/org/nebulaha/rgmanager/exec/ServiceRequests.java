package org.nebulaha.rgmanager.exec;

import java.util.Optional;
import org.nebulaha.rgmanager.model.RgError;

/**
 * The administrator's operations on services, as {@code clusvcadm} asks for them. Implemented by
 * the {@link Coordinator}; the node daemon exposes it on its local API.
 */
public interface ServiceRequests {
    /** The answer: rgmanager's code and, for enable/relocate, where the service runs now. */
    record Reply(RgError error, Optional<String> owner) {
        public static Reply of(RgError e) {
            return new Reply(e, Optional.empty());
        }
    }

    /** -e [-m node]: start a stopped or disabled service (on {@code node} if possible). */
    Reply enable(String service, Optional<String> node);

    /** -d: stop and disable; the only operation allowed on a failed service. */
    Reply disable(String service);

    /** -r [-m node]: stop here, start there (or on the best other node). */
    Reply relocate(String service, Optional<String> node);

    /** -R: stop and start in place (not counted against max_restarts). */
    Reply restart(String service);

    /** -s: stop until the next membership transition. */
    Reply stop(String service);

    /** -Z: no status checks, recovery or failover. */
    Reply freeze(String service);

    /** -U */
    Reply unfreeze(String service);

    /** -M -m node: live migration; only virtual machines can, so plain services are refused. */
    Reply migrate(String service, String node);
}
