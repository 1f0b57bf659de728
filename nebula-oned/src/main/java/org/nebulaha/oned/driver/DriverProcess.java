package org.nebulaha.oned.driver;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One driver process (im, vmm or tm) and its line protocol: oned writes {@code INIT} and waits
 * for {@code INIT SUCCESS}, then writes one line per request; every line the driver prints is
 * handed to the listener on the driver's reader thread. The driver's stderr goes to a log file.
 */
public final class DriverProcess implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("oned.driver");

    private final String name;
    private final Process process;
    private final OutputStream stdin;
    private final CompletableFuture<Void> initialized = new CompletableFuture<>();
    /** Who gets the driver's lines; a hot standby's driver is started before its oned exists. */
    private volatile Consumer<String> listener;
    /** For messages only. */
    private List<String> command = List.of();
    private Path log;

    private DriverProcess(String name, Process process, Consumer<String> listener) {
        this.name = name;
        this.process = process;
        this.stdin = process.getOutputStream();
        this.listener = listener;
        Thread reader = new Thread(this::read, "driver-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code command}, sends INIT and waits for INIT SUCCESS. */
    public static DriverProcess start(String name, List<String> command, Map<String, String> env, Path log,
                                      Consumer<String> listener, Duration initTimeout) throws IOException {
        return launch(name, command, env, log, listener).awaitInit(initTimeout);
    }

    /**
     * Starts {@code command} and sends INIT without waiting for the answer: oned launches every
     * driver first, then waits for them together ({@link #awaitInit}); each is a JVM taking ~60 ms.
     */
    public static DriverProcess launch(String name, List<String> command, Map<String, String> env, Path log,
                                       Consumer<String> listener) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        DriverProcess d = new DriverProcess(name, pb.start(), listener);
        d.command = List.copyOf(command);
        d.log = log;
        d.send("INIT");
        return d;
    }

    /** Waits for INIT SUCCESS; on anything else the process is killed and the error names the driver and its log. */
    public DriverProcess awaitInit(Duration initTimeout) throws IOException {
        try {
            initialized.get(initTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("driver " + name + " (" + String.join(" ", command) + ") did not answer INIT SUCCESS within "
                    + initTimeout.toSeconds() + " s; see " + log, e);
        }
        LOG.log(System.Logger.Level.INFO, "" + name + ": started (pid " + process.pid() + ")");
        return this;
    }

    public String name() {
        return name;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** From now on the driver's lines go to {@code l} (a prestarted driver taken by oned). */
    public void listener(Consumer<String> l) {
        listener = l;
    }

    /** The command line it runs. */
    public List<String> command() {
        return command;
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("INIT")) {
                    if (line.startsWith("INIT SUCCESS")) initialized.complete(null);
                    else initialized.completeExceptionally(new IOException(line));
                    continue;
                }
                try {
                    listener.accept(line);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "" + name + ": could not process '" + line + "'", e);
                }
            }
        } catch (IOException e) {
            // the process went away; reported below
        }
        initialized.completeExceptionally(new IOException("driver exited"));
        LOG.log(System.Logger.Level.WARNING, "" + name + ": exited; its pending operations will not be answered");
    }

    /** Writes one line; false when the driver is gone. */
    public synchronized boolean send(String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            return true;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "" + name + ": cannot send '" + line.split(" ")[0] + "': " + e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        send("FINALIZE");
        try {
            stdin.close();
            if (!process.waitFor(2, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
