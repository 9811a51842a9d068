package dev.junction.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.plan.CodeOwners.Problem;
import dev.junction.plan.CodeOwners.Rule;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * CODEOWNERS as GitHub documents it in "About code owners": the example file's comments are the
 * expected results of the first tests; the rest pin the gitignore rules GitHub applies.
 */
class CodeOwnersTest {

  private static CodeOwners parse(String... lines) {
    return CodeOwners.parse("CODEOWNERS", String.join("\n", lines) + "\n");
  }

  // GitHub's example file, rule by rule.

  /** "These owners will be the default owners for everything in the repo." */
  @Test
  void starOwnsEverything() {
    CodeOwners owners = parse("*       @global-owner1 @global-owner2");
    assertThat(owners.owners("README.md")).containsExactly("@global-owner1", "@global-owner2");
    assertThat(owners.owners("src/main/deeply/nested/File.java"))
        .containsExactly("@global-owner1", "@global-owner2");
    assertThat(owners.owners(".github/workflows/ci.yml"))
        .containsExactly("@global-owner1", "@global-owner2");
  }

  /** "The last matching pattern takes the most precedence": JS files go to @js-owner only. */
  @Test
  void jsFilesAtAnyDepthGoToTheJsOwnerNotTheDefault() {
    CodeOwners owners = parse("* @global-owner1 @global-owner2", "*.js    @js-owner");
    assertThat(owners.owners("index.js")).containsExactly("@js-owner");
    assertThat(owners.owners("web/src/components/app.js")).containsExactly("@js-owner");
    assertThat(owners.owners("web/src/app.ts")).containsExactly("@global-owner1", "@global-owner2");
  }

  /** "You can also use email addresses if you prefer." */
  @Test
  void ownersMayBeEmailAddresses() {
    CodeOwners owners = parse("*.go docs@example.com");
    assertThat(owners.problems()).isEmpty();
    assertThat(owners.owners("cmd/main.go")).containsExactly("docs@example.com");
  }

  /** "Teams should be identified in the format @org/team-name." */
  @Test
  void ownersMayBeTeams() {
    CodeOwners owners = parse("*.txt @octo-org/octocats");
    assertThat(owners.problems()).isEmpty();
    assertThat(owners.owners("notes/todo.txt")).containsExactly("@octo-org/octocats");
  }

  /** "/build/logs/": the build/logs directory at the root and any of its subdirectories. */
  @Test
  void rootedDirectoryOwnsItsTreeOnlyAtTheRoot() {
    CodeOwners owners = parse("/build/logs/ @doctocat");
    assertThat(owners.owners("build/logs/out.log")).containsExactly("@doctocat");
    assertThat(owners.owners("build/logs/2024/01/out.log")).containsExactly("@doctocat");
    assertThat(owners.match("src/build/logs/out.log")).isEmpty();
    assertThat(owners.match("build/logs")).as("a file, not the directory").isEmpty();
    assertThat(owners.match("build/logsheet.txt")).isEmpty();
  }

  /** "docs/*" matches docs/getting-started.md but not docs/build-app/troubleshooting.md. */
  @Test
  void trailingStarOwnsDirectFilesButNotNestedOnes() {
    CodeOwners owners = parse("docs/*  docs@example.com");
    assertThat(owners.owners("docs/getting-started.md")).containsExactly("docs@example.com");
    assertThat(owners.match("docs/build-app/troubleshooting.md")).isEmpty();
    assertThat(owners.match("src/docs/getting-started.md")).as("a middle slash anchors").isEmpty();
  }

  /** "apps/": @octocat owns any file in an apps directory anywhere in the repository. */
  @Test
  void directoryWithoutLeadingSlashMatchesAtAnyDepth() {
    CodeOwners owners = parse("apps/ @octocat");
    assertThat(owners.owners("apps/web/index.html")).containsExactly("@octocat");
    assertThat(owners.owners("services/apps/api/Main.java")).containsExactly("@octocat");
    assertThat(owners.match("myapps/readme.md")).isEmpty();
    assertThat(owners.match("services/apps")).as("a file named apps").isEmpty();
  }

  /** "/docs/": @doctocat owns the root docs directory and its subdirectories, nothing else. */
  @Test
  void leadingSlashDirectoryIsOnlyTheRootOne() {
    CodeOwners owners = parse("/docs/ @doctocat");
    assertThat(owners.owners("docs/index.md")).containsExactly("@doctocat");
    assertThat(owners.owners("docs/guides/setup/index.md")).containsExactly("@doctocat");
    assertThat(owners.match("site/docs/index.md")).isEmpty();
  }

