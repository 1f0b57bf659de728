# Drives oned through Python's standard xmlrpc.client (a client that is not our code):
# allocate, deploy, every action family, recover in every state family, bad calls refused.
# Usage: api_families.py URL AUTH_FILE VAR_DIR. Prints one line per check; exits 1 on the first failure.
import os, re, sys, time, urllib.request, xmlrpc.client

url, auth_file, var = sys.argv[1], sys.argv[2], sys.argv[3]
auth = open(auth_file).read().strip()
one = xmlrpc.client.ServerProxy(url)
actions = os.path.join(var, "dummy", "actions")
os.makedirs(actions, exist_ok=True)

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

def state(vm):
    doc = ok(one.one.vm.info(auth, vm))
    m = re.search(r"<STATE>(\d+)</STATE><LCM_STATE>(\d+)</LCM_STATE>", doc)
    return int(m.group(1)), int(m.group(2))

def wait(vm, st, lcm=0, secs=20):
    end = time.time() + secs
    while time.time() < end:
        if state(vm) == (st, lcm):
            return
        time.sleep(0.05)
    check(False, "VM %d reaches (%d,%d)" % (vm, st, lcm), "last seen %s" % (state(vm),))

def fault(action, vm, line):
    with open(os.path.join(actions, "%s.%d" % (action, vm)), "w") as f:
        f.write(line + "\n")

def clear(action, vm):
    os.remove(os.path.join(actions, "%s.%d" % (action, vm)))

ACTIVE, RUNNING = 3, 3

# --- authentication and bad calls
r = one.one.system.version("oneadmin:wrong")
check(r == [False, "[SystemVersion] User couldn't be authenticated, aborting call.", 256], "wrong password refused", r)
check(ok(one.one.system.version(auth)) == "4.2.0", "one.system.version")
try:
    one.one.vm.info(auth, "zero")
    check(False, "type mismatch faults")
except xmlrpc.client.Fault as f:
    check(f.faultCode == -32602 and "expects (string session, int)" in f.faultString, "type mismatch is a fault", f)
try:
    one.one.vm.nosuch(auth)
    check(False, "unknown method faults")
except xmlrpc.client.Fault as f:
    check(f.faultCode == -32601, "unknown method is a fault", f)
req = urllib.request.Request(url, data=b"<methodCall><methodName>one.system.version</methodName><params><param>",
                             headers={"Content-Type": "text/xml"})
body = urllib.request.urlopen(req).read().decode()
check("<fault>" in body and "-32700" in body, "malformed XML gets a parse fault", body)
check(ok(one.one.system.version(auth)) == "4.2.0", "server still answers after malformed XML")
r = one.one.vm.info(auth, 999)
check(r == [False, "[VirtualMachineInfo] Error getting virtual machine [999].", 1024], "missing VM is NO_EXISTS", r)

# --- hosts
h1 = ok(one.one.host.allocate(auth, "py-h1", "dummy", "dummy", "dummy", -1))
h2 = ok(one.one.host.allocate(auth, "py-h2", "dummy", "dummy", "dummy", -1))
r = one.one.host.allocate(auth, "py-h1", "dummy", "dummy", "dummy", -1)
check(not r[0] and "NAME is already taken" in r[1], "duplicate host name refused", r)
end = time.time() + 20
while time.time() < end and "<STATE>2</STATE>" not in ok(one.one.host.info(auth, h1)):
    time.sleep(0.05)
check("<STATE>2</STATE>" in ok(one.one.host.info(auth, h1)), "host monitored (STATE 2)")

# --- allocate
r = one.one.vm.allocate(auth, "NAME = broken MEMORY = [", False)
check(not r[0] and r[2] == 0x2000 and "Parse error" in r[1], "broken template refused", r)
r = one.one.vm.allocate(auth, "NAME = nomem CPU = 1", False)
check(not r[0] and "MEMORY" in r[1], "template without MEMORY refused", r)
ds = ok(one.one.datastore.allocate(auth, "NAME = py-ds\nDS_MAD = dummy\nTM_MAD = dummy", -1))
img = ok(one.one.image.allocate(auth, "NAME = py-img\nPATH = /img/base", ds))
r = one.one.vm.allocate(auth, "NAME = noimg MEMORY = 128 CPU = 0.5\nDISK = [ IMAGE_ID = 99 ]", False)
check(r == [False, "[VirtualMachineAllocate] Error getting image [99].", 0x0400], "DISK naming a missing image refused", r)
vm = ok(one.one.vm.allocate(auth, "NAME = py-vm MEMORY = 128 CPU = 0.5\nDISK = [ IMAGE_ID = %d ]" % img, False))
check(state(vm) == (1, 0), "allocate -> PENDING")
held = ok(one.one.vm.allocate(auth, "<TEMPLATE><NAME>py-xml</NAME><MEMORY>64</MEMORY><CPU>1</CPU></TEMPLATE>", True))
check(state(held) == (2, 0), "XML template on hold -> HOLD")
ok(one.one.vm.action(auth, "release", held))
check(state(held) == (1, 0), "release -> PENDING")

