package dev.junction.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.junction.gate.DiffLint.AddedLine;
import dev.junction.gate.DiffLint.LintFinding;
import dev.junction.gate.DiffLint.Rule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The self-review lint on realistic added lines. Fake credentials and home paths are assembled from
 * pieces so that this file passes the lint it tests.
 */
class DiffLintTest {
  static final String AWS_KEY = "AKIA" + "IOSFODNN7EXAMPLE";
  static final String GITHUB_CLASSIC = "ghp_" + "a1B2c3D4e5F6g7H8" + "i9J0k1L2m3N4o5P6" + "q7R8";
  static final String GITHUB_FINE =
      "github_pat_" + "11ABCDEFG0" + "123456789_" + "abcdefghijklmno" + "pqrstuvwxyz0123";
  static final String SLACK = "xoxb-" + "1234567890-0987654321-" + "AbCdEfGhIjKlMnOp";
  static final String JWT =
      "eyJhbGciOiJI" + "UzI1NiJ9" + ".eyJzdWIiOiJzZXNzaW9uLTcifQ" + ".dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  static final String PEM_HEADER = "-----BEGIN PRIVATE" + " KEY-----";
  static final String PEM_BODY = "MIIEvQIBADANBgkq" + "hkiG9w0BAQEFAASC";

