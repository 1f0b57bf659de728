package org.nebulaha.fence.virtd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nebulaha.fence.xvm.FenceRequest;
import org.nebulaha.fence.xvm.HashType;
import org.nebulaha.fence.xvm.HostRecord;
import org.nebulaha.fence.xvm.Operation;

class PacketCheckTest {
    static final byte[] KEY = "shared key".getBytes();

    static byte[] packet(HashType h, byte[] key, int port) throws Exception {
        return FenceRequest.of(Operation.OFF, h, "vm1", false, InetAddress.getByName("127.0.0.1"), port, 42)
                .signed(key, new byte[] {1, 2, 3, 4, 5, 6}).encode();
    }

    record Row(String what, byte[] data, HashType minimum, String dropReason) {}

    @Test
    void decidesEachKindOfPacket() throws Exception {
        byte[] good = packet(HashType.SHA256, KEY, 1229);
        byte[] badFamily = good.clone();
        badFamily[108] = 7;
        List<Row> rows = List.of(
                new Row("signed sha256, minimum sha256", good, HashType.SHA256, null),
                new Row("stronger than the minimum", packet(HashType.SHA512, KEY, 1229), HashType.SHA256, null),
                new Row("unsigned with minimum none", packet(HashType.NONE, KEY, 1229), HashType.NONE, null),
                new Row("weaker than the minimum", packet(HashType.SHA1, KEY, 1229), HashType.SHA256, "hash sha1 is weaker than the required sha256"),
                new Row("unsigned, minimum sha256", packet(HashType.NONE, KEY, 1229), HashType.SHA256, "hash none is weaker"),
                new Row("wrong key", packet(HashType.SHA256, "other".getBytes(), 1229), HashType.SHA256, "hash mismatch"),
                new Row("truncated", Arrays.copyOf(good, 100), HashType.SHA256, "malformed: truncated request: 100 bytes"),
                new Row("garbage", "hello world, not a fence request at all......".repeat(4).getBytes(), HashType.SHA256, "malformed"),
                new Row("tampered family (signature breaks first)", badFamily, HashType.SHA256, "hash mismatch"),
                new Row("no callback port", packet(HashType.SHA256, KEY, 0), HashType.SHA256, "no callback port"));
        for (Row r : rows) {
            PacketCheck.Verdict v = PacketCheck.check(r.data(), r.data().length, KEY, r.minimum(), true);
            if (r.dropReason() == null) assertThat(v.accepted()).as(r.what() + ": " + v.dropReason()).isTrue();
            else assertThat(v.dropReason()).as(r.what()).startsWith(r.dropReason());
        }
    }

    @Test
    void dropsCopiesOfAHandledRequestForTenSeconds() throws Exception {
        RecentRequests recent = new RecentRequests();
        FenceRequest r = FenceRequest.decode(packet(HashType.SHA256, KEY, 1229), 176);
        FenceRequest sameFromOtherAddress = FenceRequest.of(Operation.OFF, HashType.SHA256, "VM1", false,
                InetAddress.getByName("10.1.1.1"), 1229, 42).signed(KEY, new byte[6]);
        FenceRequest otherOp = FenceRequest.of(Operation.ON, HashType.SHA256, "vm1", false, InetAddress.getByName("127.0.0.1"), 1229, 42);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(recent.isDuplicate(r, t0)).isFalse();
        recent.remember(r, t0);
        assertThat(recent.isDuplicate(r, t0.plusSeconds(1))).isTrue();
        assertThat(recent.isDuplicate(sameFromOtherAddress, t0.plusSeconds(9))).as("domain compared case-insensitively").isTrue();
        assertThat(recent.isDuplicate(otherOp, t0.plusSeconds(1))).isFalse();
        assertThat(recent.isDuplicate(r, t0.plusSeconds(10))).isFalse();
        assertThat(recent.size()).isZero();
    }

    @Test
    void permissionMapAllowsOnlyListedCallersAndTargets() {
        Permissions none = new Permissions(List.of());
        assertThat(none.allows("10.0.0.9", "anything")).isTrue();
        Permissions p = new Permissions(List.of(new VirtdConfig.Group("g", List.of("10.0.0.1"), List.of("vm1", "UUID-2"))));
        assertThat(p.allows("10.0.0.1", "VM1")).isTrue();
        assertThat(p.allows("10.0.0.1", "vm3")).isFalse();
        assertThat(p.allows("10.0.0.2", "vm1")).isFalse();
        List<HostRecord> hosts = List.of(new HostRecord("vm1", "uuid-1", 1), new HostRecord("vm2", "uuid-2", 1), new HostRecord("vm3", "u3", 5));
        assertThat(p.visible("10.0.0.1", hosts)).extracting(HostRecord::name).containsExactly("vm1", "vm2");
    }
}
