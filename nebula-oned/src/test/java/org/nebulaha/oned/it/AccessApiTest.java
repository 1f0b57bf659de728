package org.nebulaha.oned.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.oned.cli.OneClient;
import org.nebulaha.oned.daemon.Oned;

/**
 * Groups, quotas, ACL rules, clusters and VM ownership over XML-RPC against a real oned, with
 * 4.2's document shapes, messages and authorization: what a user of the users group is refused,
 * what an ACL rule or the object's permissions grant, and everything kept across a restart.
 */
class AccessApiTest {
    @TempDir Path tmp;
    OnedHome home;
    Oned oned;
    OneClient admin;

    @BeforeEach
    void start() throws Exception {
        home = new OnedHome(tmp, "");
        oned = Oned.start(home.location);
        admin = home.client();
    }

    @AfterEach
    void stop() {
        if (oned != null) oned.close();
    }

    OneClient as(String session) {
        return new OneClient(URI.create(home.url()), session);
    }

    String s(OneClient c, String method, Object... args) throws OneClient.CallException {
        return (String) c.call(method, args);
    }

    @Test
    void groupsAndQuotasHaveFourTwoShapesAndTheVmQuotaIsEnforced() throws Exception {
        assertThat(s(admin, "one.grouppool.info")).startsWith("<GROUP_POOL><GROUP><ID>0</ID><NAME>oneadmin</NAME><USERS><ID>0</ID></USERS>"
                + "<DATASTORE_QUOTA></DATASTORE_QUOTA><NETWORK_QUOTA></NETWORK_QUOTA><VM_QUOTA></VM_QUOTA><IMAGE_QUOTA></IMAGE_QUOTA></GROUP>"
                + "<GROUP><ID>1</ID><NAME>users</NAME><USERS></USERS>").endsWith("<DEFAULT_GROUP_QUOTAS><DATASTORE_QUOTA></DATASTORE_QUOTA>"
                + "<NETWORK_QUOTA></NETWORK_QUOTA><VM_QUOTA></VM_QUOTA><IMAGE_QUOTA></IMAGE_QUOTA></DEFAULT_GROUP_QUOTAS></GROUP_POOL>");
        int dev = (Integer) admin.call("one.group.allocate", "dev");
        assertThat(dev).isEqualTo(100);
        assertThatThrownBy(() -> admin.call("one.group.allocate", "dev"))
                .hasMessage("[GroupAllocate] Error allocating a new group. NAME is already taken by GROUP 100.");
        assertThatThrownBy(() -> admin.call("one.group.delete", 1))
                .hasMessage("[GroupDelete] Cannot delete group. System Groups (ID < 100) cannot be deleted.");

        int alice = (Integer) admin.call("one.user.allocate", "alice", "pw", "core");
        String doc = s(admin, "one.user.info", alice);
        assertThat(doc).startsWith("<USER><ID>" + alice + "</ID><GID>1</GID><GNAME>users</GNAME><NAME>alice</NAME><PASSWORD>")
                .contains("<ENABLED>1</ENABLED><TEMPLATE></TEMPLATE><DATASTORE_QUOTA></DATASTORE_QUOTA><NETWORK_QUOTA></NETWORK_QUOTA>"
                        + "<VM_QUOTA></VM_QUOTA><IMAGE_QUOTA></IMAGE_QUOTA><DEFAULT_USER_QUOTAS>");
        assertThat(s(admin, "one.userpool.info")).endsWith("</USER><DEFAULT_USER_QUOTAS><DATASTORE_QUOTA></DATASTORE_QUOTA>"
                + "<NETWORK_QUOTA></NETWORK_QUOTA><VM_QUOTA></VM_QUOTA><IMAGE_QUOTA></IMAGE_QUOTA></DEFAULT_USER_QUOTAS></USER_POOL>");

        admin.call("one.user.quota", alice, "VM = [ VMS = 1, MEMORY = 64 ]\nDATASTORE = [ ID = 1, IMAGES = 3 ]");
        OneClient a = as("alice:pw");
        int vm = (Integer) a.call("one.vm.allocate", "NAME = a1 MEMORY = 32 CPU = 0.5", false);
        assertThatThrownBy(() -> a.call("one.vm.allocate", "NAME = a2 MEMORY = 16 CPU = 0.1", false))
                .hasMessage("[VirtualMachineAllocate] User [" + alice + "] : user [" + alice + "] limit of 1 reached for VMS quota in VM.");
        assertThat(s(a, "one.user.info", -1)).contains("<DATASTORE_QUOTA><DATASTORE><ID>1</ID><IMAGES>3</IMAGES><IMAGES_USED>0</IMAGES_USED>"
                + "<SIZE>-1</SIZE><SIZE_USED>0</SIZE_USED></DATASTORE></DATASTORE_QUOTA>", "<VM_QUOTA><VM><CPU>-1</CPU><CPU_USED>0.5</CPU_USED>"
                + "<MEMORY>64</MEMORY><MEMORY_USED>32</MEMORY_USED><VMS>1</VMS><VMS_USED>1</VMS_USED></VM></VM_QUOTA>");
        // chown checks the new owner's quota too.
        int av = (Integer) admin.call("one.vm.allocate", "NAME = av MEMORY = 8 CPU = 0.1", false);
        assertThatThrownBy(() -> admin.call("one.vm.chown", av, alice, -1))
                .hasMessage("[VirtualMachineChown] user [" + alice + "] limit of 1 reached for VMS quota in VM");
        assertThat(s(admin, "one.vm.info", av)).contains("<UID>0</UID>");
        assertThatThrownBy(() -> a.call("one.user.quota", alice, "VM = [ VMS = 9 ]"))
                .hasMessage("[UserSetQuota] User [" + alice + "] : Not authorized to perform ADMIN USER [" + alice + "].");
        assertThatThrownBy(() -> admin.call("one.user.quota", alice, "VM = [ VMS = -5 ]"))
                .hasMessageStartingWith("[UserSetQuota] Negative limits or bad format in quota VM: VMS = '-5'");
        // A group quota counts the VMs of all its members.
        admin.call("one.user.quota", alice, "VM = [ VMS = 0 ]");
        admin.call("one.group.quota", 1, "VM = [ MEMORY = 40 ]");
        assertThatThrownBy(() -> a.call("one.vm.allocate", "NAME = a3 MEMORY = 16 CPU = 0.1", false))
                .hasMessage("[VirtualMachineAllocate] User [" + alice + "] : group [1] limit of 40 reached for MEMORY quota in VM.");
        assertThat(s(admin, "one.group.info", 1)).contains("<USERS><ID>" + alice + "</ID></USERS>", "<MEMORY>40</MEMORY><MEMORY_USED>32</MEMORY_USED>",
                "<DEFAULT_GROUP_QUOTAS>");
        // oneadmin's group is not subject to quotas.
        admin.call("one.vm.allocate", "NAME = big MEMORY = 4096 CPU = 4", false);

        // chgrp: the user, its new VMs and the groups' member lists follow.
        admin.call("one.user.chgrp", alice, dev);
        assertThat(s(admin, "one.user.info", alice)).contains("<GID>100</GID><GNAME>dev</GNAME>");
        assertThat(s(admin, "one.group.info", dev)).contains("<USERS><ID>" + alice + "</ID></USERS>");
        assertThatThrownBy(() -> admin.call("one.group.delete", dev))
                .hasMessageStartingWith("[GroupDelete] Cannot delete group. Group 100 is not empty");
        assertThatThrownBy(() -> admin.call("one.user.chgrp", 0, dev))
                .hasMessage("[UserChown] USER [0] oneadmin cannot be moved outside of the GROUP [0] oneadmin");
        assertThatThrownBy(() -> admin.call("one.user.chgrp", alice, 555)).hasMessage("[UserChown] Error getting group [555].");
        // A user may read their own group, not another.
        assertThat(s(a, "one.group.info", -1)).contains("<NAME>dev</NAME>");
        assertThatThrownBy(() -> a.call("one.group.info", 0))
                .hasMessage("[GroupInfo] User [" + alice + "] : Not authorized to perform USE GROUP [0].");
        assertThat(s(a, "one.grouppool.info")).contains("<NAME>dev</NAME>").doesNotContain("<NAME>users</NAME>");

        admin.call("one.user.update", alice, "EMAIL = \"alice@example.org\"");
        admin.call("one.user.chauth", alice, "core", "newpw");
        assertThat(s(as("alice:newpw"), "one.user.info", -1)).contains("<EMAIL><![CDATA[alice@example.org]]></EMAIL>");
        assertThatThrownBy(() -> admin.call("one.user.chauth", alice, "ldap", "")).hasMessageContaining("Driver 'ldap' is not available here");

        // Everything is in the database.
        oned.close();
        oned = Oned.start(home.location);
        assertThat(s(admin, "one.user.info", alice)).contains("<GNAME>dev</GNAME>", "<VMS>0</VMS>", "<EMAIL>");
        assertThat(s(admin, "one.group.info", 1)).contains("<MEMORY>40</MEMORY>");
        assertThat(s(admin, "one.vm.info", vm)).contains("<GID>1</GID>", "<GNAME>users</GNAME>");
        assertThat((Integer) admin.call("one.group.allocate", "ops")).isEqualTo(101);
    }