  /** "/scripts/": any change inside needs approval from @doctocat or @octocat. */
  @Test
  void ruleMayListSeveralOwnersInOrder() {
    CodeOwners owners = parse("/scripts/ @doctocat @octocat");
    assertThat(owners.owners("scripts/release.sh")).containsExactly("@doctocat", "@octocat");
  }

  /** "**&#47;logs": any file in a logs directory such as /build/logs or /deeply/nested/logs. */
  @Test
  void leadingDoubleStarFindsTheDirectoryAtAnyDepth() {
    CodeOwners owners = parse("**/logs @octocat");
    assertThat(owners.owners("build/logs/x.log")).containsExactly("@octocat");
    assertThat(owners.owners("logs/x.log")).containsExactly("@octocat");
    assertThat(owners.owners("scripts/logs/run/y.log")).containsExactly("@octocat");
    assertThat(owners.owners("deeply/nested/logs/y")).containsExactly("@octocat");
    assertThat(owners.match("catalogs/x")).isEmpty();
  }

  /** "/apps/github": owners left empty, so apps/github has no owner while the rest of apps does. */
  @Test
  void laterRuleWithoutOwnersLeavesItsPathsUnowned() {
    CodeOwners owners = parse("/apps/ @octocat", "/apps/github");
    assertThat(owners.match("apps/github/x")).map(Rule::line).contains(2);
    assertThat(owners.owners("apps/github/x")).isEmpty();
    assertThat(owners.owners("apps/github")).isEmpty();
    assertThat(owners.owners("apps/other/x")).containsExactly("@octocat");
    assertThat(owners.owners("apps/githubber/x")).containsExactly("@octocat");
  }

  /** "/apps/github @doctocat": a subdirectory with its own owner overrides its parent's. */
  @Test
  void laterRuleForASubdirectoryTakesItOver() {
    CodeOwners owners = parse("/apps/ @octocat", "/apps/github @doctocat");
    assertThat(owners.owners("apps/github/deep/x")).containsExactly("@doctocat");
    assertThat(owners.owners("apps/other/x")).containsExactly("@octocat");
  }

  /** The whole example file parses cleanly and its rules interact by last match. */
  @Test
  void gitHubsExampleFileParsesWithoutProblems() {
    CodeOwners owners = parse(
        "# This is a comment.",
        "*       @global-owner1 @global-owner2",
        "*.js    @js-owner #This is an inline comment.",
        "*.go docs@example.com",
        "*.txt @octo-org/octocats",
        "/build/logs/ @doctocat",
        "docs/*  docs@example.com",
        "apps/ @octocat",
        "/docs/ @doctocat",
        "/scripts/ @doctocat @octocat",
        "**/logs @octocat",
        "/apps/ @octocat",
        "/apps/github");
    assertThat(owners.problems()).isEmpty();
    assertThat(owners.rules()).hasSize(12);
    assertThat(owners.owners("docs/getting-started.md")).containsExactly("@doctocat");
    assertThat(owners.owners("build/logs/a.js")).containsExactly("@octocat");
    assertThat(owners.owners("web/apps/a.go")).containsExactly("@octocat");
    assertThat(owners.owners("apps/github/a.js")).isEmpty();
    assertThat(owners.owners("src/a.js")).containsExactly("@js-owner");
  }

  // Comments, escapes and the file as a whole.

  @Test
  void commentsAndBlankLinesAreIgnored() {
    CodeOwners owners = parse(
        "# a comment", "", "   ", "   # an indented comment", "*.md @writer # prose", "\t");
    assertThat(owners.problems()).isEmpty();
    assertThat(owners.rules()).containsExactly(new Rule("*.md", List.of("@writer"), 5));
  }

  /** A '#' that does not follow whitespace is part of the token, not a comment. */
  @Test
  void hashInsideAPatternIsLiteral() {
    CodeOwners owners = parse("notes#1.md @a");
    assertThat(owners.owners("notes#1.md")).containsExactly("@a");
  }

