package org.nebulaha.oned.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nebulaha.oned.cli.OneClient;
import org.nebulaha.oned.daemon.Oned;
import org.nebulaha.testkit.Poll;

/**
 * Templates, images, datastores and virtual networks over XML-RPC against a real oned: the 4.2
 * documents, the default datastores, the dummy and fs datastore drivers, template instantiation,
 * pool filters, authorization, and what a VM holds (image USED, lease with its VID) across its life
 * and across a restart.
 */
class CatalogApiTest {
    @TempDir Path tmp;
    OnedHome home;
    Oned oned;
    OneClient admin;

    @BeforeEach
    void start() throws Exception {
        home = new OnedHome(tmp.resolve("one"), "");
        oned = Oned.start(home.location);
        admin = home.client();
    }

    @AfterEach
    void stop() {
        if (oned != null) oned.close();
    }

    String s(Object o) {
        return (String) o;
    }

    int id(Object o) {
        return (Integer) o;
    }

    @Test
    void defaultDatastoresAndDatastoreMethods() throws Exception {
        String pool = s(admin.call("one.datastorepool.info"));
        assertThat(pool).startsWith("<DATASTORE_POOL><DATASTORE><ID>0</ID><UID>0</UID><GID>0</GID><UNAME>oneadmin</UNAME><GNAME>oneadmin</GNAME><NAME>system</NAME>"
                + "<PERMISSIONS><OWNER_U>1</OWNER_U><OWNER_M>1</OWNER_M><OWNER_A>0</OWNER_A><GROUP_U>1</GROUP_U><GROUP_M>0</GROUP_M><GROUP_A>0</GROUP_A>"
                + "<OTHER_U>0</OTHER_U><OTHER_M>0</OTHER_M><OTHER_A>0</OTHER_A></PERMISSIONS><DS_MAD></DS_MAD><TM_MAD>dummy</TM_MAD>");
        assertThat(pool).contains("<NAME>default</NAME>", "<DS_MAD>fs</DS_MAD>", "<NAME>files</NAME>", "<TYPE>2</TYPE>",
                "<BASE_PATH>" + home.location.var().resolve("datastores").resolve("1") + "</BASE_PATH>", "<CLUSTER_ID>-1</CLUSTER_ID>", "<IMAGES></IMAGES>");
        int ds = id(admin.call("one.datastore.allocate", "NAME = quick\nDS_MAD = dummy\nTM_MAD = dummy", -1));
        assertThat(ds).isEqualTo(3);
        assertThat(s(admin.call("one.datastore.info", ds))).contains("<NAME>quick</NAME>", "<DS_MAD>dummy</DS_MAD>", "<TYPE>0</TYPE>",
                "<TEMPLATE><DS_MAD><![CDATA[dummy]]></DS_MAD><TM_MAD><![CDATA[dummy]]></TM_MAD></TEMPLATE>");
        admin.call("one.datastore.update", ds, "DS_MAD = dummy\nTM_MAD = dummy\nNOTE = fast");
        assertThat(s(admin.call("one.datastore.info", ds))).contains("<NOTE><![CDATA[fast]]></NOTE>");
        assertThatThrownBy(() -> admin.call("one.datastore.allocate", "NAME = x\nDS_MAD = ceph\nTM_MAD = ceph", -1))
                .hasMessageContaining("[DatastoreAllocate] DS_MAD \"ceph\" is not available");
        assertThatThrownBy(() -> admin.call("one.datastore.allocate", "NAME = quick\nDS_MAD = fs\nTM_MAD = dummy", -1))
                .hasMessage("[DatastoreAllocate] NAME is already taken by DATASTORE 3.");
        admin.call("one.user.allocate", "carol", "pw", "core");
        OneClient carol = new OneClient(URI.create(home.url()), "carol:pw");
        assertThatThrownBy(() -> carol.call("one.datastore.allocate", "NAME = mine\nDS_MAD = fs\nTM_MAD = dummy", -1))
                .hasMessage("[DatastoreAllocate] User [1] : Not authorized to perform CREATE DATASTORE.");
        assertThat(s(carol.call("one.datastorepool.info"))).contains("<NAME>default</NAME>", "<NAME>files</NAME>").doesNotContain("<NAME>quick</NAME>");
        admin.call("one.datastore.delete", ds);
        assertThatThrownBy(() -> admin.call("one.datastore.info", ds)).hasMessage("[DatastoreInfo] Error getting datastore [3].");
    }

