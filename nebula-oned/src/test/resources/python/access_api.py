# Users, groups, clusters and ACL rules through Python's standard xmlrpc.client (not our code):
# list/show/create/delete each, checking the document shapes an OpenNebula 4.2 client reads
# (share/doc/xsd user.xsd, group.xsd, cluster.xsd; the ACL pool of src/acl/AclRule.cc).
# Usage: access_api.py URL AUTH_FILE. Prints one line per check; exits 1 on the first failure.
import sys, xml.etree.ElementTree as ET, xmlrpc.client

url, auth_file = sys.argv[1], sys.argv[2]
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

def tags(e):
    return [c.tag for c in e]

QUOTAS = ["DATASTORE_QUOTA", "NETWORK_QUOTA", "VM_QUOTA", "IMAGE_QUOTA"]

# Users: 4.2's element order, the four quota elements, DEFAULT_USER_QUOTAS in the pool and in show.
uid = ok(one.one.user.allocate(auth, "pyuser", "pypw", "core"))
pool = ET.fromstring(ok(one.one.userpool.info(auth)))
check(pool.tag == "USER_POOL" and tags(pool)[-1] == "DEFAULT_USER_QUOTAS", "user pool ends with DEFAULT_USER_QUOTAS", tags(pool))
check(tags(pool.find("DEFAULT_USER_QUOTAS")) == QUOTAS, "DEFAULT_USER_QUOTAS holds the four quota elements")
users = {u.findtext("NAME"): u for u in pool.findall("USER")}
check(set(users) == {"oneadmin", "pyuser"}, "user pool lists oneadmin and pyuser", list(users))
u = ET.fromstring(ok(one.one.user.info(auth, uid)))
check(tags(u)[:12] == ["ID", "GID", "GNAME", "NAME", "PASSWORD", "AUTH_DRIVER", "ENABLED", "TEMPLATE"] + QUOTAS,
      "user show: ID GID GNAME NAME PASSWORD AUTH_DRIVER ENABLED TEMPLATE + quotas", tags(u))
check(u.find("DEFAULT_USER_QUOTAS") is not None and u.findtext("GNAME") == "users", "user show has DEFAULT_USER_QUOTAS, group users")
ok(one.one.user.quota(auth, uid, "VM=[VMS=3, MEMORY=512, CPU=2]"))
vmq = ET.fromstring(ok(one.one.user.info(auth, uid))).find("VM_QUOTA/VM")
check(vmq is not None and tags(vmq) == ["CPU", "CPU_USED", "MEMORY", "MEMORY_USED", "VMS", "VMS_USED"] and vmq.findtext("VMS") == "3",
      "VM quota: CPU CPU_USED MEMORY MEMORY_USED VMS VMS_USED", tags(vmq) if vmq is not None else None)

# Groups.
gid = ok(one.one.group.allocate(auth, "pygroup"))
check(gid >= 100, "new group numbered from 100", gid)
ok(one.one.user.chgrp(auth, uid, gid))
g = ET.fromstring(ok(one.one.group.info(auth, gid)))
check(tags(g)[:7] == ["ID", "NAME", "USERS"] + QUOTAS and [i.text for i in g.findall("USERS/ID")] == [str(uid)],
      "group show: ID NAME USERS/ID + quotas", tags(g))
gp = ET.fromstring(ok(one.one.grouppool.info(auth)))
check([x.findtext("NAME") for x in gp.findall("GROUP")] == ["oneadmin", "users", "pygroup"] and tags(gp)[-1] == "DEFAULT_GROUP_QUOTAS",
      "group pool: oneadmin, users, pygroup, DEFAULT_GROUP_QUOTAS", tags(gp))
r = one.one.group.delete(auth, gid)
check(not r[0] and "is not empty" in r[1], "a group with users is not deleted", r)
ok(one.one.user.chgrp(auth, uid, 1))
ok(one.one.group.delete(auth, gid))
check("pygroup" not in ok(one.one.grouppool.info(auth)), "group deleted")

# Clusters with a host.
hid = ok(one.one.host.allocate(auth, "pyhost", "dummy", "dummy", "dummy", -1))
cid = ok(one.one.cluster.allocate(auth, "pycluster"))
ok(one.one.cluster.addhost(auth, cid, hid))
c = ET.fromstring(ok(one.one.cluster.info(auth, cid)))
check(tags(c) == ["ID", "NAME", "SYSTEM_DS", "HOSTS", "DATASTORES", "VNETS", "TEMPLATE"] and c.findtext("HOSTS/ID") == str(hid),
      "cluster show: ID NAME SYSTEM_DS HOSTS DATASTORES VNETS TEMPLATE", tags(c))
h = ET.fromstring(ok(one.one.host.info(auth, hid)))
check(h.findtext("CLUSTER_ID") == str(cid) and h.findtext("CLUSTER") == "pycluster", "host shows CLUSTER_ID and CLUSTER")
cp = ET.fromstring(ok(one.one.clusterpool.info(auth)))
check([x.findtext("NAME") for x in cp.findall("CLUSTER")] == ["pycluster"], "cluster pool lists pycluster")
r = one.one.cluster.delete(auth, cid)
check(not r[0], "a cluster with a host is not deleted", r)
ok(one.one.cluster.delhost(auth, cid, hid))
ok(one.one.cluster.delete(auth, cid))
check("<CLUSTER>" not in ok(one.one.clusterpool.info(auth)), "cluster deleted")

# ACL rules: 4.2's hex words in, hex words and text out.
acl = ET.fromstring(ok(one.one.acl.info(auth)))
rules = acl.findall("ACL")
check(len(rules) == 3 and tags(rules[0]) == ["ID", "USER", "RESOURCE", "RIGHTS", "STRING"], "three default rules: ID USER RESOURCE RIGHTS STRING")
check(rules[1].findtext("STRING") == "@1 HOST/* MANAGE", "default rule 1 is @1 HOST/* MANAGE", rules[1].findtext("STRING"))
rid = ok(one.one.acl.addrule(auth, "0x100000000", "0x8400000000", "0x1"))  # #0 IMAGE/* USE
text = [x.findtext("STRING") for x in ET.fromstring(ok(one.one.acl.info(auth))).findall("ACL") if x.findtext("ID") == str(rid)]
check(text == ["#0 IMAGE/* USE"], "added rule reads back as #0 IMAGE/* USE", text)
r = one.one.acl.addrule(auth, "0x100000000", "0x8400000000", "0x1")
check(not r[0] and r[1] == "[AclAddRule] Rule #0 IMAGE/* USE already exists", "duplicate rule refused", r)
ok(one.one.acl.delrule(auth, rid))
check(len(ET.fromstring(ok(one.one.acl.info(auth))).findall("ACL")) == 3, "rule deleted")

# A user of the users group is refused what 4.2 refuses.
mine = xmlrpc.client.ServerProxy(url)
r = mine.one.acl.info("pyuser:pypw")
check(not r[0] and r[1].endswith("Not authorized to perform MANAGE ACL.") and r[2] == 0x0200, "non-admin refused one.acl.info", r)
r = mine.one.group.allocate("pyuser:pypw", "x")
check(not r[0] and r[1].endswith("Not authorized to perform CREATE GROUP."), "non-admin refused one.group.allocate", r)

ok(one.one.user.delete(auth, uid))
check("pyuser" not in ok(one.one.userpool.info(auth)), "user deleted")
print("ALL OK")
