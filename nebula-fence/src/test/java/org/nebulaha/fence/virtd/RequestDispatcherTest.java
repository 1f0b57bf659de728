package org.nebulaha.fence.virtd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nebulaha.fence.xvm.FenceRequest;
import org.nebulaha.fence.xvm.HashType;
import org.nebulaha.fence.xvm.HostRecord;
import org.nebulaha.fence.xvm.Operation;
import org.nebulaha.fence.xvm.Response;

class RequestDispatcherTest {
    /** Records calls; answers 0 for on/off/reboot, status from a fixed running set. */
    static final class RecordingBackend implements Backend {
        final List<String> calls = new ArrayList<>();

        public String describe() {
            return "recording";
        }

        public int off(String d) {
            calls.add("off " + d);
            return Response.SUCCESS;
        }

        public int on(String d) {
            calls.add("on " + d);
            return Response.SUCCESS;
        }

        public int reboot(String d) {
            calls.add("reboot " + d);
            return Response.SUCCESS;
        }

        public int status(String d) {
            calls.add("status " + d);
            return d.equals("vm1") ? Response.SUCCESS : Response.OFF;
        }

        public int monitor() {
            calls.add("monitor");
            return Response.SUCCESS;
        }

        public List<HostRecord> list() {
            calls.add("list");
            return List.of(new HostRecord("vm1", "u1", 1), new HostRecord("vm2", "u2", 5));
        }

        public void close() {}
    }

    static FenceRequest req(int code, String domain) throws Exception {
        return new FenceRequest(code, HashType.SHA256, 4, 0, domain, InetAddress.getByName("127.0.0.1").getAddress(), 1229, new byte[6], 1,
                FenceRequest.AF_INET, new byte[64]);
    }

    @Test
    void mapsEachRequestCodeToTheBackend() throws Exception {
        RecordingBackend b = new RecordingBackend();
        RequestDispatcher d = new RequestDispatcher(b, new Permissions(List.of()));
        record Row(int code, String domain, int reply, String call) {}
        for (Row r : List.of(new Row(Operation.OFF.code(), "vm1", 0, "off vm1"), new Row(Operation.ON.code(), "vm1", 0, "on vm1"),
                new Row(Operation.REBOOT.code(), "vm2", 0, "reboot vm2"), new Row(Operation.STATUS.code(), "vm2", 2, "status vm2"),
                new Row(Operation.DEVSTATUS.code(), "", 0, "monitor"), new Row(Operation.NULL.code(), "vm1", 1, null),
                new Row(Operation.METADATA.code(), "", 1, null), new Row(99, "vm1", 1, null))) {
            int before = b.calls.size();
            assertThat(d.handle(req(r.code(), r.domain()), "127.0.0.1").code()).as("code %d", r.code()).isEqualTo(r.reply());
            if (r.call() == null) assertThat(b.calls).as("code %d calls nothing", r.code()).hasSize(before);
            else assertThat(b.calls).last().isEqualTo(r.call());
        }
        RequestDispatcher.Reply list = d.handle(req(Operation.HOSTLIST.code(), ""), "127.0.0.1");
        assertThat(list.code()).isEqualTo(Response.HOSTLIST);
        assertThat(list.hosts()).hasSize(2);
    }

    @Test
    void deniedRequestsNeverReachTheBackend() throws Exception {
        RecordingBackend b = new RecordingBackend();
        Permissions p = new Permissions(List.of(new VirtdConfig.Group("g", List.of("10.0.0.1"), List.of("vm1"))));
        RequestDispatcher d = new RequestDispatcher(b, p);
        assertThat(d.handle(req(Operation.OFF.code(), "vm1"), "10.0.0.2").code()).isEqualTo(Response.PERM_DENIED);
        assertThat(d.handle(req(Operation.OFF.code(), "vm2"), "10.0.0.1").code()).isEqualTo(Response.PERM_DENIED);
        assertThat(b.calls).isEmpty();
        assertThat(d.handle(req(Operation.OFF.code(), "vm1"), "10.0.0.1").code()).isEqualTo(Response.SUCCESS);
        assertThat(d.handle(req(Operation.HOSTLIST.code(), ""), "10.0.0.1").hosts()).extracting(HostRecord::name).containsExactly("vm1");
    }
}
