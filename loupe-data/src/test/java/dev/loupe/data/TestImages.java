package dev.loupe.data;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Test images drawn with java.awt: each seed gives a different picture, so no two are near duplicates. */
public final class TestImages {
    private TestImages() {
    }

    /** A picture of random shapes on a random background, different for every seed. */
    public static BufferedImage varied(long seed, int w, int h) {
        Random rnd = new Random(seed * 7919 + 13);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(rnd.nextInt(0xFFFFFF)));
        g.fillRect(0, 0, w, h);
        for (int i = 0; i < 6 + rnd.nextInt(6); i++) {
            g.setColor(new Color(rnd.nextInt(0xFFFFFF)));
            int x = rnd.nextInt(w), y = rnd.nextInt(h), sw = 4 + rnd.nextInt(w / 2), sh = 4 + rnd.nextInt(h / 2);
            switch (rnd.nextInt(3)) {
                case 0 -> g.fillRect(x - sw / 2, y - sh / 2, sw, sh);
                case 1 -> g.fillOval(x - sw / 2, y - sh / 2, sw, sh);
                default -> {
                    g.setStroke(new BasicStroke(1 + rnd.nextInt(4)));
                    g.drawLine(x, y, rnd.nextInt(w), rnd.nextInt(h));
                }
            }
        }
        g.dispose();
        return img;
    }

    public static BufferedImage gray(BufferedImage colour) {
        BufferedImage g = new BufferedImage(colour.getWidth(), colour.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D gr = g.createGraphics();
        gr.drawImage(colour, 0, 0, null);
        gr.dispose();
        return g;
    }

    public static byte[] encode(BufferedImage img, String format) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] png(BufferedImage img) {
        return encode(img, "png");
    }

    /** A JPEG at the given quality (0..1). */
    public static byte[] jpeg(BufferedImage img, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream();
             MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            writer.setOutput(ios);
            writer.write(null, new IIOImage(img, null, null), p);
            ios.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    /** Writes bytes to root/relative, creating directories. */
    public static Path write(Path root, String relative, byte[] bytes) {
        try {
            Path p = root.resolve(relative);
            Files.createDirectories(p.getParent());
            Files.write(p, bytes);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An ImageFolder of {@code perLabel} varied PNGs for each label, seeds from {@code seed}. */
    public static Path imageFolder(Path root, long seed, int perLabel, String... labels) {
        long s = seed;
        for (String label : labels) {
            for (int i = 0; i < perLabel; i++) {
                write(root, String.format("%s/%04d.png", label, i), png(varied(s++, 48, 48)));
            }
        }
        return root;
    }
}
