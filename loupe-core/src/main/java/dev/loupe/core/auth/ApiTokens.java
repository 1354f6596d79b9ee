package dev.loupe.core.auth;

import dev.loupe.core.store.Sha256;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Creating, listing and revoking API tokens. A token's secret is {@value #PREFIX} followed by 256
 * random bits (base64url); the store keeps only its SHA-256. A fast unsalted hash is enough for a
 * secret with 256 bits of entropy: nobody can enumerate the inputs, and lookups by hash stay one
 * index probe per request (docs/adr/0010-api-tokens-hashed-with-sha256.md). Thread-safe.
 */
public final class ApiTokens {
    /** Every secret starts with this, so secret scanners and people recognise a leaked one. */
    public static final String PREFIX = "loupe_";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");

    private final TokenStore store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ApiTokens(TokenStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Issues a token.
     *
     * @param name letters, digits, {@code . _ @ -}, at most 100 characters; unique among active tokens
     * @throws IllegalArgumentException for a malformed name
     * @throws dev.loupe.core.store.AlreadyExistsException when an active token has the name
     */
    public IssuedToken create(String name, Role role, String createdBy) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a token name is 1-100 letters, digits or . _ @ - (starting with a letter"
                    + " or digit), got '" + name + "'");
        }
        String secret = PREFIX + randomSecret(random);
        ApiToken token = store.add(name, role, hash(secret), clock.instant(), createdBy);
        return new IssuedToken(token, secret);
    }

    public List<ApiToken> list() {
        return store.list();
    }

    /** Revokes the active token of this name; empty when there is none. */
    public Optional<ApiToken> revoke(String name, String revokedBy) {
        return store.revoke(name, clock.instant(), revokedBy);
    }

    /** 256 random bits, base64url without padding: the secret part of a token, or a console session id. */
    static String randomSecret(SecureRandom random) {
        byte[] bits = new byte[32];
        random.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    /** The lower-case hex SHA-256 of a secret's UTF-8 bytes: what the store keeps and looks up. */
    public static String hash(String secret) {
        return HexFormat.of().formatHex(Sha256.newDigest().digest(secret.getBytes(StandardCharsets.UTF_8)));
    }
}
