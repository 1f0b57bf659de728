package org.nebulaha.membership.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * What every member announces about itself, and so what every member knows about every other.
 *
 * @param name                 node name
 * @param nodeid               node id
 * @param incarnation          bumped at each daemon start (persisted in /var/lib/cluster/incarnation)
 * @param joinTimeMillis       when this daemon joined the cluster (epoch ms, its own clock)
 * @param configVersion        cluster.conf config_version it runs with
 * @param waitForAllSatisfied  it has seen all nodes at once (lets joiners skip wait_for_all)
 * @param address              the address it is reached at (for {@code cman_tool nodes -a})
 */
public record MemberInfo(String name, int nodeid, long incarnation, long joinTimeMillis, int configVersion,
                         boolean waitForAllSatisfied, String address) {

    static final int MAX_STRING = 255;

    public MemberInfo withWaitForAllSatisfied(boolean v) {
        return new MemberInfo(name, nodeid, incarnation, joinTimeMillis, configVersion, v, address);
    }

    public MemberInfo withConfigVersion(int v) {
        return new MemberInfo(name, nodeid, incarnation, joinTimeMillis, v, waitForAllSatisfied, address);
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeUTF(name);
        out.writeInt(nodeid);
        out.writeLong(incarnation);
        out.writeLong(joinTimeMillis);
        out.writeInt(configVersion);
        out.writeBoolean(waitForAllSatisfied);
        out.writeUTF(address);
    }

    /** Reads what {@link #writeTo} wrote; refuses implausible values with an IOException. */
    public static MemberInfo readFrom(DataInput in) throws IOException {
        String name = in.readUTF();
        int nodeid = in.readInt();
        long inc = in.readLong();
        long join = in.readLong();
        int cv = in.readInt();
        boolean wfa = in.readBoolean();
        String addr = in.readUTF();
        if (name.isEmpty() || name.length() > MAX_STRING || addr.length() > MAX_STRING || nodeid < 1 || inc < 0)
            throw new IOException("implausible member announcement (name '" + name + "', nodeid " + nodeid + ", incarnation " + inc + ")");
        return new MemberInfo(name, nodeid, inc, join, cv, wfa, addr);
    }
}