  /**
   * GitHub: "Escaping a pattern starting with # using \ so it is treated as a pattern and not a
   * comment" does not work in CODEOWNERS, unlike gitignore: the line is reported and skipped. A
   * '#' further in, escaped or not, is part of the pattern.
   */
  @Test
  void escapedLeadingHashIsReportedAndSkippedWhileAnInnerOneIsLiteral() {
    CodeOwners owners = parse("\\#notes.md @a", "drafts/\\#wip/ @b");
    assertThat(owners.problems()).extracting(Problem::toString).containsExactly(
        "CODEOWNERS:1: pattern \\#notes.md escapes a leading '#', which CODEOWNERS does not support");
    assertThat(owners.rules()).extracting(Rule::pattern).containsExactly("drafts/\\#wip/");
    assertThat(owners.match("#notes.md")).isEmpty();
    assertThat(owners.owners("drafts/#wip/plan.md")).containsExactly("@b");
  }

  @Test
  void escapedSpaceAndWildcardsAreLiteral() {
    CodeOwners owners = parse("my\\ dir/ @a", "what\\?.md @b", "star\\*.md @c");
    assertThat(owners.owners("my dir/x")).containsExactly("@a");
    assertThat(owners.owners("what?.md")).containsExactly("@b");
    assertThat(owners.match("whatX.md")).isEmpty();
    assertThat(owners.owners("star*.md")).containsExactly("@c");
    assertThat(owners.match("starry.md")).isEmpty();
  }

  @Test
  void readsWindowsLineEndingsAndAByteOrderMark() {
    CodeOwners owners = CodeOwners.parse("CODEOWNERS", "\uFEFF* @a\r\n# c\r\n*.md @b\r\n");
    assertThat(owners.rules()).extracting(Rule::line).containsExactly(1, 3);
    assertThat(owners.owners("x.java")).containsExactly("@a");
    assertThat(owners.owners("x.md")).containsExactly("@b");
  }

  // Invalid lines.

  /** GitHub: "Using ! to negate a pattern" does not work; the line is skipped and reported. */
  @Test
  void negationIsReportedAndSkippedWhileOtherLinesStillApply() {
    CodeOwners owners = parse("* @a", "!vendor/ @b", "*.md @c");
    assertThat(owners.problems()).containsExactly(new Problem("CODEOWNERS", 2,
        "pattern !vendor/ negates with '!', which CODEOWNERS does not support"));
    assertThat(owners.rules()).extracting(Rule::line).containsExactly(1, 3);
    assertThat(owners.owners("vendor/lib.c")).containsExactly("@a");
    assertThat(owners.owners("vendor/README.md")).containsExactly("@c");
  }

  /** gitignore: "\!" is a literal '!', which is not a negation. */
  @Test
  void escapedExclamationMarkIsAPattern() {
    CodeOwners owners = parse("\\!important.txt @a");
    assertThat(owners.problems()).isEmpty();
    assertThat(owners.owners("!important.txt")).containsExactly("@a");
  }

  /** GitHub: "Using [ ] to define a character range" does not work. */
  @Test
  void characterRangeIsReportedWithItsLineNumber() {
    CodeOwners owners = parse("# header", "*.[ch] @c-team", "*.rs @rust-team");
    assertThat(owners.problems()).extracting(Problem::toString).containsExactly(
        "CODEOWNERS:2: pattern *.[ch] uses a '[ ]' range, which CODEOWNERS does not support");
    assertThat(owners.match("main.c")).isEmpty();
    assertThat(owners.owners("main.rs")).containsExactly("@rust-team");
  }

  @Test
  void everyInvalidLineIsReportedNotJustTheFirst() {
    CodeOwners owners = CodeOwners.parse(".github/CODEOWNERS", String.join("\n",
        "!a @x", "b[0-9] @x", "c\\", "/ @x", "d/\\/e @x", "e owner-without-at", "f @x"));
    assertThat(owners.problems()).extracting(Problem::toString).containsExactly(
        ".github/CODEOWNERS:1: pattern !a negates with '!', which CODEOWNERS does not support",
        ".github/CODEOWNERS:2: pattern b[0-9] uses a '[ ]' range, which CODEOWNERS does not"
            + " support",
        ".github/CODEOWNERS:3: pattern c\\ has a '\\' that escapes nothing",
        ".github/CODEOWNERS:4: pattern / matches no path",
        ".github/CODEOWNERS:5: pattern d/\\/e has a '\\' that escapes nothing",
        ".github/CODEOWNERS:6: owner owner-without-at is not an @user, an @org/team or an e-mail"
            + " address");
    assertThat(owners.rules()).containsExactly(new Rule("f", List.of("@x"), 7));
  }

