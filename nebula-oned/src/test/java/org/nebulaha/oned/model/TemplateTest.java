package org.nebulaha.oned.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateTest {

    @Test
    void parsesSeveralAttributesPerLineCommentsQuotesAndVectors() throws Exception {
        Template t = Template.parse("""
                name = test-vm  MEMORY = 128  CPU = 1   # the guide's example
                DISK = [ IMAGE_ID = 3, TARGET = "hd a" ]
                NIC = [ NETWORK = "private net" ]
                DESCRIPTION = "two
                lines"
                """);
        assertThat(t.get("NAME")).contains("test-vm");
        assertThat(t.get("MEMORY")).contains("128");
        assertThat(t.get("CPU")).contains("1");
        assertThat(t.vectors("DISK")).containsExactly(Map.of("IMAGE_ID", "3", "TARGET", "hd a"));
        assertThat(t.vectors("NIC")).containsExactly(Map.of("NETWORK", "private net"));
        assertThat(t.get("DESCRIPTION").orElseThrow()).contains("\n");
    }

    @Test
    void parsesXmlTemplatesAndRoundTripsThroughXml() throws Exception {
        Template t = Template.parse("<TEMPLATE><NAME>x</NAME><MEMORY>64</MEMORY><DISK><IMAGE_ID>1</IMAGE_ID></DISK></TEMPLATE>");
        assertThat(t.get("NAME")).contains("x");
        assertThat(t.vectors("DISK")).containsExactly(Map.of("IMAGE_ID", "1"));
        assertThat(Template.parse(t.toXml())).isEqualTo(t);
        assertThat(Template.parse(t.toText())).isEqualTo(t);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "MEMORY                      | line 1: expected '=' after MEMORY but the template ended",
            "MEMORY 128                  | line 1: expected '=' after MEMORY, found '128'",
            "DISK = [ IMAGE_ID = 1       | line 1: vector DISK is not closed with ']'",
            "= 5                         | line 1: expected an attribute name, found '='",
            "NAME = \"open               | line 1: string is not closed with '\"'",
            "<VM><NAME>x</NAME></VM>     | XML template: root element must be <TEMPLATE>, found <VM>"})
    void refusesBrokenTemplatesNamingTheLine(String text, String message) {
        assertThatThrownBy(() -> Template.parse(text)).isInstanceOf(Template.SyntaxException.class).hasMessage(message);
    }

    @Test
    void mergeReplacesEachNamedAttributeAndKeepsTheRestInOrder() throws Exception {
        Template user = Template.parse("A = 1  TAGS = [ X = 1 ]  TAGS = [ X = 2 ]  B = 2");
        Template merged = user.merge(Template.parse("TAGS = [ X = 3 ]  C = 4  A = 9"));
        assertThat(merged.toText()).isEqualTo("B=\"2\"\nTAGS=[\n  X=\"3\" ]\nC=\"4\"\nA=\"9\"\n");
        assertThat(merged.without("TAGS").without("A").toXml("USER_TEMPLATE"))
                .isEqualTo("<USER_TEMPLATE><B><![CDATA[2]]></B><C><![CDATA[4]]></C></USER_TEMPLATE>");
        assertThat(user.merge(Template.parse("")).attributes()).isEqualTo(user.attributes());
    }
}
