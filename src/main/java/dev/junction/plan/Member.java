package dev.junction.plan;

import java.util.Set;

/** A person or agent of a session, identified by e-mail. */
public record Member(String name, String email, Set<Role> roles) {
  public Member {
    roles = Set.copyOf(roles);
  }
}
