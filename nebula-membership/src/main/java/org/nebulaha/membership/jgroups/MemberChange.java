package org.nebulaha.membership.jgroups;

import org.nebulaha.membership.model.LossKind;
import org.nebulaha.membership.model.MemberInfo;

/** One member joining or leaving, as told to {@link MembershipListener}s. */
public record MemberChange(MemberInfo member, boolean joined, LossKind loss) {
    public static MemberChange joined(MemberInfo m) {
        return new MemberChange(m, true, null);
    }

    public static MemberChange lost(MemberInfo m, LossKind kind) {
        return new MemberChange(m, false, kind);
    }

    @Override
    public String toString() {
        return (joined ? "joined " : "lost (" + loss + ") ") + member.name() + "/" + member.nodeid() + " inc " + member.incarnation();
    }
}
