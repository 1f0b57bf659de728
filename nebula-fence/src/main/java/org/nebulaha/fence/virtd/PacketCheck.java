package org.nebulaha.fence.virtd;

import org.nebulaha.fence.xvm.FenceRequest;
import org.nebulaha.fence.xvm.HashType;
import org.nebulaha.fence.xvm.MalformedRequestException;

/**
 * Decides whether a received datagram is a request fence_virtd should act on. Pure: no clock,
 * no sockets. Rules, in order:
 * <ol>
 *   <li>it must decode as a 176-byte fence_req (else "malformed: ...");</li>
 *   <li>its hash type must be at least the configured minimum ("hash sha1 is weaker than the required sha256");</li>
 *   <li>its 64-byte digest must match H(key || packet with the digest zeroed) ("hash mismatch");</li>
 *   <li>for multicast ({@code needsCallback}), the caller's address family must be IPv4 or IPv6 and the
 *       port non-zero, so there is somewhere to call back to; TCP requests leave them zero.</li>
 * </ol>
 */
public final class PacketCheck {
    private PacketCheck() {}

    /** The decision: {@code request} is non-null exactly when the packet is accepted. */
    public record Verdict(FenceRequest request, String dropReason) {
        public boolean accepted() {
            return request != null;
        }
    }

    public static Verdict check(byte[] data, int length, byte[] key, HashType minimum, boolean needsCallback) {
        FenceRequest r;
        try {
            r = FenceRequest.decode(data, length);
        } catch (MalformedRequestException e) {
            return drop("malformed: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return drop("malformed: " + e.getMessage());
        }
        if (r.hashType().code() < minimum.code())
            return drop("hash " + r.hashType().word() + " is weaker than the required " + minimum.word());
        if (!r.verify(key)) return drop("hash mismatch; check that the client's key_file matches fence_virtd's key");
        if (!needsCallback) return new Verdict(r, null);
        if (r.family() != FenceRequest.AF_INET && r.family() != FenceRequest.AF_INET6)
            return drop("unknown address family " + r.family() + " (expected 2 for IPv4 or 10 for IPv6)");
        if (r.port() == 0) return drop("no callback port in the request");
        return new Verdict(r, null);
    }

    private static Verdict drop(String why) {
        return new Verdict(null, why);
    }
}
