package dev.loupe.cli;

import dev.loupe.core.project.Project;
import dev.loupe.core.project.ProjectFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** How a command that can do without a project finds one: {@code --project FILE}, else {@code ./loupe.yaml} if present. */
public final class ProjectFiles {
    private ProjectFiles() {
    }

    /**
     * The project of {@code --project} (which must load), else of {@code ./loupe.yaml} when there is one, else none.
     *
     * @param given the {@code --project} option, null when not given
     */
    public static Optional<Project> optional(Path given) {
        if (given != null) {
            return Optional.of(ProjectFile.load(given));
        }
        Path here = Path.of("loupe.yaml");
        return Files.exists(here) ? Optional.of(ProjectFile.load(here)) : Optional.empty();
    }
}
