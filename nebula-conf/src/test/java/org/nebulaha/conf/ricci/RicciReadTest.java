package org.nebulaha.conf.ricci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nebulaha.conf.ConfException;
import org.nebulaha.conf.ricci.RicciMessages.Var;

/** How ricci reads one message from a connection: whole, in pieces, and never without bound. */
class RicciReadTest {

    /** Gives at most {@code step} bytes per read, as a slow peer's TCP segments would. */
    private static InputStream trickle(byte[] bytes, int step) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, step));
            }
        };
    }

    @Test
    void aMessageArrivingInSmallPiecesIsReadWhole() throws Exception {
        String call = RicciMessages.call("cluster", "set_cluster.conf", List.of(Var.string("note", "x".repeat(5000))));
        var doc = RicciServer.readDocument(trickle(call.getBytes(StandardCharsets.UTF_8), 7));
        assertThat(doc.name()).isEqualTo("ricci");
        assertThat(org.nebulaha.conf.xml.XmlWriter.write(doc)).isEqualTo(call);
    }

    @Test
    void aMessageOverTheBoundIsRefusedWithItsSize() {
        String huge = "<ricci>" + "<a/>".repeat(RicciServer.MAX_REQUEST_BYTES / 4) + "</ricci>";
        assertThatThrownBy(() -> RicciServer.readDocument(trickle(huge.getBytes(StandardCharsets.UTF_8), 64 * 1024)))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("larger than 512 KiB");
    }

    @Test
    void aConnectionClosedMidMessageSaysTheMessageWasIncomplete() {
        byte[] half = "<ricci version=\"1.0\"><batch".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RicciServer.readDocument(trickle(half, 4)))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("incomplete message");
    }
}
