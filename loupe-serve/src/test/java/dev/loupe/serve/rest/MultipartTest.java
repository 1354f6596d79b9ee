package dev.loupe.serve.rest;

import dev.loupe.serve.ServeException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MultipartTest {
    static final byte[] IMAGE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 1, 2, 3};

    @Test
    void parse_fileAfterATextField_takesTheFileAndKeepsTheField() {
        Multipart.Form f = Multipart.parse(type("b0"), form("b0", field("station", "s1"), file("image", "p.png", IMAGE)));
        assertThat(f.file()).isEqualTo(IMAGE);
        assertThat(f.field("station")).hasValue("s1");
    }

    @Test
    void parse_fileUnderAnyName_isThePartWithAFilename() {
        Multipart.Form f = Multipart.parse(type("b0"), form("b0", field("image", "not this"), file("upload", "p.png", IMAGE)));
        assertThat(f.file()).isEqualTo(IMAGE);
        assertThat(f.field("image")).hasValue("not this");
    }

    @Test
    void parse_noFilename_takesTheFieldNamedImageOrFile() {
        for (String name : new String[]{"image", "file"}) {
            Multipart.Form f = Multipart.parse(type("b0"), form("b0", field("station", "s1"), part("form-data; name=\"" + name + "\"", IMAGE)));
            assertThat(f.file()).as(name).isEqualTo(IMAGE);
        }
    }

    @Test
    void parse_singlePartWithoutADisposition_isTheFile() {
        assertThat(Multipart.parse(type("b0"), form("b0", part(null, IMAGE))).file()).isEqualTo(IMAGE);
    }

    @Test
    void parse_onlyTextFields_isABadRequestSayingWhatIsMissing() {
        assertThatThrownBy(() -> Multipart.parse(type("b0"), form("b0", field("station", "s1"), field("line", "2"))))
                .isInstanceOf(ServeException.class).hasMessageContaining("no file part")
                .extracting(e -> ((ServeException) e).kind()).isEqualTo(ServeException.Kind.BAD_REQUEST);
    }

    @Test
    void parse_quotedBoundary_withPreambleAndEpilogue() {
        byte[] body = concat("a preamble\r\n".getBytes(StandardCharsets.US_ASCII), form("x y", file("image", "p.png", IMAGE)),
                "an epilogue".getBytes(StandardCharsets.US_ASCII));
        assertThat(Multipart.parse("multipart/form-data; boundary=\"x y\"", body).file()).isEqualTo(IMAGE);
    }

    @Test
    void parse_contentHoldingPrefixesOfTheDelimiter_isKeptWhole() {
        // a self-overlapping boundary, and content that starts the delimiter again and again without finishing it
        String boundary = "abab-abac";
        byte[] content = "\r\n--abab-aba\r\n--abab-abab-abac!\r\n--ab\r\n-".getBytes(StandardCharsets.US_ASCII);
        assertThat(Multipart.parse(type(boundary), form(boundary, file("image", "p.png", content))).file()).isEqualTo(content);
    }

    @Test
    void parse_filenameWithASemicolon_isStillAFile() {
        Multipart.Form f = Multipart.parse(type("b0"), form("b0", field("station", "s1"),
                part("form-data; name=\"upload\"; filename=\"a;b.png\"", IMAGE)));
        assertThat(f.file()).isEqualTo(IMAGE);
    }

    @Test
    void parse_boundaryOf70Characters_isAccepted() {
        String boundary = "-".repeat(69) + "x";
        assertThat(Multipart.parse(type(boundary), form(boundary, file("image", "p.png", IMAGE))).file()).isEqualTo(IMAGE);
    }

    @Test
    void parse_boundaryOver70Characters_isRefusedWithoutEchoingIt() {
        String boundary = "-".repeat(16_000) + "x";
        byte[] body = new byte[1 << 20];
        Arrays.fill(body, (byte) '-');
        assertThatThrownBy(() -> Multipart.parse(type(boundary), body)).isInstanceOf(ServeException.class)
                .hasMessage("the multipart boundary is 16001 characters long, more than the 70 RFC 2046 allows");
    }

    @Test
    void parse_bodyEndingInsideAPart_isABadRequest() {
        byte[] body = form("b0", file("image", "p.png", IMAGE));
        byte[] truncated = Arrays.copyOf(body, body.length - 10);
        assertThatThrownBy(() -> Multipart.parse(type("b0"), truncated)).isInstanceOf(ServeException.class)
                .hasMessageContaining("not terminated by its boundary");
    }

    @Test
    void parse_noBoundaryParameter_isABadRequest() {
        assertThatThrownBy(() -> Multipart.parse("multipart/form-data", IMAGE)).isInstanceOf(ServeException.class)
                .hasMessageContaining("without a boundary");
    }

    static String type(String boundary) {
        return "multipart/form-data; boundary=" + (boundary.contains(" ") ? "\"" + boundary + "\"" : boundary);
    }

    static byte[] field(String name, String value) {
        return part("form-data; name=\"" + name + "\"", value.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] file(String name, String filename, byte[] content) {
        return part("form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\r\nContent-Type: image/png", content);
    }

    /** One part: its headers (none when null), a blank line, its content. */
    static byte[] part(String disposition, byte[] content) {
        String headers = disposition == null ? "\r\n" : "Content-Disposition: " + disposition + "\r\n\r\n";
        return concat(headers.getBytes(StandardCharsets.UTF_8), content);
    }

    /** A multipart body as curl sends it: each part after a delimiter line, then the close delimiter. */
    static byte[] form(String boundary, byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(("--" + boundary + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(p);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