    @Test
    void templatesAllocateShowUpdateCloneInstantiateAndFilter() throws Exception {
        int t = id(admin.call("one.template.allocate", "NAME = web\nMEMORY = 64\nCPU = 0.5\nDESCRIPTION = \"a web server\""));
        String doc = s(admin.call("one.template.info", t));
        assertThat(doc).matches("<VMTEMPLATE><ID>0</ID><UID>0</UID><GID>0</GID><UNAME>oneadmin</UNAME><GNAME>oneadmin</GNAME><NAME>web</NAME>"
                + "<PERMISSIONS><OWNER_U>1</OWNER_U><OWNER_M>1</OWNER_M><OWNER_A>0</OWNER_A><GROUP_U>0</GROUP_U><GROUP_M>0</GROUP_M><GROUP_A>0</GROUP_A>"
                + "<OTHER_U>0</OTHER_U><OTHER_M>0</OTHER_M><OTHER_A>0</OTHER_A></PERMISSIONS><REGTIME>\\d+</REGTIME><TEMPLATE>"
                + "<MEMORY><!\\[CDATA\\[64]]></MEMORY><CPU><!\\[CDATA\\[0.5]]></CPU><DESCRIPTION><!\\[CDATA\\[a web server]]></DESCRIPTION></TEMPLATE></VMTEMPLATE>");
        assertThatThrownBy(() -> admin.call("one.template.allocate", "NAME = web\nMEMORY = 1\nCPU = 1"))
                .hasMessage("[TemplateAllocate] NAME is already taken by TEMPLATE 0.");
        assertThatThrownBy(() -> admin.call("one.template.allocate", "NAME = [")).hasMessageStartingWith("[TemplateAllocate] Parse error: line 1");
        admin.call("one.template.update", t, "MEMORY = 128\nCPU = 1");
        assertThat(s(admin.call("one.template.info", t))).contains("<MEMORY><![CDATA[128]]></MEMORY>").doesNotContain("DESCRIPTION");
        int copy = id(admin.call("one.template.clone", t, "web-copy"));
        admin.call("one.template.rename", copy, "web2");
        assertThat(s(admin.call("one.templatepool.info", -2, -1, -1))).contains("<NAME>web</NAME>", "<NAME>web2</NAME>");
        assertThat(s(admin.call("one.templatepool.info", -2, copy, copy))).doesNotContain("<NAME>web</NAME>").contains("<NAME>web2</NAME>");

        int vm = id(admin.call("one.template.instantiate", t, "from-web", false, ""));
        String v = s(admin.call("one.vm.info", vm));
        assertThat(v).contains("<NAME>from-web</NAME>", "<STATE>1</STATE>", "<MEMORY>128</MEMORY>", "<TEMPLATE_NAME><![CDATA[web]]></TEMPLATE_NAME>",
                "<TEMPLATE_ID><![CDATA[0]]></TEMPLATE_ID>");
        int held = id(admin.call("one.template.instantiate", t, "", true));
        assertThat(s(admin.call("one.vm.info", held))).contains("<NAME>one-" + held + "</NAME>", "<STATE>2</STATE>");

        // Another user: sees only what the permissions give, and instantiates what it may USE.
        admin.call("one.user.allocate", "dave", "pw", "core");
        OneClient dave = new OneClient(URI.create(home.url()), "dave:pw");
        assertThat(s(dave.call("one.templatepool.info", -2, -1, -1))).isEqualTo("<VMTEMPLATE_POOL></VMTEMPLATE_POOL>");
        assertThatThrownBy(() -> dave.call("one.template.instantiate", t, "no", false))
                .hasMessage("[TemplateInstantiate] User [1] : Not authorized to perform USE TEMPLATE [0].");
        admin.call("one.template.chmod", t, -1, -1, -1, -1, -1, -1, 1, -1, -1);
        assertThat(s(dave.call("one.templatepool.info", -2, -1, -1))).contains("<NAME>web</NAME>").doesNotContain("web2");
        assertThat(s(dave.call("one.templatepool.info", -3, -1, -1))).isEqualTo("<VMTEMPLATE_POOL></VMTEMPLATE_POOL>");
        int daves = id(dave.call("one.template.instantiate", t, "daves-vm", false));
        assertThat(s(dave.call("one.vm.info", daves))).contains("<UNAME>dave</UNAME>", "<NAME>daves-vm</NAME>");
        assertThatThrownBy(() -> dave.call("one.template.delete", t))
                .hasMessage("[TemplateDelete] User [1] : Not authorized to perform MANAGE TEMPLATE [0].");
        int own = id(dave.call("one.template.allocate", "NAME = web\nMEMORY = 8\nCPU = 0.1")); // names are per owner
        assertThat(s(dave.call("one.template.info", own))).contains("<UID>1</UID><GID>1</GID><UNAME>dave</UNAME><GNAME>users</GNAME>");
        assertThat(s(admin.call("one.templatepool.info", 1, -1, -1))).contains("<UNAME>dave</UNAME>").doesNotContain("<UNAME>oneadmin</UNAME>");
        admin.call("one.template.chown", copy, 1, -1);
        assertThat(s(dave.call("one.template.info", copy))).contains("<UNAME>dave</UNAME>", "<GNAME>users</GNAME>");
        assertThatThrownBy(() -> admin.call("one.templatepool.info", -4, -1, -1)).hasMessageStartingWith("[TemplatePoolInfo] Incorrect filter_flag -4");

        admin.call("one.template.delete", t);
        assertThatThrownBy(() -> admin.call("one.template.info", t)).hasMessage("[TemplateInfo] Error getting template [0].");
        // Kept across a restart.
        oned.close();
        oned = Oned.start(home.location);
        assertThat(s(admin.call("one.templatepool.info", -2, -1, -1))).contains("<NAME>web2</NAME>").doesNotContain("<ID>0</ID>");
    }

