package org.nebulaha.common.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.nebulaha.common.RateLimitedLog;

/**
 * The HTTP server of oned and Sunstone, on Jetty 12 (its core Handler API, no servlets), with
 * every resource a client can hold bounded: a stalled or slow client costs a connection, never a
 * thread. The body is read without a thread (Jetty's demand callbacks), up to
 * {@link Limits#maxBody()}; only a complete request goes to the {@link Handler}, on a small
 * bounded pool. A connection idle for {@link Limits#idleTimeout()} is closed, a request whose
 * body stalls for {@link Limits#readTimeout()} is dropped, at most {@link Limits#maxConnections()}
 * are open at once (the others wait in the kernel's accept queue), a body over the limit gets
 * the handler's 413 and a full work queue a 503. Refused requests are logged rate-limited.
 */
public final class BoundedHttpServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("http");
    /** Jetty's own threads: acceptor, selector and a few for its short tasks. */
    public static final int IO_THREADS = 6;
    /** Jetty's INFO lines (version, started connectors) add nothing to a daemon's log. Held: an unreferenced Logger loses its level. */
    private static final java.util.logging.Logger JETTY = java.util.logging.Logger.getLogger("org.eclipse.jetty");

    static {
        JETTY.setLevel(java.util.logging.Level.WARNING);
        // Without it Jetty's MemoryUtils asks the platform MBean server whether oops are compressed:
        // starting that server costs a daemon's start about 100 ms. 16 = 64-byte lines / 4-byte
        // (compressed) references, what it finds for our bounded heaps.
        if (System.getProperty("org.eclipse.jetty.util.referencesPerCacheLine") == null)
            System.setProperty("org.eclipse.jetty.util.referencesPerCacheLine", "16");
    }

    /**
     * What one server may use.
     *
     * @param workers threads that run the handler (Jetty's own I/O pool is separate: {@link #IO_THREADS})
     * @param queue requests complete and waiting for a worker; past that a request gets 503
     * @param maxBuffered bytes of request bodies held at once, all requests together (read or
     *     waiting for a worker); past that a request gets 503: with {@code maxBody}, what bounds
     *     the heap that clients can fill
     */
    public record Limits(int workers, int queue, int maxConnections, int acceptQueue, Duration idleTimeout, Duration readTimeout, int maxBody,
            long maxBuffered) {
        /** The daemons' bounds: 1024 queued requests, 2000 connections, 30 s idle, 10 s read, 4 bodies' worth buffered. */
        public static Limits of(int workers, int maxBody) {
            return new Limits(workers, 1024, 2000, 128, Duration.ofSeconds(30), Duration.ofSeconds(10), maxBody, 4L * maxBody);
        }
    }

    /** A complete request. Header names are case-insensitive. */
    public record Call(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body, InetSocketAddress peer,
            InetSocketAddress local) {
        public String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    /** A complete answer; an empty body is sent with Content-Length 0. */
    public record Reply(int status, Map<String, List<String>> headers, byte[] body) {
        public static Reply of(int status, String contentType, byte[] body) {
            Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            h.put("Content-Type", List.of(contentType));
            return new Reply(status, h, body);
        }

        public static Reply text(int status, String text) {
            return of(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Answers complete requests, on a worker thread (so it may block, e.g. on a database). */
    public interface Handler {
        Reply handle(Call call) throws Exception;

        /** The answer to a request whose body is over {@code limit} bytes; {@code call} has no body. */
        default Reply tooLarge(Call call, int limit) {
            return Reply.text(413, "request body larger than " + limit + " bytes\n");
        }
    }

    /** What Jetty initialises on its way to listening (from a class-load log of oned's start). */
    private static final List<String> START_PATH = List.of("org.eclipse.jetty.server.Server", "org.eclipse.jetty.http.MimeTypes",
            "org.eclipse.jetty.http.HttpHeader", "org.eclipse.jetty.util.TypeUtil", "org.eclipse.jetty.http.PreEncodedHttpField",
            "org.eclipse.jetty.io.ArrayByteBufferPool", "org.eclipse.jetty.util.resource.FileSystemPool", "org.eclipse.jetty.server.HttpConfiguration",
            "org.eclipse.jetty.http.HttpCompliance", "org.eclipse.jetty.http.UriCompliance", "org.eclipse.jetty.http.CookieCompliance",
            "org.eclipse.jetty.http.HttpMethod", "org.eclipse.jetty.server.ServerConnector", "org.eclipse.jetty.server.HttpConnectionFactory",
            "org.eclipse.jetty.server.internal.HttpConnection", "org.eclipse.jetty.io.ManagedSelector", "org.eclipse.jetty.server.NetworkConnectionLimit",
            "org.eclipse.jetty.server.handler.ErrorHandler", "org.eclipse.jetty.http.HttpParser", "org.eclipse.jetty.http.HttpGenerator",
            "org.eclipse.jetty.http.DateGenerator");

    /**
     * Initialises Jetty's classes on a background thread, for a daemon to call first thing: the
     * work (about 80 ms on one core) then overlaps the daemon's own start (database, sessions)
     * instead of adding to the time until it answers, which is failover time.
     */
    public static void preload() {
        Thread t = new Thread(() -> {
            for (String c : START_PATH) {
                try {
                    Class.forName(c, true, BoundedHttpServer.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    LOG.log(System.Logger.Level.DEBUG, "preload " + c + ": " + e);
                }
            }
        }, "http-preload");
        t.setDaemon(true);
        t.start();
    }

    private final String name;
    private final Limits limits;
    private final Handler handler;
    private final Server server;
    private final ThreadPoolExecutor workers;
    private final ServerConnector connector;
    private final RateLimitedLog refused;
    /** Bytes of request bodies held now, all requests together (bounded by {@link Limits#maxBuffered()}). */
    private final java.util.concurrent.atomic.AtomicLong buffered = new java.util.concurrent.atomic.AtomicLong();

    /** @param name names the threads and the log lines: "oned", "sunstone" */
    public BoundedHttpServer(String name, String host, int port, Limits limits, Handler handler) {
        this.name = name;
        this.limits = limits;
        this.handler = handler;
        this.refused = new RateLimitedLog(LOG, System.Logger.Level.WARNING, name + " requests refused");
        // Jetty's pool only does I/O (acceptor, selector, short non-blocking tasks): a few threads;
        // its queue is Jetty's default (Jetty warns against a bounded one; connections bound it).
        // Reserved threads 0: none kept idle for Jetty's own use.
        QueuedThreadPool io = new QueuedThreadPool(IO_THREADS, 2, 60_000, 0, null, null);
        io.setName(name + "-io");
        io.setDaemon(true);
        // The handlers, which may block, have their own fixed pool with a bounded queue (full: 503).
        workers = new ThreadPoolExecutor(limits.workers(), limits.workers(), 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(limits.queue()), r -> {
            Thread t = new Thread(r, name + "-worker");
            t.setDaemon(true);
            return t;
        });
        server = new Server(io);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setIdleTimeout(limits.readTimeout().toMillis()); // per request: a read (or write) that waits this long fails
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.setAcceptQueueSize(limits.acceptQueue());
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        server.setHandler(new Dispatch());
    }

    /** Binds and starts; an address in use or not local is an IOException with the system's reason (as the JDK's server gave). */
    public BoundedHttpServer start() throws java.io.IOException {
        try {
            server.start();
        } catch (java.io.IOException e) {
            stopQuietly();
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            throw new java.io.IOException(root.getMessage() == null ? e.toString() : root.getMessage(), e);
        } catch (Exception e) {
            stopQuietly();
            throw new IllegalStateException(name + ": HTTP server did not start: " + e, e);
        }
        return this;
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        stopQuietly();
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, name + ": HTTP server stop: " + e);
        }
        workers.shutdownNow();
    }

    /** Reads the body without a thread, then queues the complete request for a worker. */
    private final class Dispatch extends org.eclipse.jetty.server.Handler.Abstract.NonBlocking {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Call head = call(request, new byte[0]);
            if (request.getLength() > limits.maxBody()) {
                tooLarge(head, response, callback);
                return true;
            }
            new BodyReader(head, request, response, callback).run();
            return true;
        }
    }

    /**
     * Reads one body chunk by chunk as the bytes arrive (Jetty calls {@link #run} back when there
     * are more), taking each chunk's size from the server-wide {@link Limits#maxBuffered()}
     * budget: a stalled request holds only what it sent, and many large bodies at once cannot
     * exhaust the heap. Then hands the complete request to a worker.
     */
    private final class BodyReader implements Runnable {
        private final Call head;
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        private long held;

        BodyReader(Call head, Request request, Response response, Callback callback) {
            this.head = head;
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        @Override
        public void run() {
            while (true) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    release();
                    refused.log(name + ": request " + head.method() + " " + head.path() + " from " + head.peer() + " dropped: body not read: "
                            + chunk.getFailure());
                    callback.failed(chunk.getFailure());
                    return;
                }
                ByteBuffer b = chunk.getByteBuffer();
                int n = b.remaining();
                if (body.size() + n > limits.maxBody()) {
                    chunk.release();
                    release();
                    tooLarge(head, response, callback);
                    return;
                }
                if (n > 0 && buffered.addAndGet(n) > limits.maxBuffered()) {
                    buffered.addAndGet(-n);
                    chunk.release();
                    release();
                    refused.log(name + ": request " + head.method() + " " + head.path() + " from " + head.peer() + " refused: "
                            + limits.maxBuffered() + " bytes of request bodies already buffered");
                    write(Reply.text(503, name + " is overloaded; try again\n"), response, callback);
                    return;
                }
                held += n;
                byte[] copy = new byte[n];
                b.get(copy);
                body.writeBytes(copy);
                boolean last = chunk.isLast();
                chunk.release();
                if (last) {
                    dispatch();
                    return;
                }
            }
        }

        private void release() {
            buffered.addAndGet(-held);
            held = 0;
        }

        private void dispatch() {
            Call call = new Call(head.method(), head.path(), head.rawQuery(), head.headers(), body.toByteArray(), head.peer(), head.local());
            try {
                workers.execute(() -> {
                    try {
                        answer(call, response, callback);
                    } finally {
                        release();
                    }
                });
            } catch (RejectedExecutionException e) {
                release();
                refused.log(name + ": request " + call.method() + " " + call.path() + " from " + call.peer() + " refused: all "
                        + limits.workers() + " workers busy and " + limits.queue() + " requests waiting");
                write(Reply.text(503, name + " is overloaded; try again\n"), response, callback);
            }
        }
    }

    private void tooLarge(Call head, Response response, Callback callback) {
        refused.log(name + ": request " + head.method() + " " + head.path() + " from " + head.peer() + " refused: body larger than "
                + limits.maxBody() + " bytes");
        write(handler.tooLarge(head, limits.maxBody()), response, callback);
    }

    private void answer(Call call, Response response, Callback callback) {
        Reply r;
        try {
            r = handler.handle(call);
        } catch (Exception | Error e) {
            LOG.log(System.Logger.Level.ERROR, name + ": " + call.method() + " " + call.path() + " failed", e);
            r = Reply.text(500, name + " could not answer: " + e + "\n");
        }
        write(r, response, callback);
    }

    private static void write(Reply r, Response response, Callback callback) {
        response.setStatus(r.status());
        r.headers().forEach((k, vs) -> vs.forEach(v -> response.getHeaders().add(k, v)));
        response.write(true, ByteBuffer.wrap(r.body()), callback);
    }

    private static Call call(Request request, byte[] body) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (HttpField f : request.getHeaders()) headers.computeIfAbsent(f.getName(), k -> new ArrayList<>()).add(f.getValue());
        return new Call(request.getMethod(), request.getHttpURI().getPath(), request.getHttpURI().getQuery(), headers, body,
                inet(request.getConnectionMetaData().getRemoteSocketAddress()), inet(request.getConnectionMetaData().getLocalSocketAddress()));
    }

    private static InetSocketAddress inet(SocketAddress a) {
        return a instanceof InetSocketAddress i ? i : null;
    }
}