  static List<LintFinding> lint(String path, String... lines) {
    List<AddedLine> added = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      added.add(new AddedLine(path, i + 1, lines[i]));
    }
    return DiffLint.check(added);
  }

  static Set<Rule> rules(String path, String line) {
    return lint(path, line).stream().map(LintFinding::rule)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Rule.class)));
  }

  static Optional<String> excerpt(String path, String line) {
    return lint(path, line).stream().map(LintFinding::excerpt).findFirst();
  }

  // debug-print

  static Stream<Arguments> debugPrints() {
    return Stream.of(
        arguments("infrafabric/coordinator.py", "    print(f\"claimed {task_id}\")"),
        arguments("infrafabric/coordinator.py", "    if verbose: print(state)"),
        arguments("infrafabric/coordinator.py", "    lease = claim(task); print (lease)"),
        arguments("tests/test_coordinator.py", "    print(result)"),
        arguments("src/main/java/dev/x/Claim.java", "        System.out.println(\"lease \" + lease);"),
        arguments("src/main/java/dev/x/Claim.java", "    System.err.printf(\"%s%n\", task);"),
        arguments("src/main/java/dev/x/Claim.java", "    } catch (IOException e) { e.printStackTrace(); }"),
        arguments("app/src/main/kotlin/Main.kt", "    println(\"claimed $taskId\")"),
        arguments("app/src/main/kotlin/Main.kt", "    System.out.println(task)"),
        arguments("web/src/board.ts", "  console.log('tasks', tasks);"),
        arguments("web/src/board.js", "  console.debug(`lease ${lease}`)"),
        arguments("cmd/junction/main.go", "\tfmt.Println(\"claimed\", id)"),
        arguments("cmd/junction/main.go", "\tprintln(id)"),
        arguments("src/lib.rs", "    println!(\"claimed {}\", id);"),
        arguments("src/lib.rs", "    let lease = dbg!(lease);"),
        arguments("src/lib.rs", "fn show<'a>(x: &'a str) { println!(\"{}\", x) }"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("debugPrints")
  void flagsDebugPrints(String path, String line) {
    assertThat(rules(path, line)).contains(Rule.DEBUG_PRINT);
  }

  static Stream<Arguments> notDebugPrints() {
    return Stream.of(
        arguments("infrafabric/coordinator.py", "    logger.info(\"claimed %s\", task_id)"),
        arguments("infrafabric/coordinator.py", "    self.printer.print(report)"),
        arguments("infrafabric/coordinator.py", "    message = \"print(x) is not allowed\""),
        arguments("infrafabric/coordinator.py", "    def print(self, out):"),
        arguments("infrafabric/coordinator.py", "    pprint.pprint(state)"),
        arguments("infrafabric/coordinator.py", "    blueprint(app)"),
        arguments("infrafabric/coordinator.py", "    \"\"\"Docstring that shows print(x)"),
        arguments("infrafabric/coordinator.py", "    Call print(lease) to see who holds it."),
        arguments("infrafabric/coordinator.py", "    >>> print(lease)"),
        arguments("src/main/java/dev/x/Claim.java", "    log.info(\"System.out.println is banned\");"),
        arguments("src/main/java/dev/x/Claim.java", "    out.println(line);"),
        arguments("src/main/java/dev/x/Claim.java", "    e.printStackTrace(writer);"),
        arguments("app/src/main/kotlin/Main.kt", "fun println(message: String) = log.info(message)"),
        arguments("web/src/board.ts", "  console.error('claim failed', err);"),
        arguments("web/src/board.ts", "  myconsole.log(x)"),
        arguments("cmd/junction/main.go", "\tfmt.Fprintln(os.Stderr, err)"),
        arguments("cmd/junction/main.go", "\tmsg := fmt.Sprintf(\"%d\", n)"),
        arguments("cmd/junction/main.go", "\tusage := `fmt.Println(x)`"),
        arguments("cmd/junction/main.go", "func println(s string) {"),
        arguments("src/lib.rs", "    eprintln!(\"error: {}\", e);"),
        arguments("src/lib.rs", "    let s = format!(\"{}\", x);"),
        arguments("src/main.c", "    printf(\"%d\\n\", n);"),
        arguments("docs/guide.md", "    print(x)"),
        arguments("scripts/setup.sh", "echo \"claimed $TASK\""));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("notDebugPrints")
  void leavesLoggingStringsAndOtherOutputAlone(String path, String line) {
    assertThat(rules(path, line)).doesNotContain(Rule.DEBUG_PRINT);
  }

  // commented-out-code

  static Stream<Arguments> commentedOutCode() {
    return Stream.of(
        arguments("infrafabric/coordinator.py", "    # result = coordinator.claim(task_id)"),
        arguments("infrafabric/coordinator.py", "    # return self._cache[key]"),
        arguments("infrafabric/coordinator.py", "# import pdb"),
        arguments("infrafabric/coordinator.py", "# from infrafabric import coordinator"),
        arguments("infrafabric/coordinator.py", "    # if lease.expired():"),
        arguments("infrafabric/coordinator.py", "    # def release(self, task_id):"),
        arguments("infrafabric/coordinator.py", "        # for task in tasks:"),
        arguments("infrafabric/coordinator.py", "    # raise TimeoutError(\"lease expired\")"),
        arguments("infrafabric/coordinator.py", "        # else:"),
        arguments("infrafabric/coordinator.py", "    # x: int = 3"),
        arguments("infrafabric/coordinator.py", "        # return"),
        arguments("infrafabric/coordinator.py", "    # rows(x)[0].strip().split(\",\")"),
        arguments("cmd/junction/main.go", "\t// go renew(lease, done)"),
        arguments("tests/test_coordinator.py", "# @pytest.mark.skip"),
        arguments("src/main/java/dev/x/Claim.java", "        // int retries = 3;"),
        arguments("src/main/java/dev/x/Claim.java", "        // private static final int MAX = 3"),
        arguments("src/main/java/dev/x/Claim.java", "        // break;"),
        arguments("src/main/java/dev/x/Claim.java", "        // i++;"),
        arguments("src/main/java/dev/x/Claim.java", "        // coordinator.claim(taskId)"),
        arguments("src/main/java/dev/x/Claim.java", "        // }"),
        arguments("src/main/java/dev/x/Claim.java", "        // if (lease.isExpired()) {"),
        arguments("src/main/java/dev/x/Claim.java", "        // while (running)"),
        arguments("src/main/java/dev/x/Claim.java", "        /* validate(request); */"),
        arguments("src/main/java/dev/x/Claim.java", "    // @Override"),
        arguments("src/main/java/dev/x/Claim.java", "    // Map<String, Integer> counts = new HashMap<>()"),
        arguments("app/src/main/kotlin/Main.kt", "    // val lease: Lease = claim(task)"),
        arguments("web/src/board.ts", "  // const tasks = await fetchTasks();"),
        arguments("web/src/board.ts", "  // import { claim } from './api'"),
        arguments("cmd/junction/main.go", "\t// lease := claim(id)"),
        arguments("cmd/junction/main.go", "\t// defer conn.Close()"),
        arguments("src/lib.rs", "    // let lease = claim(id)?;"),
        arguments("scripts/setup.sh", "# export JUNCTION_HOME=/opt/junction"),
        arguments("scripts/release.rb", "# retries += 1"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("commentedOutCode")
  void flagsCommentsThatReadAsCode(String path, String line) {
    assertThat(rules(path, line)).containsExactly(Rule.COMMENTED_OUT_CODE);
  }

  static Stream<Arguments> proseComments() {
    return Stream.of(
        arguments("infrafabric/coordinator.py", "    # Claim the task before the lease expires."),
        arguments("infrafabric/coordinator.py", "# x = number of retries before giving up"),
        arguments("infrafabric/coordinator.py", "    # return the cached value when it is fresh"),
        arguments("infrafabric/coordinator.py", "    # Retry the request when the lock is free;"),
        arguments("infrafabric/coordinator.py", "    # Note (important)"),
        arguments("infrafabric/coordinator.py", "    # e.g. claim(task)"),
        arguments("infrafabric/coordinator.py", "    # Returns:"),
        arguments("infrafabric/coordinator.py", "    # timeout = Big Value"),
        arguments("infrafabric/coordinator.py", "    # Note: x = 5"),
        arguments("infrafabric/coordinator.py", "    # So lease = claim(task)."),
        arguments("infrafabric/coordinator.py", "    # go through."),
        arguments("infrafabric/coordinator.py", "# Adapted with permission from the EdgeDB project;"),
        arguments("infrafabric/coordinator.py", "    # raise TimeoutError when the lease == 0.)"),
        arguments("infrafabric/coordinator.py", "    # Decode if in form =AB"),
        arguments("infrafabric/coordinator.py", "    # - Either _waiter is None, and _step() is scheduled;"),
        arguments("infrafabric/coordinator.py", "    # 2) claim(task)"),
        arguments("infrafabric/coordinator.py", "    # set_result() was not called, or result() raised"),
        arguments("infrafabric/coordinator.py", "    # release(task_id) (see below"),
        arguments("infrafabric/coordinator.py", "    # ratio = 3 \u00d7 4"),
        arguments("infrafabric/coordinator.py", "    # 3 x = y"),
        arguments("analysis/leases.r", "#' @param lease the lease to renew"),
        arguments("infrafabric/coordinator.py", "    # if the lease is held:"),
        arguments("infrafabric/coordinator.py", "    # type: ignore[attr-defined]"),
        arguments("infrafabric/coordinator.py", "    # noqa: E501"),
        arguments("infrafabric/coordinator.py", "#!/usr/bin/env python3"),
        arguments("infrafabric/coordinator.py", "# -*- coding: utf-8 -*-"),
        arguments("infrafabric/coordinator.py", "# pylint: disable=no-member"),
        arguments("infrafabric/coordinator.py", "# vim: set ts=4 sw=4:"),
        arguments("infrafabric/coordinator.py", "# SPDX-License-Identifier: Apache-2.0"),
        arguments("infrafabric/coordinator.py", "#: The lease in seconds."),
        arguments("infrafabric/coordinator.py", "# See https://etcd.io/docs/v3.5/learning/api/(cas)"),
        arguments("infrafabric/coordinator.py", "######## Leases ########"),
        arguments("infrafabric/coordinator.py", "lease = claim(task)  # lease = None"),
        arguments("src/main/java/dev/x/Claim.java", "    /** Claims the task. */"),
        arguments("src/main/java/dev/x/Claim.java", "     *   coordinator.claim(taskId);"),
        arguments("src/main/java/dev/x/Claim.java", "    /* validate(request); */ claim();"),
        arguments("src/main/java/dev/x/Claim.java", "    /* Only the owner may release;"),
        arguments("src/main/java/dev/x/Claim.java", "    // x <= limit"),
        arguments("src/main/java/dev/x/Claim.java", "    // The owner may release = safe"),
        arguments("src/lib.rs", "    /// let lease = claim(id)?;"),
        arguments("web/src/board.ts", "  // eslint-disable-next-line no-console"),
        arguments("cmd/junction/main.go", "//go:build linux"),
        arguments("config/junction.yaml", "# timeout: 30"),
        arguments("config/settings.toml", "# retries = 3"),
        arguments("Dockerfile", "# RUN make test;"),
        arguments("docs/guide.md", "<!-- claim(task); -->"),
        arguments("migrations/001_tasks.sql", "-- SELECT * FROM tasks;"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("proseComments")
  void leavesProseDirectivesAndDocumentationAlone(String path, String line) {
    assertThat(rules(path, line)).doesNotContain(Rule.COMMENTED_OUT_CODE);
  }

  @Test
  void aCommentedOutCallUnderTodoIsOnlyATodo() {
    assertThat(rules("infrafabric/coordinator.py", "    # TODO: release(task_id)")).containsExactly(Rule.TODO);
  }

  // todo

  static Stream<Arguments> todos() {
    return Stream.of(
        arguments("infrafabric/coordinator.py", "    # TODO: handle lease renewal"),
        arguments("infrafabric/coordinator.py", "    lease = claim(task)  # FIXME race with release"),
        arguments("src/main/java/dev/x/Claim.java", "    /* XXX: breaks on Windows */"),
        arguments("src/main/java/dev/x/Claim.java", "     * HACK: retries until the lock frees"),
        arguments("src/main/java/dev/x/Claim.java", "    // TODO(alice) drop once etcd 3.6 lands"),
        arguments("src/main/java/dev/x/Claim.java", "    char quote = '\"'; // FIXME escape it"),
        arguments("src/main/java/dev/x/Claim.java", "    /* TODO: split this class"),
        arguments("docs/rollback.md", "TODO: describe the rollback procedure"),
        arguments("docs/rollback.md", "See the runbook. <!-- FIXME broken link -->"),
        arguments("migrations/001_tasks.sql", "-- TODO add an index on task_id"),
        arguments("config/junction.yaml", "  retries: 3 # TODO tune"),
        arguments("config/junction.yaml", "  description: don't merge yet # XXX"),
        arguments("NOTES", "TODO(bob): fill in the owners"),
        arguments("scripts/setup.sh", "echo ${#items[@]} # XXX remove after the migration"),
        arguments("Makefile", "# HACK: pin the toolchain"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("todos")
  void flagsNotesInComments(String path, String line) {
    assertThat(rules(path, line)).containsExactly(Rule.TODO);
  }

  static Stream<Arguments> notTodos() {
    return Stream.of(
        arguments("infrafabric/coordinator.py", "    status = \"TODO\""),
        arguments("infrafabric/coordinator.py", "    \"\"\"TODO items are rendered by the board.\"\"\""),
        arguments("infrafabric/coordinator.py", "    # todo list is rendered by the board"),
        arguments("infrafabric/coordinator.py", "    # TODOS and MY_TODO are other words"),
        arguments("infrafabric/coordinator.py", "    # HACKING.md explains the setup"),
        arguments("src/main/java/dev/x/Rule.java", "    TODO(\"todo\"),"),
        arguments("src/main/java/dev/x/Rule.java", "    // The `TODO` rule flags notes in comments."),
        arguments("src/main/java/dev/x/Rule.java", "    /** Flags {@code FIXME} notes. */"),
        arguments("src/main/java/dev/x/Rule.java", "    // The word \"XXX\" is a placeholder here."),
        arguments("docs/review.md", "No `TODO` or FIXME in merged code."),
        arguments("docs/review.md", "Track TODO items in issues, not comments."),
        arguments("board.json", "  \"status\": \"TODO\","),
        arguments("scripts/setup.sh", "echo \"$# arguments, TODO: none\""));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("notTodos")
  void leavesMentionsStringsAndOtherWordsAlone(String path, String line) {
    assertThat(rules(path, line)).doesNotContain(Rule.TODO);
  }

  // secret

  static Stream<Arguments> secrets() {
    return Stream.of(
        arguments("infrafabric/storage.py", "s3 = boto3.client(\"s3\", aws_access_key_id=\"" + AWS_KEY + "\")"),
        arguments("infrafabric/github.py", "HEADERS = {\"Authorization\": \"Bearer " + GITHUB_CLASSIC + "\"}"),
        arguments("scripts/clone.sh", "git clone https://" + GITHUB_FINE + "@github.com/org/repo.git"),
        arguments("infrafabric/notify.py", "client = WebClient(" + "\"" + SLACK + "\")"),
        arguments("deploy/id_rsa", "-----BEGIN RSA PRIVATE" + " KEY-----"),
        arguments("deploy/keys.md", "-----BEGIN OPENSSH PRIVATE" + " KEY-----"),
        arguments("tests/test_auth.py", "    request.headers[\"Authorization\"] = \"Bearer " + JWT + "\""),
        arguments("infrafabric/db.py", "DB_PASSWORD = \"hunter2!\""),
        arguments("infrafabric/db.py", "password = \"changeme\""),
        arguments("infrafabric/db.py", "    connect(host=\"db\", password=b\"Winter2025\")"),
        arguments("src/main/java/dev/x/Api.java", "  private static final String apiKey = \"k3y-for-staging\";"),
        arguments("config/service.json", "  \"client_secret\": \"s3cr3t-value\","),
        arguments("cmd/junction/main.go", "\tcfg := Config{Password: \"correct-horse\"}"),
        arguments("app/src/main/kotlin/Auth.kt", "    val accessToken: String = \"tok-9f8e7d\""),
        arguments("web/src/api.ts", "const opts = { token: '" + "abc123def456' };"),
        arguments("config/application.yaml", "    password: hunter2prod"),
        arguments("config/application.yaml", "  - api_key: k3y-for-staging # staging only"),
        arguments("src/main/resources/application.properties", "spring.datasource.password=Winter2025"),
        arguments(".env", "STRIPE_API_KEY=sk_live_abc123"),
        arguments(".env.local", "API_TOKEN=abc123def"),
        arguments("scripts/setup.sh", "export GITHUB_TOKEN=abc123def"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("secrets")
  void flagsCredentials(String path, String line) {
    assertThat(rules(path, line)).containsExactly(Rule.SECRET);
  }

  static Stream<Arguments> notSecrets() {
    return Stream.of(
        arguments("infrafabric/db.py", "password = os.environ[\"DB_PASSWORD\"]"),
        arguments("infrafabric/db.py", "password = get_password()"),
        arguments("infrafabric/db.py", "password = \"\""),
        arguments("infrafabric/db.py", "token = \"abc\""),
        arguments("infrafabric/db.py", "api_key = \"${API_KEY}\""),
        arguments("infrafabric/db.py", "token = \"<your token>\""),
        arguments("infrafabric/db.py", "password = \"Enter your password\""),
        arguments("infrafabric/db.py", "secret = \"xxxxxxxx\""),
        arguments("infrafabric/db.py", "secret = \"********\""),
        arguments("infrafabric/db.py", "password = \"example\""),
        arguments("api/openapi.json", "  \"password\": \"string\","),
        arguments("infrafabric/db.py", "DB_PASSWORD = \"DB_PASSWORD\""),
        arguments("infrafabric/db.py", "api_key = \"your-api-key\""),
        arguments("infrafabric/db.py", "PASSWORD_ENV = \"DB_PASSWORD\""),
        arguments("infrafabric/db.py", "token_type = \"bearer\""),
        arguments("infrafabric/db.py", "if password == \"hunter2\":"),
        arguments("src/main/java/dev/x/Db.java", "    String password = System.getenv(\"DB_PASSWORD\");"),
        arguments("config/application.yaml", "    password: ${DB_PASSWORD}"),
        arguments("config/application.yaml", "    password: null"),
        arguments("config/application.yaml", "    token: !vault |"),
        arguments("infrafabric/db.py", "token = abc123def"),
        arguments("infrafabric/notify.py", "SLACK_BOT = \"xoxb-your-bot-here\""),
        arguments("infrafabric/github.py", "PREFIX = \"ghp_\""),
        arguments("infrafabric/ids.py", "SESSION = \"123e4567-e89b-12d3-a456-426614174000\""),
        arguments("infrafabric/ids.py", "BASE = \"9fceb02d0ae598e95dc970b74767f19372d61af8\""),
        arguments("infrafabric/ids.py", "PHONE = \"12345678901234567890123\""),
        arguments("infrafabric/ids.py", "NAME = \"ThisIsAVeryLongIdentifierName\""),
        arguments("infrafabric/ids.py",
            "BRANCH = \"claude/debug-session-" + "freezing-011CV2mM1F" + "VCwsC8GoBR2aQy\""),
        arguments("infrafabric/ids.py", "ALPHABET = \"abcdefghijklmnopqrstuvwxyz0123456789-_\""));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("notSecrets")
  void leavesReferencesPlaceholdersAndIdsAlone(String path, String line) {
    assertThat(rules(path, line)).doesNotContain(Rule.SECRET);
  }

  @Test
  void masksAllButTheFirstFourCharactersOfAToken() {
    assertThat(excerpt("infrafabric/storage.py", "  key = \"" + AWS_KEY + "\"  "))
        .contains("key = \"AKIA" + "*".repeat(16) + "\"");
  }

  @Test
  void masksShortSecretsMoreThanFourCharactersDeep() {
    assertThat(excerpt("infrafabric/db.py", "DB_PASSWORD = \"hunter2!\""))
        .contains("DB_PASSWORD = \"hu******\"");
  }

  @Test
  void keepsAPrivateKeyHeaderReadableAndMasksTheKey() {
    assertThat(excerpt("infrafabric/keys.py", "KEY = \"" + PEM_HEADER + PEM_BODY + "\""))
        .contains("KEY = \"" + PEM_HEADER + "*".repeat(PEM_BODY.length()) + "\"");
  }

  @Test
  void masksSecretsInTheExcerptOfEveryFindingOnTheLine() {
    List<LintFinding> findings = lint("infrafabric/storage.py", "KEY = \"" + AWS_KEY + "\"  # TODO: rotate");

    assertThat(findings).extracting(LintFinding::rule).containsExactly(Rule.TODO, Rule.SECRET);
    assertThat(findings).extracting(LintFinding::excerpt)
        .containsOnly("KEY = \"AKIA" + "*".repeat(16) + "\"  # TODO: rotate");
  }

  // secret: entropy

  @Test
  void aBase64StringAtFourBitsPerCharacterIsASecret() {
    String sixteenDistinct = "aB3dE5gH7jK9mN1p";
    assertThat(DiffLint.entropy(sixteenDistinct.repeat(2))).isCloseTo(4.0, within(1e-9));
    assertThat(rules("config/service.json", "\"signing\": \"" + sixteenDistinct.repeat(2) + "\""))
        .containsExactly(Rule.SECRET);
  }

  @Test
  void aBase64StringJustUnderFourBitsPerCharacterIsNot() {
    String fifteenDistinct = "aB3dE5gH7jK9mN1";
    assertThat(DiffLint.entropy(fifteenDistinct.repeat(2))).isLessThan(DiffLint.BASE64_ENTROPY);
    assertThat(rules("config/service.json", "\"signing\": \"" + fifteenDistinct.repeat(2) + "\"")).isEmpty();
  }

  @Test
  void aQuotedStringNeedsTwentyCharactersToBeJudgedByEntropy() {
    String twenty = "aB3dE5gH7j" + "K9mN1pQ2rS";
    assertThat(rules("config/service.json", "\"signing\": \"" + twenty + "\"")).containsExactly(Rule.SECRET);
    assertThat(rules("config/service.json", "\"signing\": \"" + twenty.substring(1) + "\"")).isEmpty();
  }

  @Test
  void aHexStringAtThreeBitsPerCharacterIsASecretAndJustUnderIsNot() {
    assertThat(rules("infrafabric/hooks.py", "HMAC = \"" + "0123abcd".repeat(3) + "\""))
        .containsExactly(Rule.SECRET);
    assertThat(rules("infrafabric/hooks.py", "HMAC = \"" + "0123abc".repeat(4) + "\"")).isEmpty();
  }

  @Test
  void integrityHashesAndLockFilesAreNotJudgedByEntropy() {
    String digest = "oqVuAfXRKap7fdgc" + "CY5uykM6+R9GqQ8K" + "/uxy9rx7HNQlGYl1";
    assertThat(rules("web/index.html", "<script src=\"app.js\" integrity=\"sha384-" + digest + "\"></script>"))
        .isEmpty();
    assertThat(rules("yarn.lock", "  resolved \"" + digest + "\"")).isEmpty();
    assertThat(rules("web/package-lock.json", "      \"resolved\": \"" + digest + "\",")).isEmpty();
    assertThat(rules("web/config.json", "      \"resolved\": \"" + digest + "\",")).containsExactly(Rule.SECRET);
  }

  @Test
  void specificTokensAreFoundInLockFilesToo() {
    assertThat(rules("Cargo.lock", "# " + AWS_KEY)).containsExactly(Rule.SECRET);
  }

  // absolute-path

  static Stream<Arguments> homePaths() {
    return Stream.of(
        arguments("infrafabric/cache.py", "CACHE = \"/home/" + "alice/.cache/junction\""),
        arguments("README.md", "Clone into /Users/" + "bob/src/junction first."),
        arguments("scripts/deploy.sh", "cd /root/" + "deploy && ./run.sh"),
        arguments("src/main/java/dev/x/Paths.java",
            "    Path p = Path.of(\"C:\\\\" + "Users\\\\carol\\\\junction\");"),
        arguments("config/ci.yaml", "  workdir: C:/" + "Users/dave/ci"),
        arguments("infrafabric/report.py", "URL = \"file:///home/" + "erin/report.html\""),
        arguments("scripts/env.sh", "export PATH=/usr/bin:/home/" + "frank/bin"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("homePaths")
  void flagsPathsIntoSomeonesHome(String path, String line) {
    assertThat(rules(path, line)).containsExactly(Rule.ABSOLUTE_PATH);
  }

  static Stream<Arguments> portablePaths() {
    return Stream.of(
        arguments("infrafabric/cache.py", "CACHE = os.path.expanduser(\"~/.cache/junction\")"),
        arguments("scripts/deploy.sh", "cp build.tar \"$HOME/.cache/junction\""),
        arguments("scripts/deploy.sh", "mkdir -p /tmp/junction /srv/app /usr/local/bin"),
        arguments("scripts/deploy.sh", "cd /root"),
        arguments("README.md", "Keys live in /home/<name>/.ssh on each runner."),
        arguments("README.md", "Clone into /home/user/project or anywhere."),
        arguments("README.md", "Shared files go to /Users/Shared/junction."),
        arguments("README.md", "See https://example.com/home/alice/profile for details."),
        arguments("infrafabric/cache.py", "FIXTURE = \"src/home/alice/notes.txt\""),
        arguments("Dockerfile", "WORKDIR /home/" + "node/app"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("portablePaths")
  void leavesPortableAndMachinePathsAlone(String path, String line) {
    assertThat(rules(path, line)).doesNotContain(Rule.ABSOLUTE_PATH);
  }

  // file names

  static Stream<Arguments> fileNames() {
    return Stream.of(
        arguments("Dockerfile.dev", "# TODO: slim the image", Set.of(Rule.TODO)),
        arguments("build/app.dockerfile", "WORKDIR /home/" + "node/app", Set.of()),
        arguments("GNUmakefile", "# FIXME: parallel builds", Set.of(Rule.TODO)),
        arguments("web/npm-shrinkwrap.json", "  \"resolved\": \"" + "aB3dE5gH7jK9mN1p".repeat(2) + "\"", Set.of()),
        arguments("web/pnpm-lock.yaml", "  resolution: {integrity: \"" + "aB3dE5gH7jK9mN1p".repeat(2) + "\"}",
            Set.of()),
        arguments("go.sum", "example.com/x v1.0.0 h1:\"" + "aB3dE5gH7jK9mN1p".repeat(2) + "\"", Set.of()),
        arguments("src/App.swift", "    // let lease = claim(id)", Set.of(Rule.COMMENTED_OUT_CODE)),
        arguments("src/main.cpp", "    printf(\"%d\\n\", n);", Set.of()));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("fileNames")
  void picksTheLanguageByFileName(String path, String line, Set<Rule> expected) {
    assertThat(rules(path, line)).isEqualTo(expected);
  }

  // findings and their order

  @Test
  void reportsEachRuleThatALineBreaksWithTheSameExcerpt() {
    String line = "print(\"/home/" + "alice/x\")  # TODO drop";

    List<LintFinding> findings = lint("infrafabric/cache.py", "    " + line);

    assertThat(findings).containsExactly(
        new LintFinding(Rule.DEBUG_PRINT, "infrafabric/cache.py", 1, line),
        new LintFinding(Rule.TODO, "infrafabric/cache.py", 1, line),
        new LintFinding(Rule.ABSOLUTE_PATH, "infrafabric/cache.py", 1, line));
  }

  @Test
  void ordersFindingsByPathThenLineThenRule() {
    List<LintFinding> findings = DiffLint.check(List.of(
        new AddedLine("src/b.py", 9, "# TODO: later"),
        new AddedLine("src/b.py", 2, "print(x)  # FIXME"),
        new AddedLine("src/a.py", 40, "    # x = compute(y)"),
        new AddedLine("src/a.py", 5, "    return x")));

    assertThat(findings).extracting(f -> f.path() + ":" + f.line() + " " + f.rule().word())
        .containsExactly("src/a.py:40 commented-out-code", "src/b.py:2 debug-print", "src/b.py:2 todo",
            "src/b.py:9 todo");
  }

  @Test
  void cleanLinesHaveNoFindings() {
    assertThat(lint("infrafabric/coordinator.py",
        "def claim(self, task_id: str) -> Lease:",
        "    \"\"\"Claims the task for this session.\"\"\"",
        "    lease = self.store.compare_and_swap(task_id, None, self.session)",
        "    logger.info(\"claimed %s\", task_id)",
        "    return lease")).isEmpty();
  }

  @Test
  void excerptsAreTrimmedAndCut() {
    String data = "[" + "1, ".repeat(100) + "1]";

    String excerpt = excerpt("web/src/data.js", "    const rows = " + data + "; // TODO: load").orElseThrow();

    assertThat(excerpt).startsWith("const rows = [1, 1,").endsWith("...").hasSize(DiffLint.MAX_EXCERPT);
  }

  @ParameterizedTest
  @EnumSource(Rule.class)
  void eachRuleIsNamedByItsWord(Rule rule) {
    assertThat(DiffLint.rule(rule.word())).contains(rule);
  }

  @Test
  void unknownWordsNameNoRule() {
    assertThat(DiffLint.rule("Debug-Print")).isEmpty();
    assertThat(DiffLint.rule("no-print")).isEmpty();
  }

  @Test
  void lineNumbersAreOneBased() {
    assertThatThrownBy(() -> new AddedLine("a.py", 0, "x = 1")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theLintPassesItsOwnSource() throws Exception {
    List<AddedLine> added = new ArrayList<>();
    for (String file : List.of("src/main/java/dev/junction/gate/DiffLint.java",
        "src/test/java/dev/junction/gate/DiffLintTest.java")) {
      List<String> lines = Files.readAllLines(Path.of(file));
      for (int i = 0; i < lines.size(); i++) {
        added.add(new AddedLine(file, i + 1, lines.get(i)));
      }
    }

    assertThat(DiffLint.check(added)).isEmpty();
  }
}
