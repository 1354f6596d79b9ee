package dev.loupe.store.s3;

import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.StoreException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3LocationTest {

    private static final BlobId HELLO = BlobId.of("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");

    @Test
    void parse_bucketAndPrefix_keysBlobsUnderPrefix() {
        S3Location l = S3Location.parse("s3://models/plant-7/loupe/");
        assertThat(l).isEqualTo(new S3Location("models", "plant-7/loupe"));
        assertThat(l.key(HELLO)).isEqualTo("plant-7/loupe/blobs/2c/f2/" + HELLO.sha256());
        assertThat(l).hasToString("s3://models/plant-7/loupe");
    }

    @Test
    void parse_bucketOnly_keysBlobsAtRoot() {
        S3Location l = S3Location.parse("s3://models");
        assertThat(l.prefix()).isEmpty();
        assertThat(l.key(HELLO)).isEqualTo("blobs/2c/f2/" + HELLO.sha256());
        assertThat(l).hasToString("s3://models");
    }

    @Test
    void parse_noBucket_isRejected() {
        assertThatThrownBy(() -> S3Location.parse("s3:///prefix")).isInstanceOf(StoreException.class)
                .hasMessageContaining("names no bucket");
        assertThatThrownBy(() -> S3Location.parse("http://models")).isInstanceOf(StoreException.class);
    }
}
