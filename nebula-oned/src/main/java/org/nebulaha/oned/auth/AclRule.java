package org.nebulaha.oned.auth;

import java.util.ArrayList;
import java.util.List;

/**
 * One ACL rule in OpenNebula 4.2's encoding (include/AclRule.h): three 64-bit words.
 * {@code user}: a selector bit (#0x1_0000_0000 individual, @0x2_0000_0000 group, *0x4_0000_0000 all)
 * or'ed with a user or group id. {@code resource}: object type bits (VM 0x10_0000_0000 ...)
 * or'ed with a selector (# @ * or %0x8_0000_0000 cluster) and an id. {@code rights}: USE 1,
 * MANAGE 2, ADMIN 4, CREATE 8. Rendered as 4.2 does, e.g. {@code @1 VM+NET+IMAGE+TEMPLATE/* CREATE}.
 */
public record AclRule(int id, long user, long resource, long rights) {
    public static final long INDIVIDUAL = 0x100000000L, GROUP = 0x200000000L, ALL = 0x400000000L, CLUSTER = 0x800000000L;
    static final long ID_MASK = 0xFFFFFFFFL, SELECTOR_MASK = 0xF00000000L;

    /** Object types with their bits, in the order 4.2 prints them. */
    public enum Type {
        VM(0x1000000000L), HOST(0x2000000000L), NET(0x4000000000L), IMAGE(0x8000000000L), USER(0x10000000000L),
        TEMPLATE(0x20000000000L), GROUP(0x40000000000L), DATASTORE(0x100000000000L), CLUSTER(0x200000000000L),
        DOCUMENT(0x400000000000L), ACL(0x80000000000L);

        public final long bit;

        Type(long bit) {
            this.bit = bit;
        }
    }

    /** Operations with their bits (include/AuthRequest.h). */
    public enum Op {
        USE(1), MANAGE(2), ADMIN(4), CREATE(8);

        public final long bit;

        Op(long bit) {
            this.bit = bit;
        }
    }

    /** The rules 4.2's AclManager installs in a new database. */
    public static List<AclRule> defaults() {
        return List.of(
                new AclRule(0, GROUP | 1, ALL | Type.VM.bit | Type.NET.bit | Type.IMAGE.bit | Type.TEMPLATE.bit, Op.CREATE.bit),
                new AclRule(1, GROUP | 1, ALL | Type.HOST.bit, Op.MANAGE.bit),
                new AclRule(2, ALL, ALL | Type.DOCUMENT.bit, Op.CREATE.bit));
    }

    /** The rule as 4.2 prints it: {@code USER RESOURCE RIGHTS}. */
    public String text() {
        StringBuilder sb = new StringBuilder(selector(user, false)).append(' ');
        List<String> types = new ArrayList<>();
        for (Type t : Type.values()) if (t != Type.ACL && (resource & t.bit) != 0) types.add(t.name());
        sb.append(String.join("+", types)).append('/').append(selector(resource, true)).append(' ');
        List<String> ops = new ArrayList<>();
        for (Op o : Op.values()) if ((rights & o.bit) != 0) ops.add(o.name());
        return sb.append(String.join("+", ops)).toString();
    }

    private static String selector(long word, boolean resource) {
        long id = word & ID_MASK;
        if ((word & GROUP) != 0) return "@" + id;
        if ((word & INDIVIDUAL) != 0) return "#" + id;
        if (resource && (word & CLUSTER) != 0) return "%" + id;
        if ((word & ALL) != 0) return "*";
        return "??";
    }