    @Test
    void imagesWithTheDummyAndFsDriversAndTheirStates() throws Exception {
        int quick = id(admin.call("one.datastore.allocate", "NAME = quick\nDS_MAD = dummy\nTM_MAD = dummy", -1));
        int dummy = id(admin.call("one.image.allocate", "NAME = base\nPATH = /nowhere/base.img\nTYPE = OS", quick));
        assertThat(s(admin.call("one.image.info", dummy))).contains("<NAME>base</NAME>", "<TYPE>0</TYPE>", "<PERSISTENT>0</PERSISTENT>",
                "<PATH>/nowhere/base.img</PATH>", "<STATE>1</STATE>", "<RUNNING_VMS>0</RUNNING_VMS>", "<DATASTORE_ID>" + quick + "</DATASTORE_ID>",
                "<DATASTORE>quick</DATASTORE>", "<VMS></VMS>", "<DEV_PREFIX><![CDATA[hd]]></DEV_PREFIX>");

        Path file = tmp.resolve("disk.img");
        Files.write(file, new byte[3 * 1024 * 1024 + 1]);
        int fs = id(admin.call("one.image.allocate", "NAME = disk\nPATH = " + file + "\nPERSISTENT = yes", 1));
        Poll.until(Duration.ofSeconds(20), () -> info(fs).contains("<STATE>1</STATE>"), () -> info(fs));
        String doc = info(fs);
        assertThat(doc).contains("<PERSISTENT>1</PERSISTENT>", "<SIZE>4</SIZE>", "<SOURCE>" + home.location.var().resolve("datastores").resolve("1"));
        String source = doc.replaceAll("(?s).*<SOURCE>([^<]*)</SOURCE>.*", "$1");
        assertThat(Files.size(Path.of(source))).isEqualTo(3 * 1024 * 1024 + 1);
        assertThat(s(admin.call("one.datastore.info", 1))).contains("<IMAGES><ID>" + fs + "</ID></IMAGES>");
        assertThatThrownBy(() -> admin.call("one.image.allocate", "NAME = gone\nPATH = /no/such/file", 1))
                .hasMessage("[ImageAllocate] PATH /no/such/file is not a file oned can read on this front-end.");
        assertThatThrownBy(() -> admin.call("one.image.allocate", "NAME = nopath", 1)).hasMessage("[ImageAllocate] No PATH in template.");
        assertThatThrownBy(() -> admin.call("one.image.allocate", "NAME = k\nPATH = /x\nTYPE = KERNEL", quick))
                .hasMessageContaining("KERNEL, RAMDISK and CONTEXT files go in a FILE_DS datastore");
        assertThatThrownBy(() -> admin.call("one.image.allocate", "NAME = disk\nPATH = " + file, 1))
                .hasMessage("[ImageAllocate] NAME is already taken by IMAGE " + fs + ".");
        int blank = id(admin.call("one.image.allocate", "NAME = data\nTYPE = DATABLOCK\nSIZE = 2\nFSTYPE = ext3", 1));
        Poll.until(Duration.ofSeconds(20), () -> info(blank).contains("<STATE>1</STATE>"), () -> info(blank));
        assertThat(info(blank)).contains("<TYPE>2</TYPE>", "<SIZE>2</SIZE>", "<FSTYPE>ext3</FSTYPE>");

        admin.call("one.image.enable", dummy, false);
        assertThat(info(dummy)).contains("<STATE>3</STATE>");
        admin.call("one.image.enable", dummy, true);
        admin.call("one.image.chtype", dummy, "CDROM");
        assertThat(info(dummy)).contains("<TYPE>1</TYPE>", "<DISK_TYPE>1</DISK_TYPE>");
        assertThatThrownBy(() -> admin.call("one.image.chtype", dummy, "KERNEL"))
                .hasMessage("[ImageChangeType] Cannot change image type to an incompatible type for the current datastore.");
        admin.call("one.image.persistent", fs, false);
        admin.call("one.image.chmod", fs, -1, -1, -1, 1, -1, -1, -1, -1, -1);
        assertThatThrownBy(() -> admin.call("one.image.persistent", fs, true)).hasMessage("[ImagePersistent] Image cannot be public and persistent.");
        int clone = id(admin.call("one.image.clone", fs, "disk-copy"));
        Poll.until(Duration.ofSeconds(20), () -> info(clone).contains("<STATE>1</STATE>"), () -> info(clone));
        assertThat(info(clone)).contains("<SIZE>4</SIZE>").doesNotContain("<SOURCE>" + source + "</SOURCE>");
        assertThat(s(admin.call("one.imagepool.info", -2, -1, -1))).startsWith("<IMAGE_POOL><IMAGE>").contains("<NAME>disk-copy</NAME>", "<NAME>data</NAME>");

        admin.call("one.image.delete", fs);
        assertThat(Files.exists(Path.of(source))).isFalse();
        assertThatThrownBy(() -> admin.call("one.image.info", fs)).hasMessage("[ImageInfo] Error getting image [" + fs + "].");
    }

