package org.nebulaha.oned.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nebulaha.oned.auth.AclRule.Op;
import org.nebulaha.oned.auth.AclRule.Type;
import org.nebulaha.oned.auth.Authorizer.Obj;
import org.nebulaha.oned.model.User;

/** 4.2's rule words, text form and malformed checks, and how object permissions and ACL rules combine. */
class AuthorizerTest {
    static User user(int id, int gid) {
        return new User(id, "u" + id, "x", "core", gid, User.EMPTY, User.EMPTY);
    }

    @Test
    void rulesReadAndPrintAsFourTwo() {
        long[] w = AclRule.parse("@1 VM+NET+IMAGE+TEMPLATE/* CREATE");
        assertThat(new AclRule(0, w[0], w[1], w[2])).isEqualTo(AclRule.defaults().get(0));
        assertThat(AclRule.defaults().get(0).toXml()).isEqualTo("<ACL><ID>0</ID><USER>200000001</USER><RESOURCE>2d400000000</RESOURCE>"
                + "<RIGHTS>8</RIGHTS><STRING>@1 VM+NET+IMAGE+TEMPLATE/* CREATE</STRING></ACL>");
        long[] c = AclRule.parse("#5 HOST+DATASTORE/%100 USE+MANAGE");
        assertThat(new AclRule(7, c[0], c[1], c[2]).text()).isEqualTo("#5 HOST+DATASTORE/%100 USE+MANAGE");
        assertThat(new AclRule(7, c[0], c[1], c[2]).problem()).isNull();
        long[] bad = AclRule.parse("* VM/%100 USE");
        assertThat(new AclRule(0, bad[0], bad[1], bad[2]).problem())
                .isEqualTo("[resource] CLUSTER(%) selector can be applied only to DATASTORE, HOST and NET types");
        assertThat(new AclRule(0, AclRule.ALL | 3, AclRule.ALL | Type.VM.bit | 1, 16).problem()).isEqualTo(
                "when using the ALL bit, [user] ID must be 0; when using the ALL bit, [resource] ID must be 0; wrong [rights], it cannot be bigger than 0xF");
        assertThatThrownBy(() -> AclRule.parse("@1 VM CREATE")).hasMessageContaining("needs TYPES/SELECTOR");
        assertThatThrownBy(() -> AclRule.parse("1 VM/* CREATE")).hasMessageContaining("user '1' must be #ID, @GROUP_ID or *");
    }

    @Test
    void permissionsAclsAndTheOneadminGroup() {
        Authorizer plain = new Authorizer(rulesOf(List.of()));
        Obj vm = Obj.of(Type.VM, 9, 3, 1, 0640); // owner 3 use+manage, group 1 use
        assertThat(plain.allows(user(3, 1), Op.MANAGE, vm)).isTrue();
        assertThat(plain.allows(user(3, 1), Op.ADMIN, vm)).isFalse();
        assertThat(plain.allows(user(4, 1), Op.USE, vm)).isTrue();
        assertThat(plain.allows(user(4, 1), Op.MANAGE, vm)).isFalse();
        assertThat(plain.allows(user(5, 100), Op.USE, vm)).isFalse();
        assertThat(plain.allows(user(5, 0), Op.ADMIN, vm)).as("oneadmin group").isTrue();
        assertThat(plain.allows(user(0, 1), Op.ADMIN, vm)).as("oneadmin").isTrue();
        assertThat(plain.allows(user(5, 100), Op.CREATE, Obj.create(Type.VM))).isFalse();

        Authorizer acl = new Authorizer(rulesOf(List.of(new AclRule(3, AclRule.GROUP | 100, AclRule.ALL | Type.VM.bit | Type.NET.bit, 8 | 1),
                new AclRule(4, AclRule.INDIVIDUAL | 5, Type.HOST.bit | AclRule.CLUSTER | 100, 4),
                new AclRule(5, AclRule.ALL, Type.VM.bit | AclRule.GROUP | 1, 2))));
        assertThat(acl.allows(user(5, 100), Op.CREATE, Obj.create(Type.VM))).isTrue();
        assertThat(acl.allows(user(5, 100), Op.USE, vm)).isTrue();
        assertThat(acl.allows(user(6, 200), Op.MANAGE, vm)).as("* VM/@1 MANAGE").isTrue();
        assertThat(acl.allows(user(5, 100), Op.ADMIN, new Obj(Type.HOST, 2, 0, 0, 0600, 100))).isTrue();
        assertThat(acl.allows(user(5, 100), Op.ADMIN, new Obj(Type.HOST, 2, 0, 0, 0600, 101))).isFalse();
        assertThat(acl.allows(user(6, 100), Op.ADMIN, new Obj(Type.HOST, 2, 0, 0, 0600, 100))).isFalse();
        assertThatThrownBy(() -> acl.check(user(6, 200), new Authorizer.Request(Op.ADMIN, vm), new Authorizer.Request(Op.CREATE, Obj.create(Type.GROUP))))
                .hasMessage("User [6] : Not authorized to perform ADMIN VM [9]; Not authorized to perform CREATE GROUP.");
    }

    /** An ACL pool over a fixed list (no database), for the pure checks. */
    static AclPool rulesOf(List<AclRule> rules) {
        return AclPool.fixed(rules);
    }
}
