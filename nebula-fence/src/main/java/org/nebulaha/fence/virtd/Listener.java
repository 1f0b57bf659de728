package org.nebulaha.fence.virtd;

/** A request source of fence_virtd; {@link #run()} serves until {@link #close()}. */
public interface Listener extends Runnable, AutoCloseable {
    @Override
    void close();
}