    @Test
    void aVmHoldsItsImageAndLeaseUntilItIsDone() throws Exception {
        int h = id(admin.call("one.host.allocate", "cat-h1", "dummy", "dummy", "dummy", -1));
        int quick = id(admin.call("one.datastore.allocate", "NAME = quick\nDS_MAD = dummy\nTM_MAD = dummy", -1));
        int img = id(admin.call("one.image.allocate", "NAME = base\nPATH = /img/base", quick));
        int net = id(admin.call("one.vn.allocate", "NAME = lan\nTYPE = RANGED\nBRIDGE = br0\nNETWORK_ADDRESS = 10.0.0.0/29", -1));
        assertThat(s(admin.call("one.vn.info", net))).contains("<TYPE>0</TYPE><BRIDGE>br0</BRIDGE><VLAN>0</VLAN>",
                "<RANGE><IP_START>10.0.0.1</IP_START><IP_END>10.0.0.6</IP_END></RANGE><TOTAL_LEASES>0</TOTAL_LEASES>",
                "<NETWORK_MASK><![CDATA[255.255.255.248]]></NETWORK_MASK>", "<LEASES></LEASES>");

        int t = id(admin.call("one.template.allocate", "NAME = app\nMEMORY = 32\nCPU = 0.1\nDISK = [ IMAGE_ID = " + img + " ]\nNIC = [ NETWORK = lan ]"));
        int vm = id(admin.call("one.template.instantiate", t, "app-1", false));
        String v = s(admin.call("one.vm.info", vm));
        assertThat(v).contains("<NETWORK><![CDATA[lan]]></NETWORK>", "<NETWORK_ID><![CDATA[" + net + "]]></NETWORK_ID>", "<BRIDGE><![CDATA[br0]]></BRIDGE>",
                "<MAC><![CDATA[02:00:0a:00:00:01]]></MAC>", "<IP><![CDATA[10.0.0.1]]></IP>", "<IP6_LINK><![CDATA[fe80::aff:fe00:1]]></IP6_LINK>",
                "<IMAGE><![CDATA[base]]></IMAGE>", "<IMAGE_ID><![CDATA[" + img + "]]></IMAGE_ID>", "<SOURCE><![CDATA[]]></SOURCE>", "<DISK_ID><![CDATA[0]]></DISK_ID>");
        assertThat(s(admin.call("one.vn.info", net))).contains("<TOTAL_LEASES>1</TOTAL_LEASES>",
                "<LEASE><MAC>02:00:0a:00:00:01</MAC><IP>10.0.0.1</IP><IP6_LINK>fe80::aff:fe00:1</IP6_LINK><USED>1</USED><VID>" + vm + "</VID></LEASE>");
        assertThat(info(img)).contains("<STATE>2</STATE>", "<RUNNING_VMS>1</RUNNING_VMS>", "<VMS><ID>" + vm + "</ID></VMS>");
        assertThatThrownBy(() -> admin.call("one.image.delete", img)).hasMessage("[ImageDelete] There are 1 VMs using it.");
        assertThatThrownBy(() -> admin.call("one.vn.delete", net)).hasMessageContaining("1 lease(s) are used by VMs");
        int second = id(admin.call("one.vm.allocate", "MEMORY = 8\nCPU = 0.1\nNIC = [ NETWORK_ID = " + net + " ]\nNIC = [ NETWORK_ID = " + net + ", IP = 10.0.0.5 ]", false));
        assertThat(s(admin.call("one.vm.info", second))).contains("<IP><![CDATA[10.0.0.2]]></IP>", "<IP><![CDATA[10.0.0.5]]></IP>");
        // A VM that cannot have everything gets nothing: the lease it would have taken stays free.
        assertThatThrownBy(() -> admin.call("one.vm.allocate", "MEMORY = 8\nCPU = 0.1\nNIC = [ NETWORK_ID = " + net + " ]\nDISK = [ IMAGE_ID = 99 ]", false))
                .hasMessage("[VirtualMachineAllocate] Error getting image [99].");
        assertThat(s(admin.call("one.vn.info", net))).contains("<TOTAL_LEASES>3</TOTAL_LEASES>").doesNotContain("<IP>10.0.0.3</IP>");

        // Kept across a restart, then given back when the VM is done.
        oned.close();
        oned = Oned.start(home.location);
        admin.call("one.vm.deploy", vm, h, false);
        Poll.until(Duration.ofSeconds(20), () -> vmInfo(vm).contains("<LCM_STATE>3</LCM_STATE>"), () -> vmInfo(vm));
        admin.call("one.vm.action", "shutdown", vm);
        Poll.until(Duration.ofSeconds(20), () -> vmInfo(vm).contains("<STATE>6</STATE>"), () -> vmInfo(vm));
        assertThat(info(img)).contains("<STATE>1</STATE>", "<RUNNING_VMS>0</RUNNING_VMS>", "<VMS></VMS>");
        assertThat(s(admin.call("one.vn.info", net))).contains("<TOTAL_LEASES>2</TOTAL_LEASES>").doesNotContain("<IP>10.0.0.1</IP>");
        admin.call("one.vm.action", "delete", second);
        assertThat(s(admin.call("one.vn.info", net))).contains("<TOTAL_LEASES>0</TOTAL_LEASES>", "<LEASES></LEASES>");
        admin.call("one.image.delete", img);
        admin.call("one.vn.delete", net);
    }

