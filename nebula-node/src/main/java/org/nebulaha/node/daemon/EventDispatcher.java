package org.nebulaha.node.daemon;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Delivers {@link ClusterEvents} to every registered listener, in order, on one thread. */
public final class EventDispatcher {
    private static final System.Logger LOG = System.getLogger("events");
    private final List<ClusterEvents> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cluster-events");
        t.setDaemon(true);
        return t;
    });

    public void add(ClusterEvents l) {
        listeners.add(l);
    }

    /** Queues {@code event} for every listener; a listener that throws is logged and the others still get it. */
    public void publish(String what, Consumer<ClusterEvents> event) {
        thread.execute(() -> {
            for (ClusterEvents l : listeners) {
                try {
                    event.accept(l);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "" + l.getClass().getSimpleName() + " failed on " + what, e);
                }
            }
        });
    }

    /** Runs {@code task} on the event thread after the events queued so far. */
    public void execute(Runnable task) {
        thread.execute(task);
    }

    public void shutdown() {
        thread.shutdown();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