    @Test
    void aclRulesUseFourTwoEncodingAndGrantWhatTheySay() throws Exception {
        String acls = s(admin, "one.acl.info");
        assertThat(acls).isEqualTo("<ACL_POOL>"
                + "<ACL><ID>0</ID><USER>200000001</USER><RESOURCE>2d400000000</RESOURCE><RIGHTS>8</RIGHTS><STRING>@1 VM+NET+IMAGE+TEMPLATE/* CREATE</STRING></ACL>"
                + "<ACL><ID>1</ID><USER>200000001</USER><RESOURCE>2400000000</RESOURCE><RIGHTS>2</RIGHTS><STRING>@1 HOST/* MANAGE</STRING></ACL>"
                + "<ACL><ID>2</ID><USER>400000000</USER><RESOURCE>400400000000</RESOURCE><RIGHTS>8</RIGHTS><STRING>* DOCUMENT/* CREATE</STRING></ACL>"
                + "</ACL_POOL>");
        int dev = (Integer) admin.call("one.group.allocate", "dev");
        int bob = (Integer) admin.call("one.user.allocate", "bob", "pw", "core");
        admin.call("one.user.chgrp", bob, dev);
        OneClient b = as("bob:pw");
        // The default rules let the users group create VMs; dev has no such rule.
        assertThatThrownBy(() -> b.call("one.vm.allocate", "MEMORY = 16 CPU = 0.1", false))
                .hasMessage("[VirtualMachineAllocate] User [" + bob + "] : Not authorized to perform CREATE VM.");
        assertThatThrownBy(() -> b.call("one.acl.info")).hasMessage("[AclInfo] User [" + bob + "] : Not authorized to perform MANAGE ACL.");
        assertThatThrownBy(() -> b.call("one.acl.addrule", "200000064", "1400000000", "8"))
                .hasMessage("[AclAddRule] User [" + bob + "] : Not authorized to perform MANAGE ACL.");
        int rule = (Integer) admin.call("one.acl.addrule", "200000064", "1400000000", "8");
        assertThat(rule).isEqualTo(3);
        assertThat(s(admin, "one.acl.info")).contains("<ACL><ID>3</ID><USER>200000064</USER><RESOURCE>1400000000</RESOURCE>"
                + "<RIGHTS>8</RIGHTS><STRING>@100 VM/* CREATE</STRING></ACL>");
        int vm = (Integer) b.call("one.vm.allocate", "NAME = bobs MEMORY = 16 CPU = 0.1", false);
        assertThat(s(b, "one.vm.info", vm)).contains("<UID>" + bob + "</UID><GID>100</GID><UNAME>bob</UNAME><GNAME>dev</GNAME>");
        assertThatThrownBy(() -> admin.call("one.acl.addrule", "200000064", "1400000000", "8"))
                .hasMessage("[AclAddRule] Rule @100 VM/* CREATE already exists");
        assertThatThrownBy(() -> admin.call("one.acl.addrule", "300000001", "1400000000", "0"))
                .hasMessageStartingWith("[AclAddRule] Rule @1 VM/* ").hasMessageContaining("is malformed: [user] INDIVIDUAL (#), GROUP (@) and ALL (*) bits are exclusive")
                .hasMessageContaining("wrong [rights], it cannot be 0");
        assertThatThrownBy(() -> admin.call("one.acl.addrule", "zz", "1", "1")).hasMessageContaining("Wrong [user] 'zz'");

        // Hosts: CREATE is oneadmin's; an ACL on a cluster (%) grants ADMIN on its hosts.
        int h = (Integer) admin.call("one.host.allocate", "h1", "dummy", "dummy", "dummy", -1);
        assertThatThrownBy(() -> b.call("one.host.enable", h, false))
                .hasMessage("[HostEnable] User [" + bob + "] : Not authorized to perform ADMIN HOST [" + h + "].");
        int cl = (Integer) admin.call("one.cluster.allocate", "rack1");
        admin.call("one.cluster.addhost", cl, h);
        admin.call("one.acl.addrule", "200000064", "2800000064", "4"); // @100 HOST/%100 ADMIN
        b.call("one.host.enable", h, false);
        assertThat(s(admin, "one.host.info", h)).contains("<STATE>4</STATE>");

        // Object permissions: a VM of the users group shared with its group by chmod.
        int carol = (Integer) admin.call("one.user.allocate", "carol", "pw", "core");
        int dave = (Integer) admin.call("one.user.allocate", "dave", "pw", "core");
        OneClient c = as("carol:pw"), d = as("dave:pw");
        int cv = (Integer) c.call("one.vm.allocate", "NAME = carols MEMORY = 16 CPU = 0.1", false);
        assertThatThrownBy(() -> d.call("one.vm.info", cv))
                .hasMessage("[VirtualMachineInfo] User [" + dave + "] : Not authorized to perform USE VM [" + cv + "].");
        assertThat(s(d, "one.vmpool.info", -2, -1, -1, -1)).doesNotContain("carols");
        c.call("one.vm.chmod", cv, -1, -1, -1, 1, -1, -1, -1, -1, -1); // GROUP_U
        assertThat(s(d, "one.vm.info", cv)).contains("<PERMISSIONS><OWNER_U>1</OWNER_U><OWNER_M>1</OWNER_M><OWNER_A>0</OWNER_A>"
                + "<GROUP_U>1</GROUP_U><GROUP_M>0</GROUP_M>");
        assertThat(s(d, "one.vmpool.info", -2, -1, -1, -1)).contains("carols");
        assertThat(s(d, "one.vmpool.info", -1, -1, -1, -1)).contains("carols");
        assertThat(s(b, "one.vmpool.info", -2, -1, -1, -1)).doesNotContain("carols");
        assertThatThrownBy(() -> d.call("one.vm.action", "hold", cv))
                .hasMessage("[VirtualMachineAction] User [" + dave + "] : Not authorized to perform MANAGE VM [" + cv + "].");
        assertThatThrownBy(() -> c.call("one.vm.chmod", cv, -1, -1, 1, -1, -1, -1, -1, -1, -1))
                .hasMessage("[VirtualMachineChmod] User [" + carol + "] : Not authorized to perform ADMIN VM [" + cv + "].");
        c.call("one.vm.rename", cv, "renamed");
        assertThat(s(c, "one.vm.info", cv)).contains("<NAME>renamed</NAME>");
        assertThatThrownBy(() -> d.call("one.vm.rename", cv, "mine"))
                .hasMessage("[VirtualMachineRename] User [" + dave + "] : Not authorized to perform MANAGE VM [" + cv + "].");
        // chown to another user needs MANAGE on that user: carol cannot give her VM to dave, oneadmin can.
        assertThatThrownBy(() -> c.call("one.vm.chown", cv, dave, -1))
                .hasMessage("[VirtualMachineChown] User [" + carol + "] : Not authorized to perform MANAGE USER [" + dave + "].");
        admin.call("one.vm.chown", cv, dave, dev);
        assertThat(s(d, "one.vm.info", cv)).contains("<UID>" + dave + "</UID><GID>100</GID><UNAME>dave</UNAME><GNAME>dev</GNAME>");
        d.call("one.vm.action", "hold", cv);

        // A member of the oneadmin group may do what oneadmin does.
        admin.call("one.user.chgrp", carol, 0);
        assertThat(s(c, "one.acl.info")).contains("@100 VM/* CREATE");
        c.call("one.acl.delrule", rule);
        assertThatThrownBy(() -> b.call("one.vm.allocate", "MEMORY = 16 CPU = 0.1", false)).hasMessageContaining("Not authorized to perform CREATE VM.");
        assertThatThrownBy(() -> admin.call("one.acl.delrule", rule)).hasMessage("[AclDelRule] Rule " + rule + " does not exist");

        oned.close();
        oned = Oned.start(home.location);
        assertThat(s(admin, "one.acl.info")).doesNotContain("<ID>3</ID>").contains("@100 HOST/%100 ADMIN");
        assertThat(s(d, "one.vm.info", cv)).contains("<NAME>renamed</NAME>", "<GROUP_U>1</GROUP_U>");
    }

