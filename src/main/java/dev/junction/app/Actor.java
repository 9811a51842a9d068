package dev.junction.app;

import java.util.Objects;

/**
 * Who acts: a name and an e-mail, as commits and the store record them. Every service input that
 * acts takes one (empty: git's {@code user.name} and {@code user.email}, see
 * {@link Workspace#actor}). The CLI's {@code --as} names an e-mail only, which is then the name
 * too; the demo's members and a server's authenticated users have both.
 */
public record Actor(String name, String email) {
  public Actor {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(email, "email");
  }

  /** Someone known by e-mail only (the CLI's {@code --as EMAIL}): the e-mail is the name too. */
  public static Actor of(String email) {
    return new Actor(email, email);
  }
}