  // Pattern rules.

  /** gitignore: a name without a slash matches a file or a directory of that name anywhere. */
  @Test
  void nameWithoutSlashMatchesFilesAndDirectoriesAtAnyDepth() {
    CodeOwners owners = parse("build @a");
    assertThat(owners.owners("build")).containsExactly("@a");
    assertThat(owners.owners("tools/build")).containsExactly("@a");
    assertThat(owners.owners("build/out/x.o")).containsExactly("@a");
    assertThat(owners.owners("tools/build/x.o")).containsExactly("@a");
    assertThat(owners.match("rebuild")).isEmpty();
    assertThat(owners.match("build.gradle")).isEmpty();
  }

  /** gitignore: a middle slash anchors the pattern at the root even without a leading one. */
  @Test
  void middleSlashAnchorsAtTheRoot() {
    CodeOwners owners = parse("src/main @a");
    assertThat(owners.owners("src/main/App.java")).containsExactly("@a");
    assertThat(owners.match("lib/src/main/App.java")).isEmpty();
    assertThat(owners.match("src/mainline/App.java")).isEmpty();
  }

  /** gitignore: '*' stays within one segment; "/**&#47;" spans zero or more directories. */
  @Test
  void singleStarStaysInOneDirectoryWhileDoubleStarCrossesMany() {
    CodeOwners single = parse("src/*/test @a");
    assertThat(single.owners("src/core/test/T.java")).containsExactly("@a");
    assertThat(single.match("src/core/impl/test/T.java")).isEmpty();
    assertThat(single.match("src/test/T.java")).isEmpty();
    CodeOwners globstar = parse("src/**/test @a");
    assertThat(globstar.owners("src/core/test/T.java")).containsExactly("@a");
    assertThat(globstar.owners("src/core/impl/test/T.java")).containsExactly("@a");
    assertThat(globstar.owners("src/test/T.java")).containsExactly("@a");
    assertThat(globstar.match("src/contest/T.java")).isEmpty();
  }

  /** gitignore: a trailing "/**" matches everything inside the directory, not the name itself. */
  @Test
  void trailingDoubleStarOwnsEverythingInside() {
    CodeOwners owners = parse("docs/** @a");
    assertThat(owners.owners("docs/a.md")).containsExactly("@a");
    assertThat(owners.owners("docs/x/y/z.md")).containsExactly("@a");
    assertThat(owners.match("docs")).isEmpty();
    assertThat(owners.match("src/docs/a.md")).isEmpty();
  }

  @Test
  void doubleStarAloneOrRepeatedMatchesLikeOne() {
    assertThat(parse("** @a").owners("x/y/z")).containsExactly("@a");
    assertThat(parse("/** @a").owners("x")).containsExactly("@a");
    assertThat(parse("**/ @a").owners("x/y")).containsExactly("@a");
    assertThat(parse("a/**/**/b @a").owners("a/b")).containsExactly("@a");
    assertThat(parse("a/**/ @a").owners("a/x/y")).containsExactly("@a");
  }

  /** gitignore: consecutive asterisks inside a segment are ordinary '*'. */
  @Test
  void doubleStarInsideASegmentIsAPlainStar() {
    CodeOwners owners = parse("/foo**bar @a");
    assertThat(owners.owners("fooXbar")).containsExactly("@a");
    assertThat(owners.owners("foobar/x")).containsExactly("@a");
    assertThat(owners.match("foo/x/bar")).isEmpty();
  }

  /** GitHub: like "docs/*", "/*" owns the files at the root and nothing below. */
  @Test
  void rootedStarOwnsOnlyRootFiles() {
    CodeOwners owners = parse("/* @a");
    assertThat(owners.owners("README.md")).containsExactly("@a");
    assertThat(owners.match("src/App.java")).isEmpty();
  }

  @Test
  void questionMarkMatchesOneCharacterButNotASlash() {
    CodeOwners owners = parse("/v?.txt @a");
    assertThat(owners.owners("v1.txt")).containsExactly("@a");
    assertThat(owners.match("v12.txt")).isEmpty();
    assertThat(owners.match("v.txt")).isEmpty();
    assertThat(parse("a?b @a").match("a/b")).isEmpty();
  }

