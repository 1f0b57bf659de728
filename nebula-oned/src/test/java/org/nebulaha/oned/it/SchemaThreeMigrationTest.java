package org.nebulaha.oned.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.oned.auth.UserPool;
import org.nebulaha.oned.cli.OneClient;
import org.nebulaha.oned.daemon.Oned;

/**
 * A database at schema version 2 (as the oned before groups left it, written here by hand) is
 * migrated to version 3 in place: its users and VMs are kept and get the group 4.2 gives them,
 * the default groups and ACL rules appear.
 */
class SchemaThreeMigrationTest {
    @TempDir Path tmp;
    Oned oned;

    @AfterEach
    void stop() {
        if (oned != null) oned.close();
    }

    @Test
    void versionTwoRowsAreKept() throws Exception {
        OnedHome home = new OnedHome(tmp, "");
        Files.createDirectories(home.location.var());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.location.var().resolve("one.db"));
             Statement s = c.createStatement()) {
            // Schema 1 + 2 tables as the previous oned created them.
            s.execute("CREATE TABLE db_versioning (oid INTEGER PRIMARY KEY, version INTEGER, timestamp BIGINT, comment TEXT)");
            s.execute("CREATE TABLE pool_control (tablename VARCHAR(32) PRIMARY KEY, last_oid INTEGER)");
            s.execute("CREATE TABLE user_pool (oid INTEGER PRIMARY KEY, name VARCHAR(128) UNIQUE, password TEXT, auth_driver TEXT DEFAULT 'core')");
            s.execute("CREATE TABLE vm_pool (oid INTEGER PRIMARY KEY, name TEXT, state INTEGER, lcm_state INTEGER, resched INTEGER,"
                    + " stime BIGINT, etime BIGINT, last_poll BIGINT, deploy_id TEXT, memory INTEGER, cpu DOUBLE PRECISION, template TEXT,"
                    + " pending_op TEXT, last_op TEXT, resume_kind TEXT, hotplug_disk INTEGER, user_template TEXT, uid INTEGER DEFAULT 0,"
                    + " uname TEXT DEFAULT 'oneadmin')");
            s.execute("CREATE TABLE history (vid INTEGER, seq INTEGER, hid INTEGER, hostname TEXT, vmm_mad TEXT, tm_mad TEXT,"
                    + " stime BIGINT, etime BIGINT, reason INTEGER, PRIMARY KEY (vid, seq))");
            s.execute("CREATE TABLE host_pool (oid INTEGER PRIMARY KEY, name VARCHAR(256) UNIQUE, state INTEGER, im_mad TEXT, vm_mad TEXT,"
                    + " vn_mad TEXT, cluster_id INTEGER, last_mon_time BIGINT, max_mem BIGINT, max_cpu BIGINT, used_mem BIGINT,"
                    + " used_cpu BIGINT, monitor TEXT)");
            s.execute("INSERT INTO db_versioning VALUES (1, 1, 0, 'schema 1'), (2, 2, 0, 'schema 2')");
            s.execute("INSERT INTO pool_control VALUES ('user_pool', 1), ('vm_pool', 0)");
            s.execute("INSERT INTO user_pool VALUES (1, 'old', '" + UserPool.sha1("oldpw") + "', 'core')");
            s.execute("INSERT INTO vm_pool (oid, name, state, lcm_state, resched, stime, etime, last_poll, deploy_id, memory, cpu, template,"
                    + " hotplug_disk, user_template, uid, uname) VALUES (0, 'kept', 2, 0, 0, 1, 0, 0, '', 64, 1.0,"
                    + " '<TEMPLATE><NAME><![CDATA[kept]]></NAME></TEMPLATE>', -1, '<TEMPLATE></TEMPLATE>', 1, 'old')");
        }
        oned = Oned.start(home.location);
        OneClient old = new OneClient(URI.create(home.url()), "old:oldpw");
        assertThat((String) old.call("one.user.info", -1)).contains("<ID>1</ID><GID>1</GID><GNAME>users</GNAME><NAME>old</NAME>");
        assertThat((String) old.call("one.vm.info", 0)).contains("<UID>1</UID><GID>1</GID><UNAME>old</UNAME><GNAME>users</GNAME>",
                "<OWNER_U>1</OWNER_U><OWNER_M>1</OWNER_M><OWNER_A>0</OWNER_A><GROUP_U>0</GROUP_U>", "<STATE>2</STATE>");
        assertThat((String) old.call("one.user.info", -1)).contains("<VMS_USED>1</VMS_USED>", "<MEMORY_USED>64</MEMORY_USED>");
        OneClient admin = home.client();
        assertThat((String) admin.call("one.grouppool.info")).contains("<ID>0</ID><NAME>oneadmin</NAME>", "<ID>1</ID><NAME>users</NAME><USERS><ID>1</ID></USERS>");
        assertThat((String) admin.call("one.acl.info")).contains("@1 VM+NET+IMAGE+TEMPLATE/* CREATE", "@1 HOST/* MANAGE", "* DOCUMENT/* CREATE");
        assertThat((Integer) old.call("one.vm.allocate", "NAME = new MEMORY = 16 CPU = 0.1", false)).isEqualTo(1);
    }
}
