package dev.junction.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The example project the demo copies from the jar: the list it copies is the folder's content. */
class DemoProjectTest {
  @Test
  void theListedFilesAreExactlyTheProjectFolder() throws IOException {
    Path project = Path.of(DemoRepository.PROJECT);
    List<String> onDisk;
    try (Stream<Path> files = Files.walk(project)) {
      onDisk = files.filter(Files::isRegularFile).filter(p -> !p.toString().contains("__pycache__"))
          .map(p -> project.relativize(p).toString().replace('\\', '/')).sorted().toList();
    }
    assertThat(onDisk).containsExactlyInAnyOrderElementsOf(DemoRepository.PROJECT_FILES);
  }

  @Test
  void everyListedFileIsInTheJarResources() throws IOException {
    for (String file : DemoRepository.PROJECT_FILES) {
      assertThat(DemoRepository.resource(DemoRepository.PROJECT + file)).as(file).isNotEmpty();
    }
  }
}
