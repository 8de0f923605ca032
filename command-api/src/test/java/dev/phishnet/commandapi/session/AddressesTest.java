package dev.phishnet.commandapi.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressesTest {

    @ParameterizedTest
    @CsvSource({
            "192.0.2.1, 192.0.2.1",
            "' 10.0.0.255 ', 10.0.0.255",
            "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
            "2001:db8:0000:0001:0:0:0:0, 2001:db8:0:1::",
            "0:0:0:0:0:0:0:0, ::",
            "::1, ::1",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "fe80::1:0:0:1, fe80::1:0:0:1",
            "::ffff:192.0.2.33, 192.0.2.33",
            "64:ff9b::192.0.2.33, 64:ff9b::c000:221"})
    void anAddressHasOneCanonicalSpelling(String raw, String canonical) {
        assertThat(IpAddress.of(raw).value()).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.-4", "example.com",
            "localhost", "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "fe80::1%eth0", "[::1]", "1:2:3:4:5:6:7::8:9",
            ":1:2:3:4:5:6:7", "::ffff:1.2.3"})
    void anythingElseIsNoAddressAndNeverALookup(String raw) {
        assertThatThrownBy(() -> IpAddress.of(raw)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
            "10.0.0.0/8, 10.255.1.2, true",
            "10.0.0.0/8, 11.0.0.1, false",
            "192.0.2.128/25, 192.0.2.200, true",
            "192.0.2.128/25, 192.0.2.127, false",
            "192.0.2.7, 192.0.2.7, true",
            "192.0.2.7, 192.0.2.8, false",
            "0.0.0.0/0, 203.0.113.9, true",
            "2001:db8::/32, 2001:db8:ffff::1, true",
            "2001:db8::/32, 2001:db9::1, false",
            "2001:db8::/33, 2001:db8:8000::1, false",
            "::/0, 192.0.2.1, false",
            "10.0.0.0/8, ::ffff:10.1.2.3, true"})
    void aBlockHoldsTheAddressesItsPrefixCovers(String block, String address, boolean contains) {
        assertThat(Cidr.parse(block).contains(IpAddress.of(address))).isEqualTo(contains);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "10.0.0.0/8/8", "2001:db8::/129",
            "intranet/8", "10.0.0.0/ 8x"})
    void aMalformedBlockIsInvalid(String block) {
        assertThat(Cidr.isValid(block)).isFalse();
    }
}
