package org.nebulaha.fence.xvm;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The 176-byte multicast/TCP request of fence-virt ({@code fence_req}), packed, no padding.
 *
 * <pre>
 * off size field
 *   0   1  request    operation code ({@link Operation})
 *   1   1  hashtype   {@link HashType} code
 *   2   1  addrlen    4 (IPv4) or 16 (IPv6); informational
 *   3   1  flags      bit0 = domain is a UUID (the server ignores it)
 *   4  64  domain     NUL padded
 *  68  28  address    caller's IP, raw network-order bytes, rest zero
 *  96   2  port       caller's TCP port, LITTLE-endian (senders write host order)
 *  98   6  random     salt, filled when signing
 * 104   4  seqno      little-endian
 * 108   4  family     little-endian AF value: 2 IPv4, 10 IPv6
 * 112  64  hash       H(key || the 176 bytes with this field zeroed), zero padded
 * </pre>
 *
 * Instances are immutable; {@link #signed} returns a new request carrying salt and digest.
 */
public record FenceRequest(int request, HashType hashType, int addrLen, int flags, String domain,
                           byte[] address, int port, byte[] random, long seqno, int family, byte[] hash) {

    public static final int SIZE = 176;
    public static final int DOMAIN_MAX = 64;
    public static final int ADDRESS_FIELD = 28;
    public static final int FLAG_UUID = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    private static final int HASH_OFFSET = 112;

    public FenceRequest {
        if (request < 0 || request > 255) throw new IllegalArgumentException("request code out of range: " + request);
        byte[] d = domain.getBytes(StandardCharsets.UTF_8);
        if (d.length >= DOMAIN_MAX)
            throw new IllegalArgumentException("domain '" + domain + "' is " + d.length + " bytes; at most 63 fit in a request");
        if (address.length > ADDRESS_FIELD) throw new IllegalArgumentException("address longer than 28 bytes");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (random.length != 6) throw new IllegalArgumentException("random must be 6 bytes");
        if (hash.length != HashType.FIELD) throw new IllegalArgumentException("hash must be 64 bytes");
        address = Arrays.copyOf(address, ADDRESS_FIELD);
        random = random.clone();
        hash = hash.clone();
        seqno &= 0xffffffffL;
    }

    /** An unsigned request from {@code caller} (null for TCP mode, where address/port/family stay zero). */
    public static FenceRequest of(Operation op, HashType hash, String domain, boolean uuidFlag,
                                  InetAddress caller, int port, long seqno) {
        byte[] addr = caller == null ? new byte[0] : caller.getAddress();
        int family = caller == null ? 0 : caller instanceof Inet6Address ? AF_INET6 : AF_INET;
        int addrLen = caller instanceof Inet6Address ? 16 : 4;
        return new FenceRequest(op.code(), hash, addrLen, uuidFlag ? FLAG_UUID : 0, domain, addr,
                caller == null ? 0 : port, new byte[6], seqno, family, HashType.zeros());
    }

    /** The request with {@code salt} in the random field and the digest computed over all 176 bytes. */
    public FenceRequest signed(byte[] key, byte[] salt) {
        FenceRequest salted = new FenceRequest(request, hashType, addrLen, flags, domain, address, port, salt, seqno, family,
                HashType.zeros());
        if (hashType == HashType.NONE) return salted;
        byte[] digest = hashType.digest64(key, salted.encode());
        return new FenceRequest(request, hashType, addrLen, flags, domain, address, port, salt, seqno, family, digest);
    }

    /** Recomputes the digest with this request's own hash type and compares all 64 bytes. */
    public boolean verify(byte[] key) {
        if (hashType == HashType.NONE) return true;
        FenceRequest zeroed = new FenceRequest(request, hashType, addrLen, flags, domain, address, port, random, seqno, family,
                HashType.zeros());
        return HashType.sameField(hashType.digest64(key, zeroed.encode()), hash);
    }

    public Operation operation() {
        return Operation.ofCode(request);
    }

    /** The caller's address from the packet (not the datagram's source), as the server calls back to it. */
    public InetAddress callerAddress() throws UnknownHostException {
        if (family == AF_INET6) return InetAddress.getByAddress(Arrays.copyOf(address, 16));
        if (family == AF_INET) return InetAddress.getByAddress(Arrays.copyOf(address, 4));
        throw new UnknownHostException("unknown address family " + family);
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) request).put((byte) hashType.code()).put((byte) addrLen).put((byte) flags);
        b.put(Arrays.copyOf(domain.getBytes(StandardCharsets.UTF_8), DOMAIN_MAX));
        b.put(address);
        b.putShort((short) port).put(random).putInt((int) seqno).putInt(family);
        b.put(hash);
        return b.array();
    }

    /**
     * Parses a datagram. The original server reads up to 176 bytes and does not check the length;
     * we refuse short packets, because a short packet cannot carry a valid signature anyway.
     */
    public static FenceRequest decode(byte[] data, int length) {
        if (length < SIZE)
            throw new MalformedRequestException("truncated request: " + length + " bytes, expected " + SIZE);
        ByteBuffer b = ByteBuffer.wrap(data, 0, SIZE).order(ByteOrder.LITTLE_ENDIAN);
        int request = b.get() & 0xff;
        int hashCode = b.get() & 0xff;
        HashType hashType;
        try {
            hashType = HashType.ofCode(hashCode);
        } catch (IllegalArgumentException e) {
            throw new MalformedRequestException("unknown hash type " + hashCode);
        }
        int addrLen = b.get() & 0xff;
        int flags = b.get() & 0xff;
        byte[] dom = new byte[DOMAIN_MAX];
        b.get(dom);
        int nul = 0;
        while (nul < DOMAIN_MAX && dom[nul] != 0) nul++;
        if (nul == DOMAIN_MAX) throw new MalformedRequestException("domain field is not NUL-terminated");
        byte[] addr = new byte[ADDRESS_FIELD];
        b.get(addr);
        int port = b.getShort() & 0xffff;
        byte[] random = new byte[6];
        b.get(random);
        long seqno = b.getInt() & 0xffffffffL;
        int family = b.getInt();
        byte[] hash = new byte[HashType.FIELD];
        b.get(hash);
        String domain = new String(dom, 0, nul, StandardCharsets.UTF_8);
        return new FenceRequest(request, hashType, addrLen, flags, domain, addr, port, random, seqno, family, hash);
    }

    /** A short description for log lines: op, seqno, domain, caller. */
    public String describe() {
        Operation op = operation();
        String caller;
        try {
            caller = callerAddress().getHostAddress() + ":" + port;
        } catch (UnknownHostException e) {
            caller = "?";
        }
        return "request " + (op == null ? "code " + request : op.word()) + " seqno " + seqno
                + " domain '" + domain + "' hash " + hashType.word() + " from " + caller;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FenceRequest r && Arrays.equals(encode(), r.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return describe();
    }
}
