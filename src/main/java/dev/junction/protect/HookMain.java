package dev.junction.protect;

import dev.junction.git.SystemConfig;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The hook's lean entry point: no command-line parser, no logging set-up, so that the JVM does as
 * little as possible before deciding (the hook runs on every push). git runs it in the hub with
 * {@code GIT_DIR} and, for a quarantined push, the object directories in its environment.
 *
 * <p>With {@code --train} it decides nothing: it reads the hub's plan and judges a push of nothing,
 * to record the classes a decision loads for the class-data-sharing archive {@code junction
 * protect install} makes.
 */
public final class HookMain {
  private HookMain() {}

  public static void main(String[] args) throws Exception {
    SystemConfig.locate();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment();
    if (builder.getGitDir() == null) {
      builder.setGitDir(new File("."));
    }
    int code;
    try (Repository hub = builder.setMustExist(true).build()) {
      if (args.length > 0 && args[0].equals("--train")) {
        String coordination = hub.getConfig().getString(Hook.SECTION, null, Hook.COORDINATION_KEY);
        String tip = hub.resolve("refs/heads/" + coordination).name();
        String line = tip + " " + tip + " refs/heads/" + coordination + "\n";
        Hook.run(hub, new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)), new PrintStream(
            java.io.OutputStream.nullOutputStream()), System.getenv(), System.getProperty("user.name"), Clock.systemUTC());
        code = 0;
      } else {
        code = Hook.run(hub, System.in, out, System.getenv(), System.getProperty("user.name"), Clock.systemUTC());
      }
    } catch (Exception e) {
      out.println("junction: the push guard failed (" + e + "): the push is refused");
      code = 1;
    }
    out.flush();
    System.exit(code);
  }
}
