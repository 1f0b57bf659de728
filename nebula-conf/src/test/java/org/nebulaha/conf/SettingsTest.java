package org.nebulaha.conf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nebulaha.conf.model.ClusterConf;

/** The declarations agree with the parser's defaults and with docs/cluster.conf.md. */
class SettingsTest {
    static final Path DOC = Path.of("../docs/cluster.conf.md");
    static final String BEGIN = "<!-- settings table: generated from org.nebulaha.conf.Settings; SettingsTest checks it -->\n";
    static final String END = "<!-- end of settings table -->";

    @Test
    void theDocTableIsTheDeclarations() throws Exception {
        String doc = Files.readString(DOC);
        int b = doc.indexOf(BEGIN), e = doc.indexOf(END);
        assertThat(b).as("docs/cluster.conf.md has the marker " + BEGIN.strip()).isNotNegative();
        assertThat(e).isGreaterThan(b);
        String table = doc.substring(b + BEGIN.length(), e);
        if (Boolean.getBoolean("nebula.writeDocs") && !table.equals(Settings.markdownTable())) {
            Files.writeString(DOC, doc.substring(0, b + BEGIN.length()) + Settings.markdownTable() + doc.substring(e));
            return;
        }
        assertThat(table).as("docs/cluster.conf.md's settings table differs from the declarations in Settings;"
                + " run this test with -Dnebula.writeDocs=true to regenerate it").isEqualTo(Settings.markdownTable());
    }

    @Test
    void everyDeclaredDefaultIsWhatTheParserUsesWhenTheElementIsEmptyOrAbsent() throws Exception {
        ClusterConf absent = ClusterConfParser.parse("<cluster name=\"c\" config_version=\"1\"/>", "absent");
        ClusterConf empty = ClusterConfParser.parse("""
                <cluster name="c" config_version="1"><cman/><totem/><fence_daemon/><rm/></cluster>""", "empty");
        assertThat(empty.cman()).isEqualTo(absent.cman());
        assertThat(empty.fenceDaemon()).isEqualTo(absent.fenceDaemon());
        assertThat(empty.totem()).isEqualTo(absent.totem());
        assertThat(empty.rm().statusPollIntervalSeconds()).isEqualTo(absent.rm().statusPollIntervalSeconds());
        // and each numeric default, written out explicitly, parses to the same model
        StringBuilder explicit = new StringBuilder();
        for (String el : new String[] {"cman", "fence_daemon"}) {
            explicit.append('<').append(el);
            for (Setting s : Settings.all())
                if (s.element().equals(el) && s.dflt().matches("-?\\d+"))
                    explicit.append(' ').append(s.attribute()).append("=\"").append(s.dflt()).append('"');
            explicit.append("/>");
        }
        ClusterConf written = ClusterConfParser.parse("<cluster name=\"c\" config_version=\"1\">" + explicit + "</cluster>", "explicit");
        // (settings read by a daemon, like race_delay, stay in extras; the ones the model interprets must match)
        assertThat(written.cman()).usingRecursiveComparison().ignoringFields("extras").isEqualTo(absent.cman());
        assertThat(written.fenceDaemon()).usingRecursiveComparison().ignoringFields("extras").isEqualTo(absent.fenceDaemon());
    }

    @Test
    void aDeclaredSettingKeptAsAnExtraIsStillChecked() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClusterConfParser.parse("""
                        <cluster name="c" config_version="1">
                          <fence_daemon race_delay="-4"/>
                        </cluster>""", "cluster.conf"))
                .hasMessageContaining("cluster.conf:2:3: <fence_daemon>: race_delay must be at least 0, not -4");
    }
}
