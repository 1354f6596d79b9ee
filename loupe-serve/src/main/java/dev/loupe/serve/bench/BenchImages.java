package dev.loupe.serve.bench;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded synthetic PNGs for load tests: a shaded background with a few marks, like a part on a line. */
final class BenchImages {
    private BenchImages() {
    }

    static List<byte[]> pngs(int count, int width, int height, long seed) {
        Random r = new Random(seed);
        List<byte[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            int base = 120 + r.nextInt(80);
            for (int x = 0; x < width; x++) {
                int v = Math.min(255, base + x * 40 / width);
                g.setColor(new Color(v, v, Math.max(0, v - 10)));
                g.drawLine(x, 0, x, height);
            }
            for (int k = 0; k < 6; k++) {
                g.setColor(new Color(r.nextInt(80), r.nextInt(80), r.nextInt(80)));
                g.fillRect(r.nextInt(width), r.nextInt(height), 2 + r.nextInt(width / 6), 2 + r.nextInt(height / 3));
            }
            g.dispose();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try {
                ImageIO.write(img, "png", b);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.add(b.toByteArray());
        }
        return out;
    }
}
