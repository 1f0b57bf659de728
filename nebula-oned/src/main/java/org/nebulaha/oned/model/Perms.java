package org.nebulaha.oned.model;

/**
 * OpenNebula's object permissions: USE, MANAGE and ADMIN bits for the owner, the owner's group
 * and others (4.2 PERMISSIONS element, OWNER_U ... OTHER_A). As octal digits: 4 use, 2 manage,
 * 1 admin, e.g. {@code 0640} = owner use+manage, group use.
 */
public record Perms(int ownerU, int ownerM, int ownerA, int groupU, int groupM, int groupA, int otherU, int otherM, int otherA) {
    /** What oned gives a new object (4.2 DEFAULT_UMASK 177): owner use and manage. */
    public static final Perms DEFAULT = octal(0600);

    public static Perms octal(int mode) {
        int o = mode >> 6 & 7, g = mode >> 3 & 7, x = mode & 7;
        return new Perms(o >> 2 & 1, o >> 1 & 1, o & 1, g >> 2 & 1, g >> 1 & 1, g & 1, x >> 2 & 1, x >> 1 & 1, x & 1);
    }

    /** The bits as an array in PERMISSIONS order. */
    public int[] bits() {
        return new int[] {ownerU, ownerM, ownerA, groupU, groupM, groupA, otherU, otherM, otherA};
    }

    public static Perms of(int[] b) {
        return new Perms(b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8]);
    }

    /** one.*.chmod: each of the 9 values is 0, 1 or -1 (keep). */
    public Perms chmod(int[] change) {
        int[] b = bits();
        for (int i = 0; i < 9; i++) if (change[i] != -1) b[i] = change[i];
        return of(b);
    }

    /** Whether the bit of {@code op} (USE, MANAGE, ADMIN) is set for a user in the given relation. */
    public boolean allows(String op, boolean owner, boolean sameGroup) {
        int k = op.equals("USE") ? 0 : op.equals("MANAGE") ? 1 : 2;
        int[] b = bits();
        return owner && b[k] == 1 || sameGroup && b[3 + k] == 1 || b[6 + k] == 1;
    }

    public String toXml() {
        String[] names = {"OWNER_U", "OWNER_M", "OWNER_A", "GROUP_U", "GROUP_M", "GROUP_A", "OTHER_U", "OTHER_M", "OTHER_A"};
        int[] b = bits();
        StringBuilder sb = new StringBuilder("<PERMISSIONS>");
        for (int i = 0; i < 9; i++) sb.append('<').append(names[i]).append('>').append(b[i]).append("</").append(names[i]).append('>');
        return sb.append("</PERMISSIONS>").toString();
    }

    /** The octal form {@code onetemplate show} prints as "um- --- ---". */
    public String text() {
        int[] b = bits();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            sb.append(b[i] == 1 ? "uma".charAt(i % 3) : '-');
            if (i % 3 == 2 && i < 8) sb.append(' ');
        }
        return sb.toString();
    }
}
