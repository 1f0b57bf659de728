package org.nebulaha.oned.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nebulaha.oned.model.User;

/** Whose VMs one.vmpool.info shows, by connected user and filter (-1 = every owner, MIN = nobody). */
class PoolFilterTest {
    @ParameterizedTest(name = "user {0}, filter {1} -> owner {2}")
    @CsvSource({
            "0, -2, -1",          // oneadmin: all
            "0, -1, -1",          // oneadmin: mine and my group's = all (admin group)
            "0, -3, 0",           // oneadmin: only its own
            "0, 5, 5",            // oneadmin: that user's
            "3, -2, 3",           // a user: all they may see = their own
            "3, -1, 3",
            "3, -3, 3",
            "3, 3, 3",            // their own id
            "3, 5, -2147483648",  // another user's: nothing
            "3, 0, -2147483648"})
    void ownerOfAFilter(int uid, int filter, int owner) {
        assertThat(Api.owner(new User(uid, "u" + uid, "x", "core"), filter)).isEqualTo(owner);
    }
}
