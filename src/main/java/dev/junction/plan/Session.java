package dev.junction.plan;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A session: one branch, its members, and the roles the whole session holds.
 *
 * @param branch the short branch name ({@code claude/cli-witness-optimise-011CV...}); a session
 *     whose work lands only through others (a coordinator) has none
 */
public record Session(
    String id, String name, Optional<String> branch, Set<Role> roles, List<Member> members) {
  public Session {
    roles = Set.copyOf(roles);
    members = List.copyOf(members);
  }

  /** Roles of a member of this session: the session's own plus the member's. */
  public Set<Role> rolesOf(Member member) {
    Set<Role> all = EnumSet.noneOf(Role.class);
    all.addAll(roles);
    all.addAll(member.roles());
    return all;
  }
}
