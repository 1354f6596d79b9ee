package dev.loupe.core.auth;

/**
 * A token just created: the stored record and the secret, which exists only here (the store keeps its
 * hash). Show the secret to the user once; it cannot be recovered.
 */
public record IssuedToken(ApiToken token, String secret) {
    @Override
    public String toString() {
        return "IssuedToken[" + token + ", secret=<hidden>]";
    }
}