# --- deploy and the action families
ok(one.one.vm.deploy(auth, vm, h1, False))
wait(vm, ACTIVE, RUNNING)
check("py-h1:one-%d:dummy" % vm in ok(one.one.vm.info(auth, vm)), "deploy id from the driver")
r = one.one.vm.deploy(auth, vm, h2, False)
check(r == [False, "[VirtualMachineDeploy] Wrong state to perform action", 0x800], "deploy of a running VM refused", r)
r = one.one.vm.action(auth, "release", vm)
check(r == [False, '[VirtualMachineAction] Wrong state to perform action "release"', 0x800], "wrong-state action refused", r)
r = one.one.vm.action(auth, "fly", vm)
check(not r[0] and 'action "fly" is not supported' in r[1], "unknown action refused", r)
ok(one.one.vm.action(auth, "poweroff", vm)); wait(vm, 8)
ok(one.one.vm.action(auth, "resume", vm)); wait(vm, ACTIVE, RUNNING)
ok(one.one.vm.action(auth, "suspend", vm)); wait(vm, 5)
ok(one.one.vm.action(auth, "resume", vm)); wait(vm, ACTIVE, RUNNING)
ok(one.one.vm.action(auth, "stop", vm)); wait(vm, 4)
ok(one.one.vm.action(auth, "resume", vm)); wait(vm, 1)
ok(one.one.vm.deploy(auth, vm, h2, False)); wait(vm, ACTIVE, RUNNING)
ok(one.one.vm.action(auth, "undeploy-hard", vm)); wait(vm, 9)
ok(one.one.vm.action(auth, "resume", vm)); ok(one.one.vm.deploy(auth, vm, h1, False)); wait(vm, ACTIVE, RUNNING)
ok(one.one.vm.action(auth, "reboot", vm)); check(state(vm) == (ACTIVE, RUNNING), "reboot keeps RUNNING")
ok(one.one.vm.migrate(auth, vm, h2, True, False)); wait(vm, ACTIVE, RUNNING)
check(re.findall(r"<HOSTNAME>([\w-]+)", ok(one.one.vm.info(auth, vm)))[-1] == "py-h2", "live migration ends on py-h2")
ok(one.one.vm.migrate(auth, vm, h1, False, False)); wait(vm, ACTIVE, RUNNING)
check(re.findall(r"<HOSTNAME>([\w-]+)", ok(one.one.vm.info(auth, vm)))[-1] == "py-h1", "cold migration ends on py-h1")
ok(one.one.vm.attach(auth, vm, "DISK = [ IMAGE_ID = 7 ]")); wait(vm, ACTIVE, RUNNING)
check("<IMAGE_ID><![CDATA[7]]>" in ok(one.one.vm.info(auth, vm)), "disk attached")
ok(one.one.vm.detach(auth, vm, 1)); wait(vm, ACTIVE, RUNNING)
check("<IMAGE_ID><![CDATA[7]]>" not in ok(one.one.vm.info(auth, vm)), "disk detached")
r = one.one.host.delete(auth, h1)
check(not r[0] and "running VMs" in r[1], "host with VMs cannot be deleted", r)
ok(one.one.vm.action(auth, "terminate", vm)); wait(vm, 6)

# --- recover, one VM per state family, stuck with a driver that never answers ("-")
def stuck_vm(action, make, expect_lcm):
    v = ok(one.one.vm.allocate(auth, "NAME = stuck-%s MEMORY = 64 CPU = 0.1" % action, False))
    fault(action, v, "-")
    make(v)
    wait(v, ACTIVE, expect_lcm)
    return v

def running_vm():
    v = ok(one.one.vm.allocate(auth, "NAME = r MEMORY = 64 CPU = 0.1", False))
    ok(one.one.vm.deploy(auth, v, h1, False)); wait(v, ACTIVE, RUNNING)
    return v