    @Test
    void clustersHoldHostsDatastoresAndVnets() throws Exception {
        int h1 = (Integer) admin.call("one.host.allocate", "h1", "dummy", "dummy", "dummy", -1);
        int h2 = (Integer) admin.call("one.host.allocate", "h2", "dummy", "dummy", "dummy", -1);
        int c1 = (Integer) admin.call("one.cluster.allocate", "rack1");
        int c2 = (Integer) admin.call("one.cluster.allocate", "rack2");
        assertThat(c1).isEqualTo(100);
        assertThatThrownBy(() -> admin.call("one.cluster.allocate", "rack1"))
                .hasMessage("[ClusterAllocate] Error allocating a new cluster. NAME is already taken by CLUSTER 100.");
        assertThat(s(admin, "one.host.info", h1)).contains("<CLUSTER_ID>-1</CLUSTER_ID><CLUSTER></CLUSTER>");
        admin.call("one.cluster.addhost", c1, h1);
        admin.call("one.cluster.addhost", c1, h2);
        admin.call("one.cluster.adddatastore", c1, 1);
        admin.call("one.cluster.addvnet", c1, 7);
        assertThat(s(admin, "one.host.info", h1)).contains("<CLUSTER_ID>100</CLUSTER_ID><CLUSTER>rack1</CLUSTER>");
        assertThat(s(admin, "one.cluster.info", c1)).isEqualTo("<CLUSTER><ID>100</ID><NAME>rack1</NAME><SYSTEM_DS>-1</SYSTEM_DS>"
                + "<HOSTS><ID>" + h1 + "</ID><ID>" + h2 + "</ID></HOSTS><DATASTORES><ID>1</ID></DATASTORES><VNETS><ID>7</ID></VNETS><TEMPLATE/></CLUSTER>");
        // A host is in one cluster: adding it to another moves it.
        admin.call("one.cluster.addhost", c2, h2);
        assertThat(s(admin, "one.hostpool.info")).contains("<NAME>h2</NAME><STATE>0</STATE>").contains("<CLUSTER_ID>101</CLUSTER_ID><CLUSTER>rack2</CLUSTER>");
        assertThat(s(admin, "one.cluster.info", c1)).contains("<HOSTS><ID>" + h1 + "</ID></HOSTS>");
        assertThatThrownBy(() -> admin.call("one.cluster.adddatastore", c2, 1)).hasMessageContaining("datastore 1 is in cluster 100");
        assertThatThrownBy(() -> admin.call("one.cluster.delete", c1)).hasMessageStartingWith("[ClusterDelete] Cannot delete cluster. Cluster 100 is not empty");
        assertThatThrownBy(() -> admin.call("one.cluster.addhost", c1, 99)).hasMessage("[ClusterAddHost] Error getting host [99].");
        assertThatThrownBy(() -> admin.call("one.cluster.info", 5)).hasMessage("[ClusterInfo] Error getting cluster [5].");

        int eve = (Integer) admin.call("one.user.allocate", "eve", "pw", "core");
        OneClient e = as("eve:pw");
        assertThatThrownBy(() -> e.call("one.cluster.allocate", "mine")).hasMessage("[ClusterAllocate] User [" + eve + "] : Not authorized to perform CREATE CLUSTER.");
        assertThatThrownBy(() -> e.call("one.cluster.addhost", c1, h2))
                .hasMessage("[ClusterAddHost] User [" + eve + "] : Not authorized to perform ADMIN CLUSTER [100]; Not authorized to perform ADMIN HOST [" + h2 + "].");
        assertThat(s(e, "one.clusterpool.info")).isEqualTo("<CLUSTER_POOL></CLUSTER_POOL>");

        oned.close();
        oned = Oned.start(home.location);
        assertThat(s(admin, "one.host.info", h1)).contains("<CLUSTER_ID>100</CLUSTER_ID><CLUSTER>rack1</CLUSTER>");
        admin.call("one.cluster.delhost", c1, h1);
        admin.call("one.cluster.deldatastore", c1, 1);
        admin.call("one.cluster.delvnet", c1, 7);
        admin.call("one.cluster.delete", c1);
        assertThat(s(admin, "one.host.info", h1)).contains("<CLUSTER_ID>-1</CLUSTER_ID><CLUSTER></CLUSTER>");
        assertThat(s(admin, "one.clusterpool.info")).doesNotContain("rack1").contains("rack2");
    }
}
