package dev.junction.cli;

import dev.junction.land.Landing;
import java.time.Clock;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.UserConfig;

/** Who is acting: {@code --as}, else git's {@code user.name} and {@code user.email}. */
final class Identity {
  private Identity() {}

  static org.eclipse.jgit.lib.PersonIdent of(Repository repo, String as, Clock clock) {
    UserConfig user = repo.getConfig().get(UserConfig.KEY);
    String email = as != null ? as : user.getCommitterEmail();
    String name = as != null ? as : user.getCommitterName();
    return Landing.ident(name == null || name.isBlank() ? "Junction" : name,
        email == null || email.isBlank() ? "junction@localhost" : email, clock);
  }
}
