package dev.loupe.serve.auth;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which {@code Host} values a server with authentication off answers (DNS rebinding). */
class BrowserGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:8080", "LOCALHOST:8080", "localhost.:8080", "console.localhost:8080",
            "127.0.0.1", "127.0.0.1:8080", "127.1.2.3:80", "[::1]", "[::1]:8080", "[0:0:0:0:0:0:0:1]:8080"})
    void loopbackHost_loopbackNamesAndLiterals_areAnswered(String host) {
        assertThat(BrowserGuard.loopbackHost(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example", "evil.example:8080", "localhost.evil.example:8080", "127.0.0.1.nip.io:8080",
            "10.0.0.1:8080", "0.0.0.0:8080", "127.0.0.256:8080", "[::2]:8080", "[fe80::1]:80", "", "2130706433:8080"})
    void loopbackHost_otherNames_areRefused_withoutLookingThemUp(String host) {
        assertThat(BrowserGuard.loopbackHost(host)).isFalse();
    }
}