  /** GitHub: "CODEOWNERS paths are case sensitive". */
  @Test
  void matchingIsCaseSensitive() {
    CodeOwners owners = parse("*.JS @a", "/Docs/ @b");
    assertThat(owners.match("app.js")).isEmpty();
    assertThat(owners.match("docs/a.md")).isEmpty();
    assertThat(owners.owners("Docs/a.md")).containsExactly("@b");
  }

  @Test
  void patternTextIsTakenLiterallyNotAsARegex() {
    CodeOwners owners = parse("a+b.(c)$ @a");
    assertThat(owners.owners("a+b.(c)$")).containsExactly("@a");
    assertThat(owners.match("aab.(c)$")).isEmpty();
  }

  // Precedence and results.

  /** Overlapping rules, most general first; each path takes the last rule that matches it. */
  @Test
  void lastMatchingRuleWinsAmongOverlappingRules() {
    CodeOwners owners = parse(
        "*                @everyone",
        "src/             @core",
        "*.java           @java",
        "src/gen/         @octo-org/build-team",
        "src/gen/keep/    releases@example.com");
    assertThat(owners.owners("README.md")).containsExactly("@everyone");
    assertThat(owners.owners("src/main.c")).containsExactly("@core");
    assertThat(owners.owners("src/App.java")).containsExactly("@java");
    assertThat(owners.owners("src/gen/Parser.java")).containsExactly("@octo-org/build-team");
    assertThat(owners.owners("src/gen/keep/Version.java")).containsExactly("releases@example.com");
    assertThat(owners.match("src/gen/keep/Version.java")).map(Rule::line).contains(5);
  }

  /** An earlier, more specific rule loses to a later general one. */
  @Test
  void laterGeneralRuleOverridesEarlierSpecificOne() {
    CodeOwners owners = parse("/src/gen/ @build", "* @everyone");
    assertThat(owners.owners("src/gen/Parser.java")).containsExactly("@everyone");
  }

  @Test
  void pathThatNoRuleMatchesHasNoRuleAndNoOwners() {
    CodeOwners owners = parse("*.md @writer");
    assertThat(owners.match("src/App.java")).isEmpty();
    assertThat(owners.owners("src/App.java")).isEmpty();
    assertThat(CodeOwners.parse("CODEOWNERS", "").owners("x")).isEmpty();
  }

