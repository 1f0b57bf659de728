package org.nebulaha.oned.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one parser every reader of oned's documents uses, and the one reading of OpenNebula's reply shape. */
class OneXmlTest {

    @Test
    void aPoolDocumentReadsByChildName() {
        var pool = OneXml.parse("<VM_POOL><VM><ID>7</ID><NAME> web </NAME></VM><VM><ID>8</ID></VM></VM_POOL>");
        assertThat(OneXml.children(pool, "VM")).hasSize(2);
        assertThat(OneXml.num(OneXml.children(pool, "VM").get(0), "ID")).isEqualTo(7);
        assertThat(OneXml.text(OneXml.children(pool, "VM").get(0), "NAME")).isEqualTo("web");
        assertThat(OneXml.num(OneXml.children(pool, "VM").get(1), "MISSING")).isEqualTo(-1);
    }

    @Test
    void aDocumentTypeDeclarationIsRefusedSoNoEntityIsEverResolved() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>";
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><r>&b;</r>";
        assertThatThrownBy(() -> OneXml.parse(xxe)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DOCTYPE");
        assertThatThrownBy(() -> OneXml.parse(bomb)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void notADocumentSaysWhy() {
        assertThatThrownBy(() -> OneXml.parse("<VM><ID>1</VM>")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ID");
    }

    @Test
    void openNebulasReplyShapeGivesTheValueOrARefusalWithItsCode() throws Exception {
        assertThat(OneRefusal.valueOf("one.vm.info", List.of(true, "<VM/>", 0))).isEqualTo("<VM/>");
        assertThatThrownBy(() -> OneRefusal.valueOf("one.vm.info", List.of(false, "[VirtualMachineInfo] User couldn't be authenticated", 0x0100)))
                .isInstanceOfSatisfying(OneRefusal.class, r -> {
                    assertThat(r.code()).isEqualTo(0x0100);
                    assertThat(r.isFault()).isFalse();
                    assertThat(r.getMessage()).isEqualTo("[VirtualMachineInfo] User couldn't be authenticated");
                });
        assertThatThrownBy(() -> OneRefusal.valueOf("one.vm.info", "just a string"))
                .isInstanceOf(OneRefusal.class).hasMessage("one.vm.info: unexpected reply just a string");
    }
}
