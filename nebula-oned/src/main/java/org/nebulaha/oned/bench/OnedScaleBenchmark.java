package org.nebulaha.oned.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.nebulaha.oned.cli.OneClient;
import org.nebulaha.oned.daemon.OneLocation;

/**
 * oned at the scale of a large front-end: fills a fresh database with VMS VMs and HOSTS hosts
 * through the API (allocations per second on the way), then measures API reads per second with
 * CLIENTS concurrent clients for one.vm.info, a filtered one.vmpool.info (one user's VMs, a range
 * of 50 ids), one.hostpool.info and a mix of the three, then oned's start time on that database and
 * its resident memory. Not a test: it prints figures (docs/oned.md, "Scale").
 *
 * <p>Usage: {@code OnedScaleBenchmark [VMS [HOSTS [CLIENTS [SECONDS]]]]} (defaults 20000, 2500, 16, 5).
 * oned runs as its own JVM ({@code oned -f}) with the JVM options the distribution's launcher gives
 * it (libexec/nebula-java), plus {@code $ONED_JAVA_OPTS}; the clients run in this one.
 */
public final class OnedScaleBenchmark {
    public static void main(String[] args) throws Exception {
        int vms = BenchLocation.arg(args, 0, "VMS", 20_000, 51); // the filtered pool read takes ranges of 50 ids
        int hosts = BenchLocation.arg(args, 1, "HOSTS", 2_500, 1);
        int clients = BenchLocation.arg(args, 2, "CLIENTS", 16, 1);
        int seconds = BenchLocation.arg(args, 3, "SECONDS", 5, 1);
        BenchLocation home = BenchLocation.create("oned-scale");
        OneLocation loc = home.loc;
        OneClient c = home.client();
        System.out.printf("oned scale benchmark in %s (SQLite, synchronous=FULL, dummy drivers): %d VMs, %d hosts, %d clients, %d s per figure%n",
                home.dir, vms, hosts, clients, seconds);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        Process oned = null;
        try {
            oned = startOned(loc);
            System.out.printf("start: oned on an empty database answers after %.2f s%n", waitForOned(c));
            double hostRate = parallel(pool, clients, hosts,
                    i -> c.call("one.host.allocate", "host" + i, "dummy", "dummy", "dummy", -1));
            System.out.printf("fill: %d hosts at %.0f allocations/s%n", hosts, hostRate);
            double vmRate = parallel(pool, clients, vms, i -> c.call("one.vm.allocate", "NAME = vm" + i + " MEMORY = 64 CPU = 0.1", false));
            System.out.printf("allocate: %d VMs with %d clients = %.0f allocations/s (target >= 1000)%n", vms, clients, vmRate);

            read(pool, clients, seconds, "one.vm.info", () -> c.call("one.vm.info", ThreadLocalRandom.current().nextInt(vms)));
            read(pool, clients, seconds, "one.vmpool.info (50-id range)", () -> {
                int from = ThreadLocalRandom.current().nextInt(vms - 50);
                return c.call("one.vmpool.info", -2, from, from + 49, -1);
            });
            read(pool, clients, seconds, "one.hostpool.info (" + hosts + " hosts)", () -> c.call("one.hostpool.info"));
            read(pool, clients, seconds, "mix 8:1:1 (vm.info, vmpool range, hostpool)", () -> {
                int r = ThreadLocalRandom.current().nextInt(10);
                if (r < 8) return c.call("one.vm.info", ThreadLocalRandom.current().nextInt(vms));
                if (r < 9) {
                    int from = ThreadLocalRandom.current().nextInt(vms - 50);
                    return c.call("one.vmpool.info", -2, from, from + 49, -1);
                }
                return c.call("one.hostpool.info");
            });
            System.out.printf("memory: oned's VmRSS %d MiB after the reads%n", rssKib(oned.pid()) / 1024);
            stop(oned);

            oned = startOned(loc);
            System.out.printf("start: oned on a database of %d VMs and %d hosts answers after %.2f s, VmRSS %d MiB%n", vms, hosts,
                    waitForOned(c), rssKib(oned.pid()) / 1024);
            stop(oned);
        } finally {
            pool.shutdownNow();
            if (oned != null && oned.isAlive()) stop(oned); // also when a call failed half-way
            home.close();
        }
    }

    interface Call {
        Object run(int i) throws Exception;
    }

    /** Runs call(0..n-1) over {@code clients} threads; returns calls per second. */
    private static double parallel(ExecutorService pool, int clients, int n, Call call) throws Exception {
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            int first = t;
            fs.add(pool.submit(() -> {
                for (int i = first; i < n; i += clients) call.run(i);
                return null;
            }));
        }
        for (Future<?> f : fs) f.get();
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    /** Calls {@code read} from every client for {@code seconds}; prints requests per second. */
    private static void read(ExecutorService pool, int clients, int seconds, String what, Callable<Object> read) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<Integer>> fs = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < clients; t++)
            fs.add(pool.submit(() -> {
                int n = 0;
                while (System.nanoTime() < end) {
                    read.call();
                    n++;
                }
                return n;
            }));
        long total = 0;
        for (Future<Integer> f : fs) total += f.get();
        System.out.printf("read %-45s %7.0f requests/s (%d in %.1f s, %d clients)%n", what + ":", total / ((System.nanoTime() - t0) / 1e9),
                total, (System.nanoTime() - t0) / 1e9, clients);
    }

    /** oned -f as the init script starts it, as a child JVM; its log goes to var/oned.log. */
    private static Process startOned(OneLocation loc) throws java.io.IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        String opts = System.getenv("ONED_JAVA_OPTS");
        if (opts != null && !opts.isBlank()) cmd.addAll(List.of(opts.trim().split("\\s+")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.nebulaha.oned.cli.OnedCommand", "-f"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(loc.var().resolve("oned.log").toFile()));
        pb.environment().put("ONE_LOCATION", loc.etc().getParent().toString());
        return pb.start();
    }

    /** Seconds until oned answers one.system.version (polled every 10 ms, for at most 120 s). */
    private static double waitForOned(OneClient c) throws InterruptedException {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < 120_000_000_000L) {
            try {
                c.call("one.system.version");
                return (System.nanoTime() - t0) / 1e9;
            } catch (OneClient.CallException notYet) {
                Thread.sleep(10);
            }
        }
        throw new IllegalStateException("oned did not answer within 120 s");
    }

    private static void stop(Process oned) throws InterruptedException {
        oned.destroy(); // SIGTERM: oned closes its database
        if (!oned.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) oned.destroyForcibly().waitFor();
    }

    private static long rssKib(long pid) {
        return org.nebulaha.common.ProcStatus.rssKib(pid).orElse(-1);
    }
}