    @Test
    void fixedNetworksAndLeaseRequests() throws Exception {
        int net = id(admin.call("one.vn.allocate", "NAME = fixed\nTYPE = FIXED\nBRIDGE = br1\nLEASES = [ IP = 192.168.1.10 ]\n"
                + "LEASES = [ IP = 192.168.1.11, MAC = 02:aa:bb:cc:dd:ee ]"));
        assertThat(s(admin.call("one.vn.info", net))).contains("<TYPE>1</TYPE>", "<TOTAL_LEASES>0</TOTAL_LEASES>",
                "<LEASE><MAC>02:00:c0:a8:01:0a</MAC><IP>192.168.1.10</IP><IP6_LINK>fe80::c0ff:fea8:10a</IP6_LINK><USED>0</USED><VID>-1</VID></LEASE>",
                "<MAC>02:aa:bb:cc:dd:ee</MAC><IP>192.168.1.11</IP>").doesNotContain("<RANGE>");
        assertThat(s(admin.call("one.vnpool.info", -2, -1, -1))).contains("<NAME>fixed</NAME>").doesNotContain("<LEASES>");
        admin.call("one.vn.hold", net, "LEASES = [ IP = 192.168.1.10 ]");
        assertThat(s(admin.call("one.vn.info", net))).contains("<IP>192.168.1.10</IP><IP6_LINK>fe80::c0ff:fea8:10a</IP6_LINK><USED>1</USED><VID>-1</VID>");
        assertThatThrownBy(() -> admin.call("one.vn.hold", net, "LEASES = [ IP = 192.168.1.10 ]")).hasMessage("[VirtualNetworkHold] Lease is in use.");
        int vm = id(admin.call("one.vm.allocate", "MEMORY = 8\nCPU = 0.1\nNIC = [ NETWORK_ID = " + net + " ]", false));
        assertThat(s(admin.call("one.vm.info", vm))).contains("<MAC><![CDATA[02:aa:bb:cc:dd:ee]]></MAC>", "<IP><![CDATA[192.168.1.11]]></IP>");
        assertThatThrownBy(() -> admin.call("one.vm.allocate", "MEMORY = 8\nCPU = 0.1\nNIC = [ NETWORK_ID = " + net + " ]", false))
                .hasMessage("[VirtualMachineAllocate] Virtual network " + net + " (fixed) has no free leases.");
        admin.call("one.vn.addleases", net, "LEASES = [ IP = 192.168.1.12 ]");
        assertThatThrownBy(() -> admin.call("one.vn.rmleases", net, "LEASES = [ IP = 192.168.1.11 ]"))
                .hasMessage("[VirtualNetworkRemoveLeases] Error deleting lease, IP 192.168.1.11 is currently in use");
        admin.call("one.vn.rmleases", net, "LEASES = [ IP = 192.168.1.12 ]");
        assertThatThrownBy(() -> admin.call("one.vn.release", net, "LEASES = [ IP = 192.168.1.11 ]"))
                .hasMessage("[VirtualNetworkRelease] Lease is not on hold.");
        admin.call("one.vn.release", net, "LEASES = [ IP = 192.168.1.10 ]");
        assertThat(s(admin.call("one.vn.info", net))).contains("<TOTAL_LEASES>1</TOTAL_LEASES>");
        int ranged = id(admin.call("one.vn.allocate", "NAME = r\nTYPE = RANGED\nBRIDGE = br2\nIP_START = 10.1.0.5\nIP_END = 10.1.0.6"));
        assertThatThrownBy(() -> admin.call("one.vn.addleases", ranged, "LEASES = [ IP = 10.1.0.9 ]"))
                .hasMessage("[VirtualNetworkAddLeases] Adding new leases is only supported for FIXED networks.");
        assertThatThrownBy(() -> admin.call("one.vn.allocate", "NAME = nobridge\nTYPE = RANGED\nNETWORK_ADDRESS = 10.2.0.0"))
                .hasMessage("[VirtualNetworkAllocate] No BRIDGE in template for Virtual Network.");
        assertThatThrownBy(() -> admin.call("one.vn.allocate", "NAME = bad\nTYPE = RANGED\nBRIDGE = b\nNETWORK_ADDRESS = 10.2.0.1/24"))
                .hasMessage("[VirtualNetworkAllocate] NETWORK_ADDRESS 10.2.0.1 is not a base address for the network mask 255.255.255.0.");
        assertThatThrownBy(() -> admin.call("one.vn.allocate", "NAME = t\nTYPE = VLAN\nBRIDGE = b"))
                .hasMessage("[VirtualNetworkAllocate] Wrong type \"VLAN\" in template for Virtual Network.");
    }

