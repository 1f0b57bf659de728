package org.nebulaha.rgmanager.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.nebulaha.rgmanager.model.MemberStatus;
import org.nebulaha.rgmanager.model.ServiceState;

class StateTextTest {
    static final String GOOD = """
            # the owner was fenced
            now 2026-11-25T10:41:07Z
            quorum yes
            member one-server1 fenced
            member one-server2 online joined
            service opennebula started owner=one-server1 restarts=2026-11-25T10:30:00Z,2026-11-25T10:35:00Z
            service web stopped last=one-server2 start-failed=one-server1 frozen user-stopped
            """;

    @Test
    void readsEveryFieldAndWritesTheSameText() {
        StateText.Input in = StateText.parse(GOOD, "state.txt");
        assertThat(in.description()).isEqualTo("the owner was fenced");
        assertThat(in.now()).isEqualTo(Instant.parse("2026-11-25T10:41:07Z"));
        assertThat(in.state().view().status("one-server1")).isEqualTo(MemberStatus.FENCED);
        assertThat(in.state().view().hasJoined("one-server2")).isTrue();
        assertThat(in.state().view().status("elsewhere")).isEqualTo(MemberStatus.DOWN);
        assertThat(in.state().service("opennebula").restarts()).hasSize(2);
        assertThat(in.state().service("web").frozen()).isTrue();
        assertThat(in.state().service("web").startFailedOn()).containsExactly("one-server1");
        assertThat(in.state().service("absent").state()).isEqualTo(ServiceState.UNINITIALIZED);
        assertThat(StateText.format(in.description(), in.now(), in.state())).isEqualTo(GOOD);
    }

    @Test
    void errorsNameTheFileLineAndWhatIsExpected() {
        assertThatThrownBy(() -> StateText.parse("# x\nnow 2026-11-25T10:41:07Z\nquorum maybe\n", "s.txt"))
                .hasMessage("s.txt:3: quorum must be yes or no, not 'maybe'");
        assertThatThrownBy(() -> StateText.parse("# x\nnow yesterday\nquorum yes\n", "s.txt"))
                .hasMessage("s.txt:2: 'yesterday' is not a UTC timestamp like 2026-11-25T10:41:07Z");
        assertThatThrownBy(() -> StateText.parse("# x\nquorum yes\n", "s.txt")).hasMessage("s.txt: missing 'now TIMESTAMP' line");
        assertThatThrownBy(() -> StateText.parse("# x\nnow 2026-11-25T10:41:07Z\nquorum yes\nservice a stopped owner=n1\n", "s.txt"))
                .hasMessageStartingWith("s.txt:4: service a is stopped and cannot have an owner (n1); use last=");
        assertThatThrownBy(() -> StateText.parse("# x\nnow 2026-11-25T10:41:07Z\nquorum yes\nservice a started\n", "s.txt"))
                .hasMessage("s.txt:4: service a is started and needs an owner");
        assertThatThrownBy(() -> StateText.parse("# x\nnow 2026-11-25T10:41:07Z\nquorum yes\nmember n1 lost joined\n", "s.txt"))
                .hasMessage("s.txt:4: member n1 cannot have joined while lost");
        assertThatThrownBy(() -> StateText.parse("# x\nnow 2026-11-25T10:41:07Z\nquorum yes\nservic a started\n", "s.txt"))
                .hasMessage("s.txt:4: unknown keyword 'servic'; expected now, quorum, member or service");
    }
}
