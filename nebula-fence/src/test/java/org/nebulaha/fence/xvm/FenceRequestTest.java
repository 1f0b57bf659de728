package org.nebulaha.fence.xvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FenceRequestTest {
    static final byte[] KEY = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final HexFormat HEX = HexFormat.of();

    /** The worked example of fence-and-conf.md §1.10, accepted by the real fence_virtd 4.12.1. */
    static FenceRequest workedExample() throws Exception {
        return FenceRequest.of(Operation.STATUS, HashType.SHA256, "test", false,
                InetAddress.getByName("127.0.0.1"), 1229, 123456).signed(KEY, new byte[] {1, 2, 3, 4, 5, 6});
    }

    @Test
    void encodesTheWorkedExampleByteForByte() throws Exception {
        byte[] expected = new byte[176];
        put(expected, 0x00, "04020400" + HEX.formatHex("test".getBytes()));
        put(expected, 0x44, "7f000001");
        put(expected, 0x60, "cd04010203040506" + "40e20100" + "02000000");
        put(expected, 0x70, "8baf50ff06c4aa676e177422ab53b994f5d7b40465708cb9d18d4ce16557afc7");

        assertThat(HEX.formatHex(workedExample().encode())).isEqualTo(HEX.formatHex(expected));
    }

    @Test
    void decodesWhatItEncodes() throws Exception {
        FenceRequest r = workedExample();
        FenceRequest back = FenceRequest.decode(r.encode(), 176);
        assertThat(back).isEqualTo(r);
        assertThat(back.operation()).isEqualTo(Operation.STATUS);
        assertThat(back.domain()).isEqualTo("test");
        assertThat(back.port()).isEqualTo(1229);
        assertThat(back.seqno()).isEqualTo(123456);
        assertThat(back.callerAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(back.verify(KEY)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(HashType.class)
    void signedRequestVerifiesWithTheSameKeyOnly(HashType hash) throws Exception {
        FenceRequest r = FenceRequest.of(Operation.OFF, hash, "vm1", false, InetAddress.getByName("10.0.0.1"), 1229, 7)
                .signed(KEY, new byte[] {9, 9, 9, 9, 9, 9});
        FenceRequest wire = FenceRequest.decode(r.encode(), 176);
        assertThat(wire.verify(KEY)).isTrue();
        if (hash != HashType.NONE) assertThat(wire.verify("another key".getBytes())).isFalse();
    }

    @Test
    void tamperingWithAnyFieldOrThePaddingBreaksTheSignature() throws Exception {
        byte[] wire = workedExample().encode();
        // request, flags, domain, address, port, random, seqno, family, hash: each still parses, and must not verify
        int[] offsets = {0, 3, 4, 0x44, 0x60, 0x68, 0x6c, 0x70, 0x90, 0xaf};
        int refused = 0;
        for (int off : offsets) {
            byte[] t = wire.clone();
            t[off] ^= 0x01;
            FenceRequest r = FenceRequest.decode(t, 176);
            assertThat(r.verify(KEY)).as("flipped byte at 0x%x", off).isFalse();
            refused++;
        }
        assertThat(refused).isEqualTo(offsets.length);
        assertThat(FenceRequest.decode(wire, 176).verify(KEY)).as("the untouched request verifies").isTrue();
    }

    @Test
    void aFlippedHashCodeIsRefusedEitherAsUnknownOrByTheSignature() throws Exception {
        byte[] t = workedExample().encode();
        t[1] ^= 0x01;
        boolean refused;
        try {
            refused = !FenceRequest.decode(t, 176).verify(KEY);
        } catch (MalformedRequestException e) {
            assertThat(e).hasMessageContaining("unknown hash type");
            refused = true;
        }
        assertThat(refused).isTrue();
    }

    @Test
    void refusesTruncatedPackets() {
        assertThatThrownBy(() -> FenceRequest.decode(new byte[100], 100)).isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("truncated request: 100 bytes");
    }

    @Test
    void refusesUnknownHashCode() {
        byte[] b = new byte[176];
        b[1] = 9;
        assertThatThrownBy(() -> FenceRequest.decode(b, 176)).hasMessageContaining("unknown hash type 9");
    }

    @Test
    void refusesDomainsThatDoNotFit() {
        assertThatThrownBy(() -> FenceRequest.of(Operation.OFF, HashType.SHA256, "x".repeat(64), false, null, 0, 1))
                .hasMessageContaining("at most 63");
    }

    @Test
    void challengeAnswerMatchesTheSpecExample() {
        byte[] c = new byte[64];
        for (int i = 0; i < 64; i++) c[i] = (byte) i;
        assertThat(HEX.formatHex(ChallengeResponse.answer(HashType.SHA256, KEY, c)))
                .isEqualTo("74f1d96ec68a0a2508a507c6d0c1ed0daee1cf2a221624f501c4a8473fd382f2" + "00".repeat(32));
    }

    @Test
    void hostRecordsRoundTripAndPrintLikeFenceXvm() {
        HostRecord h = new HostRecord("test", "6695eb01-f6a4-8304-79aa-97f2502e193f", 1);
        byte[] b = h.encode();
        assertThat(b).hasSize(130);
        assertThat(b[128]).isEqualTo((byte) 1);
        assertThat(HostRecord.decode(b)).isEqualTo(h);
        assertThat(h.listLine()).isEqualTo("test                             6695eb01-f6a4-8304-79aa-97f2502e193f on");
        assertThat(new HostRecord("x", "u", 5).listLine()).endsWith(" off");
        assertThat(HostRecord.decode(new byte[130]).isTerminator()).isTrue();
    }

    private static void put(byte[] into, int off, String hex) {
        byte[] b = HEX.parseHex(hex);
        System.arraycopy(b, 0, into, off, b.length);
    }
}