    /**
     * A crash between a VM's DONE and the release of what it held, and an fs copy cut by a crash
     * (the image LOCKED): the next oned gives back the lease and the image, and copies again.
     */
    @Test
    void aNewOnedGivesBackWhatDoneVmsHeldAndRedoesInterruptedCopies() throws Exception {
        int quick = id(admin.call("one.datastore.allocate", "NAME = quick\nDS_MAD = dummy\nTM_MAD = dummy", -1));
        int img = id(admin.call("one.image.allocate", "NAME = base\nPATH = /img/base", quick));
        int net = id(admin.call("one.vn.allocate", "NAME = lan\nTYPE = RANGED\nBRIDGE = br0\nIP_START = 10.5.0.1\nIP_END = 10.5.0.9"));
        int vm = id(admin.call("one.vm.allocate", "MEMORY = 8\nCPU = 0.1\nDISK = [ IMAGE = base ]\nNIC = [ NETWORK = lan ]", false));
        Path file = tmp.resolve("copy-me.img");
        Files.write(file, new byte[5000]);
        int fs = id(admin.call("one.image.allocate", "NAME = disk\nPATH = " + file, 1));
        Poll.until(Duration.ofSeconds(20), () -> info(fs).contains("<STATE>1</STATE>"), () -> info(fs));
        String source = info(fs).replaceAll("(?s).*<SOURCE>([^<]*)</SOURCE>.*", "$1");
        oned.close();
        oned = null;
        Files.delete(Path.of(source));
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + home.location.var().resolve("one.db"));
             java.sql.Statement st = db.createStatement()) {
            st.executeUpdate("UPDATE vm_pool SET state = 6 WHERE oid = " + vm); // DONE committed, release lost
            st.executeUpdate("UPDATE image_pool SET body = replace(body, '<STATE>1</STATE>', '<STATE>4</STATE>') WHERE oid = " + fs);
        }
        oned = Oned.start(home.location);
        assertThat(info(img)).contains("<STATE>1</STATE>", "<RUNNING_VMS>0</RUNNING_VMS>");
        assertThat(s(admin.call("one.vn.info", net))).contains("<TOTAL_LEASES>0</TOTAL_LEASES>");
        Poll.until(Duration.ofSeconds(20), () -> info(fs).contains("<STATE>1</STATE>"), () -> info(fs));
        assertThat(Files.size(Path.of(source))).isEqualTo(5000);
    }

    private String info(int image) {
        try {
            return s(admin.call("one.image.info", image));
        } catch (OneClient.CallException e) {
            return e.getMessage();
        }
    }

    private String vmInfo(int vm) {
        try {
            return s(admin.call("one.vm.info", vm));
        } catch (OneClient.CallException e) {
            return e.getMessage();
        }
    }
}
