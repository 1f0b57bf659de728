# Drives oned's templates, images, virtual networks and datastores through Python's standard
# xmlrpc.client (a client that is not our code): list, show, create, delete, instantiate, and the
# element order of each 4.2 document (share/doc/xsd of release 4.2).
# Usage: catalog_api.py URL AUTH_FILE SCRATCH_DIR. Prints one line per check; exits 1 on the first failure.
import os, sys, time, xmlrpc.client
import xml.etree.ElementTree as ET

url, auth_file, scratch = sys.argv[1], sys.argv[2], sys.argv[3]
auth = open(auth_file).read().strip()
one = xmlrpc.client.ServerProxy(url)

def check(cond, what, seen=""):
    if not cond:
        print("FAILED:", what, seen)
        sys.exit(1)
    print("ok:", what)

def ok(r):
    if not r[0]:
        print("FAILED: call refused:", r)
        sys.exit(1)
    return r[1]

COMMON = ["ID", "UID", "GID", "UNAME", "GNAME", "NAME", "PERMISSIONS"]
PERMS = ["OWNER_U", "OWNER_M", "OWNER_A", "GROUP_U", "GROUP_M", "GROUP_A", "OTHER_U", "OTHER_M", "OTHER_A"]
SHAPES = {
    "VMTEMPLATE": COMMON + ["REGTIME", "TEMPLATE"],
    "IMAGE": COMMON + ["TYPE", "DISK_TYPE", "PERSISTENT", "REGTIME", "SOURCE", "PATH", "FSTYPE", "SIZE", "STATE", "RUNNING_VMS",
                       "CLONING_OPS", "CLONING_ID", "DATASTORE_ID", "DATASTORE", "VMS", "CLONES", "TEMPLATE"],
    "DATASTORE": COMMON + ["DS_MAD", "TM_MAD", "BASE_PATH", "TYPE", "DISK_TYPE", "CLUSTER_ID", "CLUSTER", "TOTAL_MB", "FREE_MB",
                           "USED_MB", "IMAGES", "TEMPLATE"],
    "VNET": COMMON + ["CLUSTER_ID", "CLUSTER", "TYPE", "BRIDGE", "VLAN", "PHYDEV", "VLAN_ID", "GLOBAL_PREFIX", "SITE_PREFIX",
                      "RANGE", "TOTAL_LEASES", "TEMPLATE", "LEASES"],
}

def shape(doc, root, optional=()):
    e = ET.fromstring(doc)
    tags = [c.tag for c in e]
    want = [t for t in SHAPES[root] if t in tags or t not in optional]
    check(e.tag == root and tags == want, "%s document has the 4.2 elements in order" % root, tags)
    check([c.tag for c in e.find("PERMISSIONS")] == PERMS, "%s PERMISSIONS has OWNER_U ... OTHER_A" % root)
    return e

def pool(method, root, *args):
    p = ET.fromstring(ok(getattr(one.one, method).info(auth, *args)))
    check(p.tag == root + "_POOL" or (root == "VMTEMPLATE" and p.tag == "VMTEMPLATE_POOL"), method + ".info root " + p.tag)
    return {x.find("NAME").text: x for x in p.findall(root)}

# --- datastores: list, show, create, delete
ds = pool("datastorepool", "DATASTORE")
check(sorted(ds) == ["default", "files", "system"], "the default datastores", sorted(ds))
check(ds["system"].find("ID").text == "0" and ds["default"].find("ID").text == "1" and ds["files"].find("ID").text == "2",
      "default datastore ids 0 system, 1 default, 2 files")
check(ds["default"].find("DS_MAD").text == "fs" and ds["files"].find("TYPE").text == "2", "default DS_MAD fs, files TYPE 2")
shape(ok(one.one.datastore.info(auth, 1)), "DATASTORE")
quick = ok(one.one.datastore.allocate(auth, "NAME = py-quick\nDS_MAD = dummy\nTM_MAD = dummy", -1))
check(ET.fromstring(ok(one.one.datastore.info(auth, quick))).find("DS_MAD").text == "dummy", "datastore created")
gone = ok(one.one.datastore.allocate(auth, "NAME = py-gone\nDS_MAD = fs\nTM_MAD = dummy", -1))
ok(one.one.datastore.delete(auth, gone))
r = one.one.datastore.info(auth, gone)
check(r == [False, "[DatastoreInfo] Error getting datastore [%d]." % gone, 0x0400], "deleted datastore is NO_EXISTS", r)

# --- images: dummy READY at once, fs copied
img = ok(one.one.image.allocate(auth, "NAME = py-base\nPATH = /nowhere/base.img", quick))
e = shape(ok(one.one.image.info(auth, img)), "IMAGE")
check(e.find("STATE").text == "1" and e.find("DATASTORE").text == "py-quick", "dummy image READY at once")
path = os.path.join(scratch, "py-disk.img")
with open(path, "wb") as f:
    f.write(b"x" * 2000000)
