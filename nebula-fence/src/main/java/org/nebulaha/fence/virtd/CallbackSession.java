package org.nebulaha.fence.virtd;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import org.nebulaha.fence.xvm.ChallengeResponse;
import org.nebulaha.fence.xvm.FenceRequest;
import org.nebulaha.fence.xvm.HashType;
import org.nebulaha.fence.xvm.HostRecord;
import org.nebulaha.fence.xvm.Response;

/**
 * The server half of the TCP exchange, on a socket to the client (called back for multicast,
 * accepted for the TCP listener): answer the client's challenge, challenge the client, and only
 * then run the operation and write the reply. A client that fails the challenge gets nothing done.
 */
public final class CallbackSession {
    /** Per-read timeout on the callback, as upstream. */
    public static final int READ_TIMEOUT_MILLIS = 10_000;

    private CallbackSession() {}

    /**
     * @return null when the request was carried out and answered, else why not (for the log line)
     */
    public static String serve(Socket s, FenceRequest r, String caller, HashType auth, byte[] key, RequestDispatcher dispatcher)
            throws IOException {
        s.setSoTimeout(READ_TIMEOUT_MILLIS);
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        ChallengeResponse.respond(auth, key, in, out);
        if (!ChallengeResponse.challenge(auth, key, in, out))
            return "caller failed our challenge (auth " + auth.word() + "); check that both sides use the same key and auth";
        RequestDispatcher.Reply reply = dispatcher.handle(r, caller);
        out.write(reply.code());
        if (reply.code() == Response.HOSTLIST) {
            for (HostRecord h : reply.hosts()) out.write(h.encode());
            out.write(HostRecord.TERMINATOR.encode());
            out.write(Response.SUCCESS); // upstream sends a final byte the client does not read
        }
        out.flush();
        return null;
    }
}
