package org.nebulaha.oned.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.oned.auth.UserPool;
import org.nebulaha.oned.cli.OneClient;
import org.nebulaha.oned.daemon.Oned;

/**
 * Users with OpenNebula's core authentication over XML-RPC against a real oned: allocate, log in
 * with {@code user:password}, the password stored as SHA1, own VMs only, pool filters, passwd,
 * delete (never oneadmin), refusals with OpenNebula's messages, everything kept across a restart.
 */
class UsersTest {
    @TempDir Path tmp;
    OnedHome home;
    Oned oned;

    @AfterEach
    void stop() {
        if (oned != null) oned.close();
    }

    OneClient as(String session) {
        return new OneClient(URI.create(home.url()), session);
    }

    @Test
    void usersLogInSeeTheirOwnVmsAndAreKept() throws Exception {
        home = new OnedHome(tmp, "");
        oned = Oned.start(home.location);
        OneClient admin = home.client();
        int alice = (Integer) admin.call("one.user.allocate", "alice", "s3cret", "core");
        int bob = (Integer) admin.call("one.user.allocate", "bob", "hunter2", "");
        assertThat(alice).isPositive();
        assertThat((String) admin.call("one.user.info", alice)).contains("<ID>" + alice + "</ID><GID>1</GID>", "<GNAME>users</GNAME><NAME>alice</NAME>",
                "<PASSWORD>" + UserPool.sha1("s3cret") + "</PASSWORD><AUTH_DRIVER>core</AUTH_DRIVER>");
        assertThat((String) admin.call("one.userpool.info")).contains("<NAME>oneadmin</NAME>", "<NAME>alice</NAME>", "<NAME>bob</NAME>");

        OneClient a = as("alice:s3cret"), b = as("bob:hunter2");
        assertThat(a.call("one.system.version")).isEqualTo("4.2.0");
        assertThatThrownBy(() -> as("alice:wrong").call("one.system.version"))
                .hasMessage("[SystemVersion] User couldn't be authenticated, aborting call.");
        assertThatThrownBy(() -> as("nobody:x").call("one.vmpool.info", -2, -1, -1, -1))
                .hasMessage("[VirtualMachinePoolInfo] User couldn't be authenticated, aborting call.");

        int mine = (Integer) a.call("one.vm.allocate", "NAME = alices MEMORY = 16 CPU = 0.1", false);
        int admins = (Integer) admin.call("one.vm.allocate", "NAME = admins MEMORY = 16 CPU = 0.1", false);
        assertThat((String) a.call("one.vm.info", mine)).contains("<UID>" + alice + "</UID><GID>1</GID><UNAME>alice</UNAME><GNAME>users</GNAME>");
        String alicesPool = (String) a.call("one.vmpool.info", -2, -1, -1, -1);
        assertThat(alicesPool).contains("<NAME>alices</NAME>").doesNotContain("<NAME>admins</NAME>");
        assertThat((String) b.call("one.vmpool.info", -2, -1, -1, -1)).isEqualTo("<VM_POOL></VM_POOL>");
        assertThat((String) b.call("one.vmpool.info", alice, -1, -1, -1)).isEqualTo("<VM_POOL></VM_POOL>");
        assertThat((String) admin.call("one.vmpool.info", -2, -1, -1, -1)).contains("<NAME>alices</NAME>", "<NAME>admins</NAME>");
        assertThat((String) admin.call("one.vmpool.info", -3, -1, -1, -1)).contains("<NAME>admins</NAME>").doesNotContain("alices");
        assertThat((String) admin.call("one.vmpool.info", alice, -1, -1, -1)).contains("<NAME>alices</NAME>").doesNotContain("<NAME>admins</NAME>");

        // Own VMs only; admin operations are oneadmin's.
        a.call("one.vm.action", "hold", mine);
        a.call("one.vm.update", mine, "NOTE = mine", 1);
        assertThatThrownBy(() -> b.call("one.vm.action", "hold", mine))
                .hasMessage("[VirtualMachineAction] User [" + bob + "] : Not authorized to perform MANAGE VM [" + mine + "].");
        assertThatThrownBy(() -> a.call("one.vm.info", admins))
                .hasMessage("[VirtualMachineInfo] User [" + alice + "] : Not authorized to perform USE VM [" + admins + "].");
        assertThatThrownBy(() -> a.call("one.vm.deploy", mine, 0, false))
                .hasMessage("[VirtualMachineDeploy] User [" + alice + "] : Not authorized to perform ADMIN VM [" + mine + "].");
        assertThatThrownBy(() -> a.call("one.host.allocate", "h", "dummy", "dummy", "dummy", -1))
                .hasMessage("[HostAllocate] User [" + alice + "] : Not authorized to perform CREATE HOST.");
        assertThatThrownBy(() -> a.call("one.user.allocate", "eve", "x", "core"))
                .hasMessage("[UserAllocate] User [" + alice + "] : Not authorized to perform CREATE USER.");
        assertThatThrownBy(() -> a.call("one.user.info", bob))
                .hasMessage("[UserInfo] User [" + alice + "] : Not authorized to perform USE USER [" + bob + "].");
        assertThat((String) a.call("one.userpool.info")).contains("<NAME>alice</NAME>").doesNotContain("bob", "oneadmin");
        assertThat((String) a.call("one.user.info", -1)).contains("<NAME>alice</NAME>");
        assertThat((String) admin.call("one.vm.info", mine)).contains("<STATE>2</STATE>", "<NOTE><![CDATA[mine]]></NOTE>");

        // Refusals that change nothing.
        assertThatThrownBy(() -> admin.call("one.user.allocate", "alice", "other", "core"))
                .hasMessage("[UserAllocate] Error allocating a new user. NAME is already taken by USER " + alice + ".");
        assertThatThrownBy(() -> admin.call("one.user.allocate", "bad name", "x", "core"))
                .hasMessage("[UserAllocate] Error allocating a new user. Invalid NAME 'bad name', it cannot contain spaces or ':'");
        assertThatThrownBy(() -> admin.call("one.user.allocate", "carol", "", "core"))
                .hasMessage("[UserAllocate] Error allocating a new user. Invalid password, it cannot be empty");
        assertThatThrownBy(() -> admin.call("one.user.allocate", "carol", "pw", "ldap"))
                .hasMessageContaining("Authentication driver 'ldap' is not available here");
        assertThatThrownBy(() -> admin.call("one.user.info", 77)).hasMessage("[UserInfo] Error getting user [77].");
        assertThatThrownBy(() -> admin.call("one.user.delete", 0)).hasMessage("[UserDelete] Cannot delete user. oneadmin cannot be deleted.");
        assertThatThrownBy(() -> admin.call("one.user.passwd", 0, "new"))
                .hasMessageStartingWith("[UserChangePassword] Cannot change password. oneadmin's password is the one in one_auth");
        assertThatThrownBy(() -> admin.call("one.user.delete", alice))
                .hasMessage("[UserDelete] Cannot delete user. User " + alice + " (alice) owns VM(s) [" + mine + "] that are not DONE; delete them first (onevm delete)");
        assertThatThrownBy(() -> b.call("one.user.passwd", alice, "x"))
                .hasMessage("[UserChangePassword] User [" + bob + "] : Not authorized to perform MANAGE USER [" + alice + "].");

        // passwd: the user's own, or by oneadmin; the old password stops working at once.
        b.call("one.user.passwd", bob, "correct-horse");
        assertThatThrownBy(() -> b.call("one.system.version")).hasMessageContaining("User couldn't be authenticated");
        assertThat(as("bob:correct-horse").call("one.system.version")).isEqualTo("4.2.0");

        // Kept across a restart.
        oned.close();
        oned = Oned.start(home.location);
        assertThat(as("bob:correct-horse").call("one.system.version")).isEqualTo("4.2.0");
        assertThat((String) a.call("one.vm.info", mine)).contains("<UNAME>alice</UNAME>");
        assertThat((Integer) admin.call("one.user.allocate", "carol", "pw", "core")).isGreaterThan(bob);

        // delete: refused while she owns a VM, done once it is DONE; her session then fails.
        a.call("one.vm.action", "delete", mine);
        admin.call("one.user.delete", alice);
        assertThatThrownBy(() -> a.call("one.system.version")).hasMessageContaining("User couldn't be authenticated");
        assertThat((String) admin.call("one.userpool.info")).doesNotContain("<NAME>alice</NAME>");
        assertThat((String) admin.call("one.vm.info", mine)).contains("<UNAME>alice</UNAME>", "<STATE>6</STATE>");
    }
}
