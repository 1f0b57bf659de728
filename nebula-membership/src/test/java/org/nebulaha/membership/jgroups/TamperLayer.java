package org.nebulaha.membership.jgroups;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.jgroups.Message;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;

/**
 * An attacker on the wire, for tests: inserted between the transport and {@link GcmEncrypt}, it
 * hands up, next to every genuine message, a copy with one random bit flipped and a replayed copy,
 * and delivers pairs of messages in swapped order. It counts what it injected.
 */
class TamperLayer extends Protocol {
    volatile boolean active;
    final AtomicInteger flipped = new AtomicInteger(), replayed = new AtomicInteger(), reordered = new AtomicInteger();
    private Message held;

    @Override
    public Object up(Message msg) {
        for (Message m : tamper(msg)) up_prot.up(m);
        return null;
    }

    @Override
    public void up(MessageBatch batch) {
        for (Message m : batch) {
            if (m.src() == null) m.setSrc(batch.sender());
            if (m.dest() == null) m.setDest(batch.dest());
            up(m);
        }
    }

    /** The messages to hand up in place of {@code msg}, decided under the lock, delivered outside it. */
    private List<Message> tamper(Message msg) {
        List<Message> out = new ArrayList<>();
        if (!active || msg.getArray() == null) {
            out.add(msg);
            return out;
        }
        byte[] wire = Arrays.copyOfRange(msg.getArray(), msg.getOffset(), msg.getOffset() + msg.getLength());
        int bit = ThreadLocalRandom.current().nextInt(wire.length * 8);
        wire[bit / 8] ^= (byte) (1 << (bit % 8));
        out.add(msg.copy(false, true).setArray(wire));
        flipped.incrementAndGet();
        synchronized (this) {
            if (held == null) {
                held = msg;
                return out;
            }
            out.add(msg);
            out.add(held);
            out.add(held.copy(true, true));
            held = null;
        }
        reordered.incrementAndGet();
        replayed.incrementAndGet();
        return out;
    }

    /** Stops tampering and hands up a message still held back. */
    void finish() {
        active = false;
        Message m;
        synchronized (this) {
            m = held;
            held = null;
        }
        if (m != null) up_prot.up(m);
    }
}
