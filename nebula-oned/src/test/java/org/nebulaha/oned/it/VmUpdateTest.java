package org.nebulaha.oned.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.oned.cli.OneClient;
import org.nebulaha.oned.daemon.Oned;
import org.nebulaha.oned.xmlrpc.XmlRpcClient;

/**
 * one.vm.update over XML-RPC against a real oned (SQLite): replace (4.2's three arguments and type
 * 0), merge (type 1), what one.vm.info and one.vmpool.info show, persistence across a restart, and
 * refusals that change nothing; a schema 1 database from before USER_TEMPLATE existed still opens.
 */
class VmUpdateTest {
    @TempDir Path tmp;
    OnedHome home;
    Oned oned;

    @AfterEach
    void stop() {
        if (oned != null) oned.close();
    }

    @Test
    void replaceMergeShowAndKeepTheUserTemplate() throws Exception {
        home = new OnedHome(tmp, "");
        oned = Oned.start(home.location);
        OneClient c = home.client();
        int vm = (Integer) c.call("one.vm.allocate", "NAME = u MEMORY = 16 CPU = 0.1", false);
        assertThat(info(c, vm)).contains("<USER_TEMPLATE></USER_TEMPLATE>");

        assertThat(c.call("one.vm.update", vm, "OWNER_NOTE = \"web tier\"\nTAGS = [ ROLE = db, TIER = \"2\" ]")).isEqualTo(vm); // 4.2: replace
        assertThat(info(c, vm)).contains("<USER_TEMPLATE><OWNER_NOTE><![CDATA[web tier]]></OWNER_NOTE>"
                + "<TAGS><ROLE><![CDATA[db]]></ROLE><TIER><![CDATA[2]]></TIER></TAGS></USER_TEMPLATE>");
        c.call("one.vm.update", vm, "SCHED_MESSAGE = \"Wed Nov 25 10:00:00 2026 : No host\"", 1); // merge keeps the rest
        assertThat(info(c, vm)).contains("<OWNER_NOTE><![CDATA[web tier]]></OWNER_NOTE>", "<SCHED_MESSAGE><![CDATA[Wed Nov 25 10:00:00 2026 : No host]]>");
        c.call("one.vm.update", vm, "SCHED_MESSAGE = \"later\"", 1); // merge replaces the same name
        assertThat(info(c, vm)).contains("<SCHED_MESSAGE><![CDATA[later]]></SCHED_MESSAGE>").doesNotContain("No host");
        c.call("one.vm.update", vm, "<TEMPLATE><ONLY>this</ONLY></TEMPLATE>", 0); // XML, replace
        assertThat(info(c, vm)).contains("<USER_TEMPLATE><ONLY><![CDATA[this]]></ONLY></USER_TEMPLATE>");
        assertThat((String) c.call("one.vmpool.info", -2, -1, -1, -1)).contains("<USER_TEMPLATE><ONLY><![CDATA[this]]></ONLY></USER_TEMPLATE>");
        // The machine template is never touched.
        assertThat(info(c, vm)).contains("<TEMPLATE><NAME><![CDATA[u]]></NAME><MEMORY><![CDATA[16]]></MEMORY>");

        // Refusals: OpenNebula's request name and message; nothing changes.
        assertThatThrownBy(() -> c.call("one.vm.update", 99, "A = 1", 1))
                .hasMessage("[VirtualMachineUpdateTemplate] Error getting virtual machine [99].");
        assertThatThrownBy(() -> c.call("one.vm.update", vm, "GOOD = 1\nBAD = [ X = 1", 1))
                .hasMessageStartingWith("[VirtualMachineUpdateTemplate] Cannot update template. Parse error: line 2:")
                .hasMessageContaining("not closed");
        assertThatThrownBy(() -> c.call("one.vm.update", vm, "A = 1", 7))
                .hasMessage("[VirtualMachineUpdateTemplate] Wrong update type 7: use 0 (replace) or 1 (merge)");
        assertThat(info(c, vm)).contains("<USER_TEMPLATE><ONLY><![CDATA[this]]></ONLY></USER_TEMPLATE>");
        XmlRpcClient raw = new XmlRpcClient(URI.create(home.url()), java.time.Duration.ofSeconds(10));
        assertThatThrownBy(() -> raw.call("one.vm.update", Files.readString(home.location.oneAuth()).strip(), vm))
                .hasMessageContaining("one.vm.update expects (string session, int, string, int)");

        // Persisted: a new oned on the same files shows it.
        oned.close();
        oned = Oned.start(home.location);
        assertThat(info(c, vm)).contains("<USER_TEMPLATE><ONLY><![CDATA[this]]></ONLY></USER_TEMPLATE>");
        c.call("one.vm.update", vm, "", 0); // replace with nothing clears it
        assertThat(info(c, vm)).contains("<USER_TEMPLATE></USER_TEMPLATE>");
    }