    /**
     * Parses 4.2's text form ({@code oneacl create "@1 VM+HOST/* USE+MANAGE"}) into the three
     * words; a clear message for what is wrong.
     */
    public static long[] parse(String text) {
        String[] parts = text.strip().split("\\s+");
        if (parts.length != 3)
            throw new IllegalArgumentException("a rule is 'USER RESOURCE RIGHTS', e.g. '@1 VM+HOST/* USE+MANAGE', got '" + text + "'");
        long user = selectorWord(parts[0], "user", false);
        int slash = parts[1].indexOf('/');
        if (slash < 0) throw new IllegalArgumentException("resource '" + parts[1] + "' needs TYPES/SELECTOR, e.g. VM+NET/*");
        long resource = selectorWord(parts[1].substring(slash + 1), "resource", true);
        for (String t : parts[1].substring(0, slash).split("\\+")) {
            try {
                resource |= Type.valueOf(t.toUpperCase(java.util.Locale.ROOT)).bit;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown resource type '" + t + "': use VM, HOST, NET, IMAGE, USER, TEMPLATE, GROUP, DATASTORE, CLUSTER, DOCUMENT");
            }
        }
        long rights = 0;
        for (String o : parts[2].split("\\+")) {
            try {
                rights |= Op.valueOf(o.toUpperCase(java.util.Locale.ROOT)).bit;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown right '" + o + "': use USE, MANAGE, ADMIN, CREATE");
            }
        }
        return new long[] {user, resource, rights};
    }

    private static long selectorWord(String s, String what, boolean resource) {
        if (s.equals("*")) return ALL;
        long sel = s.startsWith("#") ? INDIVIDUAL : s.startsWith("@") ? GROUP : resource && s.startsWith("%") ? CLUSTER : 0;
        if (sel == 0 || !s.substring(1).matches("\\d{1,9}"))
            throw new IllegalArgumentException(what + " '" + s + "' must be #ID, @GROUP_ID" + (resource ? ", %CLUSTER_ID" : "") + " or *");
        return sel | Long.parseLong(s.substring(1));
    }

    /** What is wrong with the rule, as 4.2's AclRule::malformed words it; null when nothing. */
    public String problem() {
        List<String> p = new ArrayList<>();
        int userSelectors = Long.bitCount(user & (INDIVIDUAL | GROUP | ALL));
        if (userSelectors > 1) p.add("[user] INDIVIDUAL (#), GROUP (@) and ALL (*) bits are exclusive");
        if (userSelectors == 0) p.add("[user] is missing one of the INDIVIDUAL, GROUP or ALL bits");
        if ((user & ALL) != 0 && (user & ID_MASK) != 0) p.add("when using the ALL bit, [user] ID must be 0");
        if ((user & ~(ID_MASK | 0x700000000L)) != 0) p.add("wrong [user] bits");
        long sel = resource & SELECTOR_MASK;
        if (sel != 0 && Long.bitCount(sel) > 1) p.add("[resource] INDIVIDUAL (#), GROUP (@), CLUSTER (%) and ALL (*) bits are exclusive");
        long clusterable = Type.HOST.bit | Type.NET.bit | Type.DATASTORE.bit;
        if ((resource & CLUSTER) != 0 && (resource & 0xFFFFFFF000000000L & ~clusterable) != 0)
            p.add("[resource] CLUSTER(%) selector can be applied only to DATASTORE, HOST and NET types");
        if (sel == 0) p.add("[resource] is missing one of the INDIVIDUAL, GROUP, CLUSTER or ALL bits");
        if ((resource & ALL) != 0 && (resource & ID_MASK) != 0) p.add("when using the ALL bit, [resource] ID must be 0");
        if ((resource & 0xFFF000000000L) == 0) p.add("[resource] type is missing");
        if ((resource & 0xFFFF000000000000L) != 0) p.add("wrong [resource] type");
        if (rights == 0) p.add("wrong [rights], it cannot be 0");
        if (rights > 0xF || rights < 0) p.add("wrong [rights], it cannot be bigger than 0xF");
        return p.isEmpty() ? null : String.join("; ", p);
    }

    /** Same user, resource and rights (the id does not count, as in 4.2's duplicate check). */
    public boolean sameAs(AclRule o) {
        return user == o.user && resource == o.resource && rights == o.rights;
    }

    /** The {@code <ACL>} element of {@code one.acl.info}: words in lower-case hex as 4.2 prints them. */
    public String toXml() {
        return "<ACL><ID>" + id + "</ID><USER>" + Long.toHexString(user) + "</USER><RESOURCE>" + Long.toHexString(resource)
                + "</RESOURCE><RIGHTS>" + Long.toHexString(rights) + "</RIGHTS><STRING>" + text() + "</STRING></ACL>";
    }
}
