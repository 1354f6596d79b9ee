package dev.loupe.core.project;

/** The project file is wrong; the message names the file, the line and the field. */
public class ProjectException extends RuntimeException {
    private final int line;
    private final String field;

    public ProjectException(String source, int line, String field, String message) {
        super(source + (line > 0 ? " line " + line : "") + (field.isEmpty() ? "" : ": " + field) + ": " + message);
        this.line = line;
        this.field = field;
    }

    public int line() {
        return line;
    }

    public String field() {
        return field;
    }
}
