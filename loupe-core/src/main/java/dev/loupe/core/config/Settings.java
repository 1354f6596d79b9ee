package dev.loupe.core.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every setting Loupe knows. A stage that needs configuration adds its settings here. */
public final class Settings {
    private Settings() {
    }

    public static final Setting DB_URL = new Setting("db.url",
            "metadata database: jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB", false,
            home -> "jdbc:sqlite:" + home.resolve("loupe.db"));
    public static final Setting DB_USER = new Setting("db.user", "database user (PostgreSQL)", false, home -> null);
    public static final Setting DB_PASSWORD = new Setting("db.password", "database password (PostgreSQL)", true, home -> null);
    public static final Setting STORE_URL = new Setting("store.url",
            "blob store: a directory, file:DIR, or s3://BUCKET/PREFIX", false,
            home -> home.resolve("blobs").toString());
    public static final Setting S3_ENDPOINT = new Setting("s3.endpoint",
            "S3-compatible endpoint URL (empty: AWS)", false, home -> null);
    public static final Setting S3_REGION = new Setting("s3.region", "S3 region", false, home -> "us-east-1");
    public static final Setting S3_ACCESS_KEY_ID = new Setting("s3.access-key-id", "S3 access key id", false, home -> null);
    public static final Setting S3_SECRET_ACCESS_KEY = new Setting("s3.secret-access-key", "S3 secret key", true, home -> null);
    public static final Setting S3_PATH_STYLE = new Setting("s3.path-style",
            "address buckets by path (most S3-compatible servers need this)", false, home -> "true");

    public static final List<Setting> ALL = List.of(DB_URL, DB_USER, DB_PASSWORD, STORE_URL,
            S3_ENDPOINT, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_PATH_STYLE);

    private static final Map<String, Setting> BY_KEY = new LinkedHashMap<>();

    static {
        ALL.forEach(s -> BY_KEY.put(s.key(), s));
    }

    public static Optional<Setting> byKey(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }
}
