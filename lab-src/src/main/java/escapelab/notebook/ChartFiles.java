package escapelab.notebook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Charts beside the site: where LAB_CHART_DIR points (the notebook runner sets it), charts are also saved as PNG files. */
public final class ChartFiles {
    private ChartFiles() {
    }

    public static void save(String name, byte[] png) {
        String dir = System.getenv("LAB_CHART_DIR");
        if (dir == null || dir.isBlank()) {
            return;
        }
        try {
            Path d = Files.createDirectories(Path.of(dir));
            Files.write(d.resolve(name.replaceAll("[^A-Za-z0-9_.-]+", "-") + ".png"), png);
        } catch (IOException e) {
            // the chart is in the page already; a file that cannot be written loses nothing
        }
    }
}