# PROLOG: failure parks it in PROLOG_FAILURE (39); retry re-drives it once the driver works again.
v = stuck_vm("prolog", lambda v: ok(one.one.vm.deploy(auth, v, h1, False)), 1)
ok(one.one.vm.recover(auth, v, 0)); wait(v, ACTIVE, 39)
clear("prolog", v); ok(one.one.vm.recover(auth, v, 2)); wait(v, ACTIVE, RUNNING)
check(True, "PROLOG: failure -> PROLOG_FAILURE, retry -> RUNNING")
# BOOT: the 4.2 boolean form; success sets the deploy id one-<id>.
v = stuck_vm("deploy", lambda v: ok(one.one.vm.deploy(auth, v, h1, False)), 2)
ok(one.one.vm.recover(auth, v, True)); wait(v, ACTIVE, RUNNING)
check("<DEPLOY_ID>one-%d</DEPLOY_ID>" % v in ok(one.one.vm.info(auth, v)), "BOOT: recover true -> RUNNING with deploy id one-<id>")
# SHUTDOWN: failure -> RUNNING; then success -> EPILOG -> DONE.
v = running_vm(); fault("shutdown", v, "-")
ok(one.one.vm.action(auth, "shutdown", v)); wait(v, ACTIVE, 12)
ok(one.one.vm.recover(auth, v, False)); wait(v, ACTIVE, RUNNING)
ok(one.one.vm.action(auth, "shutdown", v)); wait(v, ACTIVE, 12)
ok(one.one.vm.recover(auth, v, 1)); wait(v, 6)
check(True, "SHUTDOWN: failure -> RUNNING, success -> DONE")
# EPILOG: success -> DONE.
v = running_vm(); fault("epilog", v, "-")
ok(one.one.vm.action(auth, "shutdown", v)); wait(v, ACTIVE, 11)
ok(one.one.vm.recover(auth, v, 1)); wait(v, 6)
check(True, "EPILOG: success -> DONE")
# SAVE: suspend stuck in SAVE_SUSPEND; success -> SUSPENDED.
v = running_vm(); fault("save", v, "-")
ok(one.one.vm.action(auth, "suspend", v)); wait(v, ACTIVE, 6)
ok(one.one.vm.recover(auth, v, 1)); wait(v, 5)
check(True, "SAVE: success -> SUSPENDED")
# MIGRATE: failure -> RUNNING back on the source host.
v = running_vm(); fault("migrate", v, "-")
ok(one.one.vm.migrate(auth, v, h2, True, False)); wait(v, ACTIVE, 4)
ok(one.one.vm.recover(auth, v, 0)); wait(v, ACTIVE, RUNNING)
check(re.findall(r"<HOSTNAME>([\w-]+)", ok(one.one.vm.info(auth, v)))[-1] == "py-h1", "MIGRATE: failure -> RUNNING on the source")
# HOTPLUG: failure of an attach drops the disk.
v = running_vm(); fault("attachdisk", v, "-")
ok(one.one.vm.attach(auth, v, "DISK = [ IMAGE_ID = 9 ]")); wait(v, ACTIVE, 17)
ok(one.one.vm.recover(auth, v, 0)); wait(v, ACTIVE, RUNNING)
check("<IMAGE_ID><![CDATA[9]]>" not in ok(one.one.vm.info(auth, v)), "HOTPLUG: failure -> RUNNING without the disk")
# SNAPSHOT: taken normally; stuck, recover always fails it (4.2) and drops the snapshot.
v = running_vm()
sid = ok(one.one.vm.snapshotcreate(auth, v, "first")); wait(v, ACTIVE, RUNNING)
check("<NAME><![CDATA[first]]>" in ok(one.one.vm.info(auth, v)), "snapshot taken")
fault("snapshotcreate", v, "-")
ok(one.one.vm.snapshotcreate(auth, v, "second")); wait(v, ACTIVE, 24)
ok(one.one.vm.recover(auth, v, 1)); wait(v, ACTIVE, RUNNING)
doc = ok(one.one.vm.info(auth, v))
check("<NAME><![CDATA[first]]>" in doc and "<NAME><![CDATA[second]]>" not in doc, "SNAPSHOT: recover -> RUNNING, snapshot dropped")
# CLEAN: delete-recreate of a running VM waits for the cleanup; success -> PENDING.
v = running_vm(); fault("epilog_delete", v, "-")
ok(one.one.vm.action(auth, "delete-recreate", v)); wait(v, ACTIVE, 15)
ok(one.one.vm.recover(auth, v, 1)); wait(v, 1)
check(True, "CLEANUP_RESUBMIT: success -> PENDING")
# CLEANUP (delete-recreate of a stuck VM), delete, delete-db.
v = stuck_vm("deploy", lambda v: ok(one.one.vm.deploy(auth, v, h1, False)), 2)
ok(one.one.vm.recover(auth, v, 4)); wait(v, 1)
check(True, "recreate -> PENDING")
ok(one.one.vm.recover(auth, v, 3)); wait(v, 6)
check(True, "delete -> DONE")
r = one.one.vm.recover(auth, v, 1)
check(r == [False, "[VirtualMachineRecover] Wrong state to perform action", 0x800], "recover of a DONE VM refused", r)
v = running_vm(); ok(one.one.vm.recover(auth, v, 5)); wait(v, 6)
check(True, "delete-db -> DONE")

# --- pool filters
pool_all = ok(one.one.vmpool.info(auth, -2, -1, -1, -2))
pool_live = ok(one.one.vmpool.info(auth, -2, -1, -1, -1))
pool_done = ok(one.one.vmpool.info(auth, -2, -1, -1, 6))
n = lambda doc: len(re.findall(r"<VM><ID>", doc))
check(n(pool_all) == n(pool_live) + n(pool_done) and n(pool_done) > 0, "vmpool.info state filters -2/-1/6")
check(n(ok(one.one.vmpool.info(auth, -2, 0, 1, -2))) == 2, "vmpool.info id range")
ok(one.one.host.enable(auth, h2, False))
check("<STATE>4</STATE>" in ok(one.one.host.info(auth, h2)), "host disabled (STATE 4)")
print("ALL OK")