    @Test
    void aSchemaOneDatabaseOpensWithEmptyUserTemplatesOwnedByOneadmin() throws Exception {
        home = new OnedHome(tmp, "");
        Files.createDirectories(home.location.var());
        String password = Files.readString(home.location.oneAuth()).strip().split(":", 2)[1];
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + home.location.var().resolve("one.db")); Statement s = db.createStatement()) {
            // The schema and rows exactly as the oned before users and USER_TEMPLATE wrote them.
            for (String sql : List.of(
                    "CREATE TABLE db_versioning (oid INTEGER PRIMARY KEY, version INTEGER, timestamp BIGINT, comment TEXT)",
                    "CREATE TABLE pool_control (tablename VARCHAR(32) PRIMARY KEY, last_oid INTEGER)",
                    "CREATE TABLE user_pool (oid INTEGER PRIMARY KEY, name VARCHAR(128) UNIQUE, password TEXT)",
                    "CREATE TABLE vm_pool (oid INTEGER PRIMARY KEY, name TEXT, state INTEGER, lcm_state INTEGER, resched INTEGER, stime BIGINT,"
                            + " etime BIGINT, last_poll BIGINT, deploy_id TEXT, memory INTEGER, cpu DOUBLE PRECISION, template TEXT, pending_op TEXT,"
                            + " last_op TEXT, resume_kind TEXT, hotplug_disk INTEGER)",
                    "CREATE INDEX vm_state ON vm_pool (state, lcm_state)",
                    "CREATE TABLE history (vid INTEGER, seq INTEGER, hid INTEGER, hostname TEXT, vmm_mad TEXT, tm_mad TEXT, stime BIGINT,"
                            + " etime BIGINT, reason INTEGER, PRIMARY KEY (vid, seq))",
                    "CREATE TABLE host_pool (oid INTEGER PRIMARY KEY, name VARCHAR(256) UNIQUE, state INTEGER, im_mad TEXT, vm_mad TEXT,"
                            + " vn_mad TEXT, cluster_id INTEGER, last_mon_time BIGINT, max_mem BIGINT, max_cpu BIGINT, used_mem BIGINT,"
                            + " used_cpu BIGINT, monitor TEXT)",
                    "INSERT INTO db_versioning VALUES (1, 1, 1764000000, 'nebula-ha oned schema 1')",
                    "INSERT INTO pool_control VALUES ('vm_pool', 0)",
                    "INSERT INTO user_pool VALUES (0, 'oneadmin', '" + org.nebulaha.oned.api.Api.sha256(password) + "')",
                    "INSERT INTO vm_pool VALUES (0, 'old', 1, 0, 0, 1764000000, 0, 0, '', 64, 0.5,"
                            + " '<TEMPLATE><NAME><![CDATA[old]]></NAME><MEMORY><![CDATA[64]]></MEMORY><CPU><![CDATA[0.5]]></CPU></TEMPLATE>', NULL, NULL, NULL, -1)"))
                s.execute(sql);
        }
        oned = Oned.start(home.location);
        OneClient c = home.client();
        assertThat(info(c, 0)).contains("<UID>0</UID><GID>0</GID><UNAME>oneadmin</UNAME>", "<NAME>old</NAME>", "<USER_TEMPLATE></USER_TEMPLATE>");
        c.call("one.vm.update", 0, "NOTE = migrated", 1);
        assertThat(info(c, 0)).contains("<USER_TEMPLATE><NOTE><![CDATA[migrated]]></NOTE></USER_TEMPLATE>");
        assertThat((Integer) c.call("one.vm.allocate", "NAME = new MEMORY = 16 CPU = 0.1", false)).isEqualTo(1);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + home.location.var().resolve("one.db")); Statement s = db.createStatement();
             var r = s.executeQuery("SELECT MAX(version) FROM db_versioning")) {
            assertThat(r.getInt(1)).isEqualTo(4);
        }
        // Schema 4 (templates, images, datastores, networks) came with it: the default datastores exist.
        assertThat((String) c.call("one.datastorepool.info")).contains("<NAME>system</NAME>", "<NAME>default</NAME>", "<NAME>files</NAME>");
    }

    static String info(OneClient c, int vm) {
        try {
            return (String) c.call("one.vm.info", vm);
        } catch (OneClient.CallException e) {
            return e.getMessage();
        }
    }
}
