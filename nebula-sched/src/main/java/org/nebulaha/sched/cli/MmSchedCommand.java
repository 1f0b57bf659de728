package org.nebulaha.sched.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import org.nebulaha.common.Logs;
import org.nebulaha.oned.daemon.OneLocation;
import org.nebulaha.sched.daemon.MmSched;
import org.nebulaha.sched.io.OnedGateway;
import org.nebulaha.sched.io.SchedConfFile;
import org.nebulaha.sched.model.SchedConf;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mm_sched}: the scheduler process. Exit codes: 0 stopped, 1 cannot start or (--once) oned unreachable/refused, 2 usage. */
@Command(name = "mm_sched", mixinStandardHelpOptions = true,
        description = "OpenNebula scheduler: places pending VMs on hosts through oned's XML-RPC API every SCHED_INTERVAL.")
public final class MmSchedCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, description = "sched.conf (default $ONE_LOCATION/etc/sched.conf, else /etc/one/sched.conf)")
    Path config;

    @Option(names = "--oned", description = "oned's XML-RPC endpoint (default http://localhost:ONED_PORT/RPC2, or $ONE_XMLRPC)")
    String oned;

    @Option(names = "--once", description = "run one pass and exit (0 done, 1 oned unreachable or refused)")
    boolean once;

    public static void main(String[] args) {
        System.exit(new CommandLine(new MmSchedCommand()).setExitCodeExceptionMapper(e -> 2).execute(args));
    }

    @Override
    public Integer call() {
        OneLocation loc = OneLocation.fromEnvironment();
        Path file = config != null ? config : loc.etc().resolve("sched.conf");
        SchedConf conf;
        try {
            conf = Files.exists(file) || config != null ? SchedConfFile.load(file) : SchedConf.DEFAULTS;
        } catch (IOException | SchedConf.ConfException e) {
            System.err.println("mm_sched: " + (e instanceof SchedConf.ConfException ? e.getMessage() : "cannot read " + file + ": " + e.getMessage()));
            return 1;
        }
        Logs.setup(System.out, conf.debugLevel() >= 3 ? Level.FINE : conf.debugLevel() == 0 ? Level.SEVERE : Level.INFO);
        String session;
        Path auth = authFile(loc);
        try {
            session = Files.readString(auth).strip();
            if (!session.contains(":")) throw new IOException("expected 'user:password'");
        } catch (IOException e) {
            System.err.println("mm_sched: cannot read the session from " + auth + " (" + e.getMessage() + "); set ONE_AUTH to a file holding 'oneadmin:password'");
            return 1;
        }
        String url = oned != null ? oned : System.getenv("ONE_XMLRPC") != null ? System.getenv("ONE_XMLRPC") : conf.onedUrl();
        OnedGateway gw = new OnedGateway(URI.create(url), session, Duration.ofSeconds(60));
        MmSched sched = new MmSched(conf, gw);
        System.getLogger("mm_sched").log(System.Logger.Level.INFO, "mm_sched: started with " + (Files.exists(file) ? file : "default settings (no " + file + ")")
                + ": oned " + url + ", SCHED_INTERVAL " + conf.schedInterval() + " s, policy " + conf.policy().name().toLowerCase() + " (" + conf.defaultRank()
                + "), MAX_VM " + conf.maxVm() + ", MAX_DISPATCH " + conf.maxDispatch() + ", MAX_HOST " + conf.maxHost() + ", HYPERVISOR_MEM " + conf.hypervisorMem());
        if (once) {
            try {
                sched.pass();
                return 0;
            } catch (IOException | OnedGateway.Refused e) {
                System.err.println("mm_sched: oned at " + url + ": " + e.getMessage());
                return 1;
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(sched::stop));
        sched.run();
        System.getLogger("mm_sched").log(System.Logger.Level.INFO, "mm_sched: stopped");
        return 0;
    }

    /** $ONE_AUTH, else $ONE_LOCATION/var/.one/one_auth (or /var/lib/one/.one/one_auth), else ~/.one/one_auth. */
    static Path authFile(OneLocation loc) {
        String env = System.getenv("ONE_AUTH");
        if (env != null && !env.isBlank()) return Path.of(env);
        if (Files.exists(loc.oneAuth())) return loc.oneAuth();
        Path home = Path.of(System.getProperty("user.home"), ".one", "one_auth");
        return Files.exists(home) ? home : loc.oneAuth();
    }
}