fsimg = ok(one.one.image.allocate(auth, "NAME = py-disk\nPATH = " + path, 1))
end = time.time() + 20
while time.time() < end and ET.fromstring(ok(one.one.image.info(auth, fsimg))).find("STATE").text != "1":
    time.sleep(0.05)
e = ET.fromstring(ok(one.one.image.info(auth, fsimg)))
check(e.find("STATE").text == "1" and e.find("SIZE").text == "2" and os.path.getsize(e.find("SOURCE").text) == 2000000,
      "fs image copied into the datastore, SIZE 2 MB", ET.tostring(e))
check(sorted(pool("imagepool", "IMAGE", -2, -1, -1)) == ["py-base", "py-disk"], "one.imagepool.info lists both")
ok(one.one.image.delete(auth, fsimg))
check(not os.path.exists(e.find("SOURCE").text), "deleting the fs image removes its file")

# --- virtual networks
net = ok(one.one.vn.allocate(auth, "NAME = py-lan\nTYPE = RANGED\nBRIDGE = br0\nNETWORK_ADDRESS = 10.9.0.0\nNETWORK_SIZE = 10", -1))
e = shape(ok(one.one.vn.info(auth, net)), "VNET")
check(e.find("RANGE/IP_START").text == "10.9.0.1" and e.find("RANGE/IP_END").text == "10.9.0.14", "RANGED: 16-address network", ET.tostring(e))
fixed = ok(one.one.vn.allocate(auth, "NAME = py-fixed\nTYPE = FIXED\nBRIDGE = br1\nLEASES = [ IP = 172.16.0.9 ]", -1))
shape(ok(one.one.vn.info(auth, fixed)), "VNET", optional=("RANGE",))
p = ET.fromstring(ok(one.one.vnpool.info(auth, -2, -1, -1)))
check(p.tag == "VNET_POOL" and len(p.findall("VNET")) == 2 and p.find("VNET/LEASES") is None, "one.vnpool.info lists both, without leases")
ok(one.one.vn.delete(auth, fixed))

# --- templates: create, show, list, instantiate, delete
tpl = ok(one.one.template.allocate(auth, "NAME = py-app\nMEMORY = 16\nCPU = 0.1\nDISK = [ IMAGE_ID = %d ]\nNIC = [ NETWORK_ID = %d ]" % (img, net)))
e = shape(ok(one.one.template.info(auth, tpl)), "VMTEMPLATE")
check(e.find("TEMPLATE/DISK/IMAGE_ID").text == str(img), "template keeps its DISK vector")
check(list(pool("templatepool", "VMTEMPLATE", -2, -1, -1)) == ["py-app"], "one.templatepool.info lists it")
vm = ok(one.one.template.instantiate(auth, tpl, "py-vm", False, ""))
v = ET.fromstring(ok(one.one.vm.info(auth, vm)))
check(v.find("NAME").text == "py-vm" and v.find("TEMPLATE/TEMPLATE_ID").text == str(tpl), "instantiate made VM py-vm")
check(v.find("TEMPLATE/NIC/IP").text == "10.9.0.1" and v.find("TEMPLATE/NIC/MAC").text == "02:00:0a:09:00:01", "VM NIC has its lease")
lease = ET.fromstring(ok(one.one.vn.info(auth, net))).find("LEASES/LEASE")
check(lease.find("IP").text == "10.9.0.1" and lease.find("USED").text == "1" and lease.find("VID").text == str(vm), "lease USED by the VM")
i = ET.fromstring(ok(one.one.image.info(auth, img)))
check(i.find("STATE").text == "2" and i.find("RUNNING_VMS").text == "1", "image USED by the VM")
ok(one.one.vm.action(auth, "delete", vm))
check(ET.fromstring(ok(one.one.image.info(auth, img))).find("STATE").text == "1", "image READY again after the VM is done")
check(ET.fromstring(ok(one.one.vn.info(auth, net))).find("TOTAL_LEASES").text == "0", "lease free again after the VM is done")
ok(one.one.template.delete(auth, tpl))
r = one.one.template.info(auth, tpl)
check(r == [False, "[TemplateInfo] Error getting template [%d]." % tpl, 0x0400], "deleted template is NO_EXISTS", r)
try:
    one.one.template.info(auth, "zero")
    check(False, "type mismatch faults")
except xmlrpc.client.Fault as f:
    check(f.faultCode == -32602 and "expects (string session, int)" in f.faultString, "template method type mismatch is a fault", f)
print("ALL OK")
