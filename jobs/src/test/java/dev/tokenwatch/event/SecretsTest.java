package dev.tokenwatch.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretsTest {
    @Test
    void everyKindOfCredentialIsFoundWhereverItStandsAndInAnyCase() {
        assertThat(Secrets.containsSecret("token dckr_pat_AbCdEfGh12345678 used")).isTrue();
        assertThat(Secrets.containsSecret("x ghs_0123456789abcdef")).isTrue();
        assertThat(Secrets.containsSecret("glpat-0123456789abcdef")).isTrue();
        assertThat(Secrets.containsSecret("eyJhbGciOiJ.eyJzdWIiOiJ.sig")).isTrue();
        assertThat(Secrets.containsSecret("Authorization: bEaReR abcdefghijklmnopqrstuvwxyz")).isTrue();
        assertThat(Secrets.containsSecret("a b c BASIC dXNlcjpwYXNzd29yZDEyMzQ1Ng==")).isTrue();
    }

    @Test
    void ordinaryTextIsLeftAlone() {
        assertThat(Secrets.containsSecret("ghcr.io/acme/high-availability:bearer")).isFalse();
        assertThat(Secrets.containsSecret("basic auth refused for bob")).isFalse();
        assertThat(Secrets.scrub("Bearer short")).isEqualTo("Bearer short");
        assertThat(Secrets.scrub("use Bearer abcdefghijklmnopqrstuvwxyz now")).startsWith("use redacted:sha256:").endsWith(" now");
    }
}
