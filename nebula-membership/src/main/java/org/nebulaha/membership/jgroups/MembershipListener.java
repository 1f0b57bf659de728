package org.nebulaha.membership.jgroups;

import java.util.List;
import org.nebulaha.membership.model.MemberInfo;

/**
 * Receives membership changes. Calls come in order from JGroups threads while a lock is held, so an
 * implementation must only hand the event over (e.g. to a queue) and return at once.
 */
public interface MembershipListener {
    /** The membership changed; {@code changes} lists who joined and who was lost (may be empty for updates). */
    void membershipChanged(MembershipSnapshot snapshot, List<MemberChange> changes);

    /** An application message sent with {@link Membership#broadcast} by a member (possibly this node). */
    default void messageReceived(MemberInfo from, String topic, byte[] body) {}
}
