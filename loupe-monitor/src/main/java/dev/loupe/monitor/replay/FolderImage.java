package dev.loupe.monitor.replay;

import dev.loupe.core.image.ImageStats;

import java.nio.file.Path;

/** An image of a folder, in stream order, with its statistics. */
public record FolderImage(Path path, String name, ImageStats stats) {
}