  @Test
  void pathsMustBeRepositoryRelative() {
    CodeOwners owners = parse("* @a");
    assertThatThrownBy(() -> owners.match("/README.md"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> owners.owners("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rulesAndProblemsCannotBeChanged() {
    CodeOwners owners = parse("* @a", "!b @c");
    assertThatThrownBy(() -> owners.rules().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> owners.problems().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> owners.rules().get(0).owners().add("@z"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  /** GitHub searches .github/, then the root, then docs/, and uses the first file it finds. */
  @Test
  void locationsAreInGitHubsLookupOrder() {
    assertThat(CodeOwners.LOCATIONS)
        .containsExactly(".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS");
  }

  // GitHub's example file as a whole, path by path (docs.github.com, "About code owners").

  /** The documented example file verbatim, comments, blank lines and both closing examples included. */
  static final String GITHUB_EXAMPLE = String.join("\n",
      "# This is a comment.",
      "# Each line is a file pattern followed by one or more owners.",
      "",
      "# These owners will be the default owners for everything in",
      "# the repo. Unless a later match takes precedence,",
      "# @global-owner1 and @global-owner2 will be requested for",
      "# review when someone opens a pull request.",
      "*       @global-owner1 @global-owner2",
      "",
      "# Order is important; the last matching pattern takes the most",
      "# precedence. When someone opens a pull request that only",
      "# modifies JS files, only @js-owner and not the global",
      "# owner(s) will be requested for a review.",
      "*.js    @js-owner #This is an inline comment.",
      "",
      "# You can also use email addresses if you prefer. They'll be",
      "# used to look up users just like we do for commit author",
      "# emails.",
      "*.go docs@example.com",
      "",
      "# Teams can be specified as code owners as well. Teams should",
      "# be identified in the format @org/team-name. Teams must have",
      "# explicit write access to the repository. In this example,",
      "# the octocats team in the octo-org organization owns all .txt files.",
      "*.txt @octo-org/octocats",
      "",
      "# In this example, @doctocat owns any files in the build/logs",
      "# directory at the root of the repository and any of its",
      "# subdirectories.",
      "/build/logs/ @doctocat",
      "",
      "# The `docs/*` pattern will match files like",
      "# `docs/getting-started.md` but not further nested files like",
      "# `docs/build-app/troubleshooting.md`.",
      "docs/*  docs@example.com",
      "",
      "# In this example, @octocat owns any file in an apps directory",
      "# anywhere in your repository.",
      "apps/ @octocat",
      "",
      "# In this example, @doctocat owns any file in the `/docs`",
      "# directory in the root of your repository and any of its",
      "# subdirectories.",
      "/docs/ @doctocat",
      "",
      "# In this example, any change inside the `/scripts` directory",
      "# will require approval from @doctocat or @octocat.",
      "/scripts/ @doctocat @octocat",
      "",
      "# In this example, @octocat owns any file in a `/logs` directory such as",
      "# `/build/logs`, `/scripts/logs`, and `/deeply/nested/logs`. Any changes",
      "# in a `/logs` directory will require approval from @octocat.",
      "**/logs @octocat",
      "",
      "# In this example, @octocat owns any file in the `/apps`",
      "# directory in the root of your repository except for the `/apps/github`",
      "# subdirectory, as its owners are left empty.",
      "/apps/ @octocat",
      "/apps/github",
      "",
      "# In this example, @octocat owns any file in the `/apps`",
      "# directory in the root of your repository except for the `/apps/github`",
      "# subdirectory, as this subdirectory has its own owner @doctocat",
      "/apps/ @octocat",
      "/apps/github @doctocat",
      "");

  /** The example without its last block, so that {@code /apps/github} (no owners) is the last word. */
  static final String GITHUB_EXAMPLE_WITHOUT_LAST_BLOCK =
      GITHUB_EXAMPLE.substring(0, GITHUB_EXAMPLE.lastIndexOf("\n\n# In this example, @octocat owns any file in the `/apps`"));

  @Test
  void theWholeDocumentedFileParsesIntoFourteenRulesOnTheirLines() {
    CodeOwners owners = CodeOwners.parse("CODEOWNERS", GITHUB_EXAMPLE);
    assertThat(owners.problems()).isEmpty();
    assertThat(owners.rules()).extracting(Rule::pattern).containsExactly("*", "*.js", "*.go", "*.txt", "/build/logs/",
        "docs/*", "apps/", "/docs/", "/scripts/", "**/logs", "/apps/", "/apps/github", "/apps/", "/apps/github");
    assertThat(owners.rules()).extracting(Rule::line).containsExactly(8, 14, 19, 25, 30, 35, 39, 44, 48, 53, 58, 59, 64, 65);
    assertThat(owners.rules().get(1).owners()).as("the inline comment is no owner").containsExactly("@js-owner");
  }

  /** Each path against the whole documented file: the last rule that matches decides (owners space-separated). */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', nullValues = "none", value = {
    // "*": the default owners, at any depth
    "README.md                           | @global-owner1 @global-owner2",
    ".github/workflows/ci.yml            | @global-owner1 @global-owner2",
    "src/main/App.java                   | @global-owner1 @global-owner2",
    // "*.js" after "*": JS files at any depth go to @js-owner alone
    "index.js                            | @js-owner",
    "web/src/components/app.js           | @js-owner",
    "app.jsx                             | @global-owner1 @global-owner2",
    // e-mail and team owners
    "main.go                             | docs@example.com",
    "cmd/server/main.go                  | docs@example.com",
    "notes.txt                           | @octo-org/octocats",
    "deeply/nested/notes.txt             | @octo-org/octocats",
    // "/build/logs/" loses to the later "**/logs"
    "build/logs/output.log               | @octocat",
    "build/logs/2024/01/output.js        | @octocat",
    "build/output.txt                    | @octo-org/octocats",
    "src/build/logs/x.txt                | @octocat",
    // "docs/*" then "/docs/": the later root rule owns docs/ at every depth
    "docs/getting-started.md             | @doctocat",
    "docs/build-app/troubleshooting.md   | @doctocat",
    "docs/notes.txt                      | @doctocat",
    "src/docs/getting-started.md         | @global-owner1 @global-owner2",
    // "apps/": an apps directory anywhere
    "services/apps/api/main.py           | @octocat",
    "services/apps/api/main.js           | @octocat",
    "myapps/main.py                      | @global-owner1 @global-owner2",
    // "/scripts/": two owners, either approves; "**/logs" inside it is later still
    "scripts/deploy.sh                   | @doctocat @octocat",
    "scripts/deploy.js                   | @doctocat @octocat",
    "scripts/logs/run.log                | @octocat",
    // "**/logs": a logs directory (or file) at any depth, the root included
    "logs/x.log                          | @octocat",
    "deeply/nested/logs/app.log          | @octocat",
    "build/logs                          | @octocat",
    "catalogs/index.md                   | @global-owner1 @global-owner2",
    "logs.txt                            | @octo-org/octocats",
    // "/apps/" and "/apps/github @doctocat" close the file
    "apps/web/index.html                 | @octocat",
    "apps/github/README.md               | @doctocat",
    "apps/github/logs/x.log              | @doctocat",
    "apps/githubber/x.md                 | @octocat",
  })
  void eachPathOfTheDocumentedFileHasTheOwnersOfItsLastMatchingRule(String path, String expected) {
    assertThat(CodeOwners.parse("CODEOWNERS", GITHUB_EXAMPLE).owners(path))
        .containsExactly(expected == null ? new String[0] : expected.split(" "));
  }

  /** The documented "/apps/github" with no owners, as the last rule: its paths have none, "**\/logs" included. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', nullValues = "none", value = {
    "apps/github/README.md               | none",
    "apps/github                         | none",
    "apps/github/logs/x.log              | none",
    "apps/github/main.js                 | none",
    "apps/githubber/x.md                 | @octocat",
    "apps/web/x.js                       | @octocat",
    "services/apps/github/x.md           | @octocat",
  })
  void aLastRuleWithoutOwnersLeavesItsPathsUnowned(String path, String expected) {
    CodeOwners owners = CodeOwners.parse("CODEOWNERS", GITHUB_EXAMPLE_WITHOUT_LAST_BLOCK);
    assertThat(owners.owners(path)).containsExactly(expected == null ? new String[0] : expected.split(" "));
    if (expected == null) {
      assertThat(owners.match(path)).map(Rule::pattern).contains("/apps/github");
    }
  }

  /** '*' never crosses a '/', '**' does; a leading '/' or a middle one anchors at the root. */
  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource({
    "*,            README.md,          true",
    "*,            a/b/c.txt,          true",
    "/*,           README.md,          true",
    "/*,           a/b.txt,            false",
    "**,           a/b/c,              true",
    "/**,          a/b/c,              true",
    "docs/*,       docs/a.md,          true",
    "docs/*,       docs/a/b.md,        false",
    "docs/**,      docs/a.md,          true",
    "docs/**,      docs/a/b.md,        true",
    "docs/**,      docs,               false",
    "*.js,         a/b.js,             true",
    "/*.js,        b.js,               true",
    "/*.js,        a/b.js,             false",
    "**/*.js,      b.js,               true",
    "**/*.js,      a/b/c.js,           true",
    "src/*.js,     src/a.js,           true",
    "src/*.js,     src/x/a.js,         false",
    "src/**/*.js,  src/a.js,           true",
    "src/**/*.js,  src/x/y/a.js,       true",
    "src/**/*.js,  lib/src/a.js,       false",
    "*/logs,       a/logs/x,           true",
    "*/logs,       logs/x,             false",
    "*/logs,       a/b/logs/x,         false",
    "**/logs,      a/b/logs/x,         true",
    "/**/logs,     logs/x,             true",
    "/**/logs,     a/b/logs/x,         true",
    "a/*/,         a/b/c.txt,          true",
    "a/*/,         a/x.txt,            false",
  })
  void singleAndDoubleStars(String pattern, String path, boolean matches) {
    assertThat(parse(pattern + " @a").match(path).isPresent()).isEqualTo(matches);
  }

  /** A trailing '/' names a directory only; without it a name is a file or a directory. */
  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource({
    "logs/,         logs/x,            true",
    "logs/,         a/logs/x,          true",
    "logs/,         logs,              false",
    "/logs/,        a/logs/x,          false",
    "build/logs/,   build/logs/x,      true",
    "build/logs/,   a/build/logs/x,    false",
    "build/logs/,   build/logs,        false",
    "logs,          logs,              true",
    "logs,          a/logs,            true",
    "logs,          a/logs/b/c,        true",
    "logs,          a/logsx,           false",
    "/apps/github,  apps/github,        true",
    "/apps/github,  apps/github/x/y,   true",
    "/apps/github,  apps/githubx,      false",
  })
  void directoryPatterns(String pattern, String path, boolean matches) {
    assertThat(parse(pattern + " @a").match(path).isPresent()).isEqualTo(matches);
  }
}
