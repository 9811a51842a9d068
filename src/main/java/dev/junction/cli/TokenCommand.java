package dev.junction.cli;

import dev.junction.app.Actor;
import dev.junction.app.TokenService;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code junction token}: the bearer tokens members authenticate to the server with (issue 15). */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = {
      "Bearer tokens that authenticate members to junction serve: issue, list, revoke.",
      "A coordinator of the coordination plan issues one per member, with a role (coordinator or member) "
          + "and an expiry; the store keeps only its hash. On one machine the CLI trusts git's user.email "
          + "and --as for who issues; through the server only a token says who acts."
    },
    subcommands = {TokenCommand.Issue.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class},
    footerHeading = "%nExamples:%n",
    footer = {
      "  junction token issue --member session-1@infrafabric.example --ttl 30d",
      "  junction token list",
      "%nExit codes:%n" + ExitCodes.FOOTER
    })
final class TokenCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    Main.usage(spec);
  }

  @Command(
      name = "issue",
      mixinStandardHelpOptions = true,
      description = {
        "Issues a token to a member of the plan, as a coordinator, and prints it once.",
        "The token cannot be shown again: only its hash is stored. A coordinator's token (--role "
            + "coordinator, for a member with that role) may also act on behalf of other members."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  junction token issue --member session-2@infrafabric.example",
        "  junction token issue --member coordinator@infrafabric.example \\",
        "      --role coordinator --ttl 12h --json",
        "%nExit codes:%n"
            + "  0  issued%n"
            + "  1  not allowed (no coordinator role)%n"
            + "  2  bad input (no such member, role or duration)%n"
            + "  70 internal error"
      })
  static final class Issue implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Shared shared;

    @Option(names = "--member", required = true, paramLabel = "EMAIL", description = "The plan member it authenticates.")
    String member;

    @Option(names = "--role", paramLabel = "ROLE", defaultValue = "member",
        description = "coordinator or member (default: ${DEFAULT-VALUE}).")
    String role;

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "90d",
        description = "How long it is valid, from 1m to 365d: 90d, 12h, 30m (default: ${DEFAULT-VALUE}).")
    String ttl;

    @Option(names = "--as", paramLabel = "EMAIL", description = "Who issues it (default: git's user.email).")
    String as;

    @Override
    public Integer call() throws Exception {
      TokenService.IssueInput input = new TokenService.IssueInput(member, TokenService.role(role),
          TokenService.ttl(ttl), Optional.ofNullable(as).map(Actor::of));
      TokenService.IssueOutcome outcome = shared.call(workspace -> new TokenService(workspace).issue(input));
      PrintWriter out = spec.commandLine().getOut();
      if (shared.json) {
        Json.print(out, Json.tagged((Record) outcome));
      } else if (outcome instanceof TokenService.Forbidden no) {
        out.println("Not allowed: " + no.reason());
      } else {
        TokenService.Issued issued = (TokenService.Issued) outcome;
        TokenService.Token t = issued.issued();
        out.printf("Token %s issued to %s (%s) until %s:%n%n  %s%n%n", t.id(), t.member(), t.role(), t.expires(),
            issued.secret());
        out.println("It is shown this once and cannot be shown again: only its hash is stored.");
      }
      return ExitCodes.of(outcome.disposition());
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists every token with its member, role, state (active, expired, revoked) and expiry; never a secret.",
      footerHeading = "%nExamples:%n",
      footer = {"  junction token list --json", "%nExit codes:%n  0  listed%n  2  bad input%n  70 internal error"})
  static final class ListTokens implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Shared shared;

    @Override
    public Integer call() throws Exception {
      TokenService.Listed listed = shared.call(workspace -> new TokenService(workspace).list());
      PrintWriter out = spec.commandLine().getOut();
      if (shared.json) {
        Json.print(out, listed);
        return ExitCodes.of(listed.disposition());
      }
      if (listed.tokens().isEmpty()) {
        out.println("No token issued.");
      }
      for (TokenService.Token t : listed.tokens()) {
        out.printf("%s  %-7s  %s (%s), until %s; issued by %s at %s%s%n", t.id(), t.state(), t.member(), t.role(),
            t.expires(), t.issuedBy(), t.issuedAt(),
            t.revokedAt().map(at -> "; revoked by " + t.revokedBy().orElse("?") + " at " + at).orElse(""));
      }
      return ExitCodes.of(listed.disposition());
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revokes a token, as a coordinator or its own member: it authenticates no one from now on.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  junction token revoke 0123456789abcdef   # exit 2 in the demo: no such token",
        "%nExit codes:%n"
            + "  0  revoked%n"
            + "  1  not allowed, or revoked already%n"
            + "  2  bad input (no such token)%n"
            + "  70 internal error"
      })
  static final class Revoke implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Shared shared;

    @Parameters(index = "0", paramLabel = "ID", description = "The token's id, as junction token list shows it.")
    String id;

    @Option(names = "--as", paramLabel = "EMAIL", description = "Who revokes it (default: git's user.email).")
    String as;

    @Override
    public Integer call() throws Exception {
      TokenService.RevokeOutcome outcome = shared.call(workspace -> new TokenService(workspace).revoke(
          new TokenService.RevokeInput(id, Optional.ofNullable(as).map(Actor::of))));
      PrintWriter out = spec.commandLine().getOut();
      if (shared.json) {
        Json.print(out, Json.tagged((Record) outcome));
      } else if (outcome instanceof TokenService.Forbidden no) {
        out.println("Not allowed: " + no.reason());
      } else if (outcome instanceof TokenService.NotRevoked no) {
        out.println("Not revoked: " + no.reason());
      } else {
        TokenService.Token t = ((TokenService.Revoked) outcome).revoked();
        out.printf("Token %s of %s revoked: it authenticates no one from now on.%n", t.id(), t.member());
      }
      return ExitCodes.of(outcome.disposition());
    }
  }
}
