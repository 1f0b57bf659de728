package org.nebulaha.oned.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nebulaha.oned.model.Template;

class OnedConfTest {

    @Test
    void defaultsAreOpenNebulasAndALaterSettingWins() throws Exception {
        OnedConf c = OnedConf.from(Template.parse(OnedConf.DEFAULT + "\nPORT = 2700\nAUTO_RECOVER = \"yes\"\n"
                + "DB = [ BACKEND = \"postgresql\", SERVER = \"db1\", DB_NAME = \"one\" ]\n"), "oned.conf");
        assertThat(c.port()).isEqualTo(2700);
        assertThat(c.autoRecover()).isTrue();
        assertThat(c.db()).isEqualTo(new OnedConf.Db("postgresql", "db1", 5432, "oneadmin", "", "one"));
        assertThat(c.monitoringInterval()).isEqualTo(300);
        assertThat(c.legacyFailed()).isFalse();
        assertThat(c.tmMad().executable()).isEqualTo("one_tm_dummy");
    }

    @Test
    void mysqlIsSpelledAsInOpenNebulasOnedConf() throws Exception {
        OnedConf c = OnedConf.from(Template.parse(OnedConf.DEFAULT + "\nDB = [ BACKEND = \"mysql\", SERVER = \"db1\", PORT = 0,"
                + " USER = \"oneadmin\", PASSWD = \"secret\", DB_NAME = \"opennebula\" ]\n"), "oned.conf");
        assertThat(c.db()).isEqualTo(new OnedConf.Db("mysql", "db1", 3306, "oneadmin", "secret", "opennebula"));
        assertThat(c.db().lockTimeout()).isEqualTo(10);
    }

    @Test
    void lockTimeoutIsAnOptionalKeyOfDb() throws Exception {
        OnedConf c = OnedConf.from(Template.parse(OnedConf.DEFAULT + "\nDB = [ BACKEND = \"mysql\", LOCK_TIMEOUT = 3 ]\n"), "oned.conf");
        assertThat(c.db().lockTimeout()).isEqualTo(3);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "PORT = 70000                  | oned.conf: PORT = \"70000\": must be a whole number from 0 to 65535",
            "AUTO_RECOVER = maybe          | oned.conf: AUTO_RECOVER = \"maybe\": use \"yes\" or \"no\"",
            "ON_DRIVER_FAILURE = ignore    | oned.conf: ON_DRIVER_FAILURE = \"ignore\": use \"failure\" or \"failed\"",
            "DB = [ BACKEND = oracle ]     | oned.conf: DB/BACKEND = \"oracle\": use \"sqlite\", \"postgresql\" or \"mysql\"",
            "DB = [ BACKEND = mysql, PORT = x ] | oned.conf: DB/PORT = \"x\": must be a whole number from 0 to 65535",
            "DB = [ BACKEND = mysql, LOCK_TIMEOUT = 1 ] | oned.conf: DB/LOCK_TIMEOUT = \"1\": must be a whole number of seconds from 2 to 3600",
            "VM_MAD = [ NAME = x ]         | oned.conf: VM_MAD needs NAME and EXECUTABLE"})
    void refusesBadValuesNamingTheKey(String line, String message) {
        assertThatThrownBy(() -> OnedConf.from(Template.parse(OnedConf.DEFAULT + "\n" + line + "\n"), "oned.conf"))
                .isInstanceOf(OnedConf.ConfException.class).hasMessage(message);
    }
}
