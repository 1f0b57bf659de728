package org.nebulaha.oned.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nebulaha.oned.cli.OneClient;
import org.nebulaha.oned.daemon.OneLocation;
import org.nebulaha.oned.daemon.Oned;

/**
 * Prints oned's VM allocation rate through XML-RPC and the time a new oned needs to settle
 * 1,000 VMs left stuck by its predecessor (half in PROLOG with their disks on the host, half in
 * BOOT without a domain). Not a test: it prints figures.
 *
 * <p>Usage: {@code OnedBenchmark [ALLOCATIONS [STUCK [CLIENT_THREADS]]]} (defaults 2000, 1000, 4).
 * Works in a temporary ONE_LOCATION with SQLite and the dummy drivers.
 */
public final class OnedBenchmark {
    private static final Pattern STATE = Pattern.compile("<STATE>(\\d+)</STATE><LCM_STATE>(\\d+)</LCM_STATE>");

    public static void main(String[] args) throws Exception {
        int allocations = BenchLocation.arg(args, 0, "ALLOCATIONS", 2000, 1);
        int stuck = BenchLocation.arg(args, 1, "STUCK", 1000, 1);
        int threads = BenchLocation.arg(args, 2, "CLIENT_THREADS", 4, 1);
        BenchLocation home = BenchLocation.create("oned-bench");
        OneLocation loc = home.loc;
        Path dir = home.dir;
        OneClient c = home.client();
        System.out.println("oned benchmark in " + dir + " (SQLite, synchronous=FULL, dummy drivers)");

        Oned oned = Oned.start(loc);
        // 1. Allocation rate.
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int share = allocations / threads + (t < allocations % threads ? 1 : 0);
            fs.add(pool.submit(() -> {
                for (int i = 0; i < share; i++) c.call("one.vm.allocate", "NAME = bench MEMORY = 64 CPU = 0.1", false);
                return null;
            }));
        }
        for (Future<?> f : fs) f.get();
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("allocate: %d VMs in %.2f s with %d client threads = %.0f VMs/s%n", allocations, secs, threads, allocations / secs);

        // 2. Make STUCK VMs: every other prolog's answer is lost, every deploy hangs.
        Path actions = Files.createDirectories(loc.var().resolve("dummy").resolve("actions"));
        Files.writeString(actions.resolve("prolog"), "lost\nsuccess\n");
        Files.writeString(actions.resolve("deploy"), "-\n");
        int h = (Integer) c.call("one.host.allocate", "bench-host", "dummy", "dummy", "dummy", -1);
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < stuck; i++) ids.add((Integer) c.call("one.vm.allocate", "NAME = stuck MEMORY = 1 CPU = 0.01", false));
        List<Future<?>> ds = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int from = t;
            ds.add(pool.submit(() -> {
                for (int i = from; i < ids.size(); i += threads) c.call("one.vm.deploy", ids.get(i), h, false);
                return null;
            }));
        }
        for (Future<?> f : ds) f.get();
        long waitUntil = System.nanoTime() + 300_000_000_000L;
        while (count(c, ids, "3/1") + count(c, ids, "3/2") < stuck && System.nanoTime() < waitUntil) Thread.sleep(200);
        System.out.printf("stuck: %d in PROLOG, %d in BOOT%n", count(c, ids, "3/1"), count(c, ids, "3/2"));
        oned.close(); // the drivers die with it; their answers are lost
        try (var s = Files.list(actions)) {
            for (Path p : s.toList()) Files.delete(p);
        }

        // 3. A new oned settles them at start-up.
        Files.writeString(loc.onedConf(), Files.readString(loc.onedConf()).replace("AUTO_RECOVER = \"no\"", "AUTO_RECOVER = \"yes\""));
        long t1 = System.nanoTime();
        oned = Oned.start(loc);
        double startSecs = (System.nanoTime() - t1) / 1e9;
        while (count(c, ids, "3/3") < stuck && System.nanoTime() - t1 < 600_000_000_000L) Thread.sleep(100);
        double allSecs = (System.nanoTime() - t1) / 1e9;
        System.out.printf("settle: oned start with %d stuck VMs probed and recovered: %.2f s; all %d RUNNING after %.2f s (%d running)%n",
                stuck, startSecs, stuck, allSecs, count(c, ids, "3/3"));
        oned.close();
        pool.shutdownNow();
        home.close();
    }

    private static int count(OneClient c, List<Integer> ids, String state) throws OneClient.CallException {
        String doc = (String) c.call("one.vmpool.info", -2, ids.get(0), ids.get(ids.size() - 1), -2);
        Matcher m = STATE.matcher(doc);
        int n = 0;
        while (m.find()) if ((m.group(1) + "/" + m.group(2)).equals(state)) n++;
        return n;
    }
}
