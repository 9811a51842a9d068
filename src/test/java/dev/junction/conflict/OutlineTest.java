package dev.junction.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.junction.conflict.Outline.Declaration;
import org.junit.jupiter.api.Test;

class OutlineTest {

  private static final String COORDINATOR = """
      package dev.example;

      import java.util.List;

      /** Hands out tasks. */
      public final class Coordinator {
        private final List<String> tasks;

        public Coordinator(List<String> tasks) {
          this.tasks = tasks;
        }

        public String claim(String session) {
          return tasks.get(0);
        }
      }
      """;

  // Java

  @Test
  void outlinesAJavaClassWithQualifiedNamesAndLines() {
    assertThat(Outline.of("src/Coordinator.java", COORDINATOR))
        .extracting(Declaration::name, Declaration::kind, Declaration::signature,
            Declaration::line)
        .containsExactly(
            tuple("Coordinator", "class", "public final class Coordinator", 6),
            tuple("Coordinator.Coordinator", "constructor",
                "public Coordinator(List<String> tasks)", 9),
            tuple("Coordinator.claim", "method", "public String claim(String session)", 13));
  }

  @Test
  void ignoresAChangeToABodyOnly() {
    String after = COORDINATOR.replace("return tasks.get(0);", "return tasks.remove(0);");
    assertThat(Outline.changedNames("Coordinator.java", COORDINATOR, after)).isEmpty();
  }

  @Test
  void reportsAChangedParameterType() {
    String after = COORDINATOR.replace("claim(String session)", "claim(long session)");
    assertThat(Outline.changedNames("Coordinator.java", COORDINATOR, after))
        .containsExactly("Coordinator.claim");
  }

  @Test
  void reportsAChangedReturnType() {
    String after = COORDINATOR.replace("public String claim", "public Object claim");
    assertThat(Outline.changedNames("Coordinator.java", COORDINATOR, after))
        .containsExactly("Coordinator.claim");
  }

  @Test
  void reportsAChangedHeaderButNotItsMembers() {
    String after = COORDINATOR.replace("final class Coordinator", "class Coordinator");
    assertThat(Outline.changedNames("Coordinator.java", COORDINATOR, after))
        .containsExactly("Coordinator");
  }

  @Test
  void reportsARenameAsTheOldNameRemovedAndTheNewAdded() {
    String after = COORDINATOR.replace("claim(", "take(");
    assertThat(Outline.changedNames("Coordinator.java", COORDINATOR, after))
        .containsExactly("Coordinator.claim", "Coordinator.take");
  }

  @Test
  void reportsAddedAndRemovedMethods() {
    String added = COORDINATOR.replace("  public String claim",
        "  void release(String task) {}\n\n  public String claim");
    String removed = COORDINATOR.replace("public Coordinator(List<String> tasks) {",
        "static {");
    assertThat(Outline.changedNames("Coordinator.java", COORDINATOR, added))
        .containsExactly("Coordinator.release");
    assertThat(Outline.changedNames("Coordinator.java", COORDINATOR, removed))
        .containsExactly("Coordinator.Coordinator");
  }

  @Test
  void groupsOverloadsUnderOneName() {
    String before = """
        class Gate {
          boolean passes(String ref) { return true; }
          boolean passes(String ref, int tries) { return true; }
        }
        """;
    String reordered = """
        class Gate {
          boolean passes(String ref, int tries) { return false; }
          boolean passes(String ref) { return false; }
        }
        """;
    String added = before.replace("}\n}", "}\n  boolean passes() { return true; }\n}");
    assertThat(Outline.changedNames("Gate.java", before, reordered)).isEmpty();
    assertThat(Outline.changedNames("Gate.java", before, added)).containsExactly("Gate.passes");
  }

  @Test
  void qualifiesNestedTypesAndTheirMembers() {
    String before = """
        class Coordinator {
          static class Inner {
            void run() {}
            interface Step { void go(int n); }
          }
          void run() {}
        }
        """;
    String after = before.replace("void go(int n)", "void go(long n)");
    assertThat(Outline.of("Coordinator.java", before)).extracting(Declaration::name)
        .containsExactly("Coordinator", "Coordinator.Inner", "Coordinator.Inner.run",
            "Coordinator.Inner.Step", "Coordinator.Inner.Step.go", "Coordinator.run");
    assertThat(Outline.changedNames("Coordinator.java", before, after))
        .containsExactly("Coordinator.Inner.Step.go");
  }

  @Test
  void outlinesRecordsEnumsInterfacesAndGenerics() {
    String source = """
        sealed interface Shape<T extends Comparable<T>> extends Cloneable permits Circle {
          <R> List<R> map(Function<? super T, R> f) throws IOException;
          default int sides() { return 0; }
        }
        record Circle(double radius, @Deprecated String label) implements Shape<Circle> {
          Circle {
            if (radius < 0) throw new IllegalArgumentException();
          }
        }
        enum Color implements Named {
          RED { @Override public String label() { return "r"; } }, GREEN;
          public String label() { return name(); }
        }
        @interface Marker {
          String value() default "";
        }
        """;
    assertThat(Outline.of("Shapes.java", source))
        .extracting(Declaration::name, Declaration::kind, Declaration::signature)
        .containsExactly(
            tuple("Shape", "interface", "sealed interface Shape<T extends Comparable<T>> "
                + "extends Cloneable permits Circle"),
            tuple("Shape.map", "method",
                "<R> List<R> map(Function<? super T, R> f) throws IOException"),
            tuple("Shape.sides", "method", "default int sides()"),
            tuple("Circle", "record",
                "record Circle(double radius, String label) implements Shape<Circle>"),
            tuple("Color", "enum", "enum Color implements Named"),
            tuple("Color.label", "method", "public String label()"),
            tuple("Marker", "annotation", "@interface Marker"));
  }

  @Test
  void ignoresAnnotationsCommentsAndJavadoc() {
    String after = COORDINATOR
        .replace("  public String claim", """
              /**
               * Claims the next task.
               * @param session who asks
               */
              @Override // the interface says so
              @SuppressWarnings({"unchecked", "rawtypes"})
              public String claim""")
        .replace("String session)", "@Nullable /* may be */ String session)")
        .replace("public final class", "@Deprecated(since = \"2\")\npublic final class");
    assertThat(Outline.changedNames("Coordinator.java", COORDINATOR, after)).isEmpty();
  }

  @Test
  void skipsAnonymousClassesLambdasAndLocalClasses() {
    String source = """
        class Radar {
          void scan() {
            Runnable r = new Runnable() { public void run() {} };
            Runnable l = () -> {};
            class Local { void inner() {} }
          }
        }
        """;
    assertThat(Outline.of("Radar.java", source)).extracting(Declaration::name)
        .containsExactly("Radar", "Radar.scan");
  }

  @Test
  void readsAJavaFileThatDoesNotParseWithTheGenericOutline() {
    String broken = """
        public class Broken extends Base {
          void half(
        """;
    assertThat(Outline.of("Broken.java", broken))
        .extracting(Declaration::name, Declaration::kind, Declaration::signature)
        .containsExactly(tuple("Broken", "class", "public class Broken extends Base"));
  }

  @Test
  void comparesBothVersionsGenericallyWhenOneDoesNotParse() {
    String broken = COORDINATOR.replace("return tasks.get(0);", "return tasks.get(0)");
    assertThat(Outline.changedNames("Coordinator.java", COORDINATOR, broken)).isEmpty();
  }

  // Python

  private static final String GOVERNOR = """
      import re


      class Governor:
          \"\"\"Decides who may land.\"\"\"

          def match(self, ref: str) -> bool:
              return bool(re.match(ref))
      """;

  @Test
  void outlinesAPythonClassAndMethod() {
    assertThat(Outline.of("junction/governor.py", GOVERNOR))
        .extracting(Declaration::name, Declaration::kind, Declaration::signature,
            Declaration::line)
        .containsExactly(
            tuple("Governor", "class", "class Governor", 4),
            tuple("Governor.match", "method", "def match(self, ref: str) -> bool", 7));
  }

  @Test
  void ignoresAPythonBodyChangeButNotAReturnAnnotation() {
    String body = GOVERNOR.replace("bool(re.match(ref))", "re.match(ref) is not None");
    String annotation = GOVERNOR.replace("-> bool:", "-> Optional[bool]:");
    assertThat(Outline.changedNames("governor.py", GOVERNOR, body)).isEmpty();
    assertThat(Outline.changedNames("governor.py", GOVERNOR, annotation))
        .containsExactly("Governor.match");
  }

  @Test
  void joinsAPythonSignatureSpanningSeveralLines() {
    String oneLine = "def spawn(task: str, *, retries: int = 3) -> Session:\n    pass\n";
    String exploded = """
        def spawn(
            task: str,  # the task id
            *,
            retries: int = 3,
        ) -> Session:
            pass
        """;
    assertThat(Outline.of("spawn.py", exploded))
        .extracting(Declaration::name, Declaration::kind, Declaration::signature)
        .containsExactly(tuple("spawn", "function",
            "def spawn(task: str, *, retries: int = 3) -> Session"));
    assertThat(Outline.changedNames("spawn.py", oneLine, exploded)).isEmpty();
  }

  @Test
  void ignoresPythonDecorators() {
    String before = "class A:\n    def f(self):\n        pass\n";
    String after = "@dataclass(frozen=True)\nclass A:\n    @property\n    def f(self):\n"
        + "        pass\n";
    assertThat(Outline.changedNames("a.py", before, after)).isEmpty();
  }

  @Test
  void nestsPythonClassesAndFunctionsByIndentation() {
    String source = """
        class Outer:
            class Inner:
                def method(self):
                    def helper(x):
                        return x
                    return helper

            def after_inner(self):
                pass

        def spawn():
            pass

        if TYPE_CHECKING:
            def typed():
                pass
        """;
    assertThat(Outline.of("nest.py", source))
        .extracting(Declaration::name, Declaration::kind)
        .containsExactly(
            tuple("Outer", "class"),
            tuple("Outer.Inner", "class"),
            tuple("Outer.Inner.method", "method"),
            tuple("Outer.Inner.method.helper", "function"),
            tuple("Outer.after_inner", "method"),
            tuple("spawn", "function"),
            tuple("typed", "function"));
  }

  @Test
  void keepsAsyncInAPythonSignature() {
    String source = "class Client:\n    async def fetch(self, url):\n        ...\n";
    assertThat(Outline.of("client.py", source))
        .extracting(Declaration::name, Declaration::signature)
        .containsExactly(tuple("Client", "class Client"),
            tuple("Client.fetch", "async def fetch(self, url)"));
    assertThat(Outline.changedNames("client.py", source, source.replace("async def", "def")))
        .containsExactly("Client.fetch");
  }

  @Test
  void ignoresDeclarationsInsidePythonStrings() {
    String source = """
        def real(a="#not a comment", b='):'):
            '''A docstring.

            def foo(x):
                class Fake:
            '''
            text = "def foo("
            other = \"\"\"
        def bar(y):
        \"\"\"
            return 'def baz(\\''
        """;
    assertThat(Outline.of("strings.py", source))
        .extracting(Declaration::name, Declaration::signature)
        .containsExactly(tuple("real", "def real(a=\"#not a comment\", b='):')"));
  }

  @Test
  void ignoresPythonComments() {
    String before = "def f(a):\n    return a\n";
    String after = "# def g(b):\n#class H:\ndef f(a):  # was f(a, b)\n    return a  # def i()\n";
    assertThat(Outline.changedNames("f.py", before, after)).isEmpty();
  }

  @Test
  void readsPythonWithCarriageReturnsTabsAndBackslashes() {
    String source = "class A:\r\n\r\n\tdef f(self, \\\r\n\t\t\tx): return x\r\n";
    assertThat(Outline.of("crlf.py", source))
        .extracting(Declaration::name, Declaration::signature, Declaration::line)
        .containsExactly(tuple("A", "class A", 1), tuple("A.f", "def f(self, x)", 3));
  }

  @Test
  void toleratesUnfinishedPython() {
    String source = "s = 'never closed\ndef g(y):\n    pass\nclass Open(Base";
    assertThat(Outline.of("draft.py", source))
        .extracting(Declaration::name, Declaration::signature)
        .containsExactly(tuple("g", "def g(y)"), tuple("Open", "class Open(Base"));
    assertThat(Outline.of("draft.py", "def f():\n    \"\"\"never closed\ndef h():\n"))
        .extracting(Declaration::name).containsExactly("f");
  }

  // C

  /** Shaped like git/git's strbuf.h: comments, macros, attributes, inline bodies with locals. */
  static final String STRBUF_H = """
      #ifndef STRBUF_H
      #define STRBUF_H

      /* struct hidden { int x; }; is a comment */
      #define STRBUF_INIT { .alloc = 0, .len = 0, .buf = strbuf_slopbuf }
      #define strbuf_reset(sb) \\
      \tstrbuf_setlen(sb, 0)

      struct string_list;

      struct strbuf {
      \tsize_t alloc;
      \tsize_t len;
      \tchar *buf;
      };

      enum strbuf_flags { STRBUF_KEEP = 1 << 0, STRBUF_TRIM };

      typedef int (*strbuf_fn)(struct strbuf *sb, void *data);

      typedef struct {
      \tint count;
      } strbuf_stats;

      extern char strbuf_slopbuf[];

      void strbuf_init(struct strbuf *sb,
      \t\t size_t alloc);

      __attribute__((format (printf, 2, 3)))
      void strbuf_addf(struct strbuf *sb, const char *fmt, ...);

      void NORETURN die_strbuf(struct strbuf *sb) __attribute__((noreturn));

      static inline MAYBE_UNUSED void strbuf_addch(struct strbuf *sb, int c)
      {
      \tstruct strbuf tmp = STRBUF_INIT;
      \tconst char *brace = "{";
      \tif (!strbuf_avail(sb))
      \t\tstrbuf_grow(sb, 1);
      \tsb->buf[sb->len++] = c;
      }

      #endif
      """;

  @Test
  void outlinesCFunctionsPrototypesAndTypesAtFileScope() {
    assertThat(Outline.of("strbuf.h", STRBUF_H))
        .extracting(Declaration::name, Declaration::kind, Declaration::signature, Declaration::line)
        .containsExactly(
            tuple("struct strbuf", "struct", "struct strbuf { size_t alloc; size_t len; char *buf; }", 11),
            tuple("enum strbuf_flags", "enum", "enum strbuf_flags { STRBUF_KEEP = 1<<0, STRBUF_TRIM }", 17),
            tuple("strbuf_fn", "typedef", "typedef int (*strbuf_fn)(struct strbuf *sb, void *data)", 19),
            tuple("strbuf_stats", "typedef", "typedef struct { int count; } strbuf_stats", 23),
            tuple("strbuf_init", "prototype", "void strbuf_init(struct strbuf *sb, size_t alloc)", 27),
            tuple("strbuf_addf", "prototype",
                "__attribute__((format(printf, 2, 3))) void strbuf_addf(struct strbuf *sb, const char *fmt, ...)", 31),
            tuple("die_strbuf", "prototype",
                "void NORETURN die_strbuf(struct strbuf *sb) __attribute__((noreturn))", 33),
            tuple("strbuf_addch", "function",
                "static inline MAYBE_UNUSED void strbuf_addch(struct strbuf *sb, int c)", 35));
  }

  /** git/git's topics add locals and parameters of struct types everywhere; none is a declaration. */
  @Test
  void cLocalsAndParametersOfStructTypesAreNoDeclarations() {
    String before = """
        static int show(struct rev_info *revs, const char *name)
        {
        \treturn 0;
        }
        """;
    String after = """
        static int show(struct rev_info *revs, const char *name)
        {
        \tstruct strbuf sb = STRBUF_INIT;
        \tstruct object_id oid;
        \tstruct {
        \t\tint a;
        \t} local;
        \tstrbuf_release(&sb);
        \treturn 0;
        }
        """;
    assertThat(Outline.changedNames("revision.c", before, after)).isEmpty();
    assertThat(Outline.changedNames("revision.c", before,
        before.replace("const char *name", "const char *name, struct strbuf *out")))
        .containsExactly("show");
  }

  @Test
  void cSignaturesCompareAcrossLinesAndSpacing() {
    String rewrapped = STRBUF_H.replace("void strbuf_init(struct strbuf *sb,\n\t\t size_t alloc);",
        "void strbuf_init(struct strbuf* sb, size_t alloc);");
    assertThat(rewrapped).isNotEqualTo(STRBUF_H);
    assertThat(Outline.changedNames("strbuf.h", STRBUF_H, rewrapped)).isEmpty();
    assertThat(Outline.changedNames("strbuf.h", STRBUF_H, STRBUF_H.replace("\t\t size_t alloc);", "\t\t int alloc);")))
        .containsExactly("strbuf_init");
    assertThat(Outline.changedNames("strbuf.h", STRBUF_H, STRBUF_H.replace("\tchar *buf;\n", "\tchar *buf;\n\tint flags;\n")))
        .containsExactly("struct strbuf");
    assertThat(Outline.changedNames("strbuf.h", STRBUF_H, STRBUF_H.replace("STRBUF_TRIM }", "STRBUF_TRIM, STRBUF_ALL }")))
        .containsExactly("enum strbuf_flags");
    assertThat(Outline.changedNames("strbuf.h", STRBUF_H, STRBUF_H.replace("sb->len++", "sb->len += 1")))
        .isEmpty();
  }

  @Test
  void cMacroInvocationsAndInitializersAreNoDeclarations() {
    String source = """
        static GIT_PATH_FUNC(git_path_head_name, "head-name")

        static LIST_HEAD(queue);
        define_commit_slab(blame_suspects, struct blame_origin *);
        static struct option options[] = {
        \tOPT_BOOL(0, "all", &all, N_("everything")),
        \tOPT_END()
        };
        static int (*hook)(void);
        struct strbuf global = STRBUF_INIT;

        #ifdef __cplusplus
        extern "C" {
        #endif
        int run(struct child_process *cmd);
        #ifdef __cplusplus
        }
        #endif

        static int read_head(struct repository *r)
        {
        \treturn 0;
        }
        """;
    assertThat(Outline.of("sequencer.c", source))
        .extracting(Declaration::name, Declaration::kind, Declaration::signature)
        .containsExactly(
            tuple("run", "prototype", "int run(struct child_process *cmd)"),
            tuple("read_head", "function", "static int read_head(struct repository *r)"));
  }

  @Test
  void onlyTheGenericOutlineIsGeneric() {
    assertThat(Outline.changes("a.c", "int f(void);\n", "int f(int);\n").generic()).isFalse();
    assertThat(Outline.changes("A.java", "class A {}", "class A { void f() {} }").generic()).isFalse();
    assertThat(Outline.changes("a.py", "def f():\n", "def f(x):\n").generic()).isFalse();
    Outline.Changed ts = Outline.changes("a.ts", "function f() {}\n", "function f(x) {}\n");
    assertThat(ts.names()).containsExactly("f");
    assertThat(ts.generic()).isTrue();
    assertThat(ts.now().get("f")).isNotEmpty();
    assertThat(Outline.changes("A.java", "class A {}", "class A {").generic()).isTrue();
  }

  // Generic

  @Test
  void outlinesGoFunctionsMethodsAndTypes() {
    String source = """
        package server

        // func hidden() is a comment
        type Server struct {
        \tAddr string
        }

        func (s *Server) Serve(l net.Listener) error {
        \treturn nil
        }

        func New(addr string) *Server { return &Server{Addr: addr} }
        """;
    assertThat(Outline.of("server/server.go", source))
        .extracting(Declaration::name, Declaration::kind, Declaration::signature,
            Declaration::line)
        .containsExactly(
            tuple("Server", "type", "type Server struct", 4),
            tuple("Serve", "function", "func (s *Server) Serve(l net.Listener) error", 8),
            tuple("New", "function", "func New(addr string) *Server", 12));
    assertThat(Outline.changedNames("server.go", source,
        source.replace("return nil", "return l.Close()"))).isEmpty();
    assertThat(Outline.changedNames("server.go", source,
        source.replace("Serve(l net.Listener)", "Serve(ctx context.Context, l net.Listener)")))
        .containsExactly("Serve");
  }

  @Test
  void outlinesTypeScriptDeclarations() {
    String source = """
        export interface Landing { ref: string }
        export type Verdict = "ok" | "no";
        export default class Board extends Base {
          render() {}
        }
        export async function land(opts: { dryRun: boolean }): Promise<Landing> {
          return run(opts);
        }
        """;
    assertThat(Outline.of("web/board.ts", source))
        .extracting(Declaration::name, Declaration::kind, Declaration::signature)
        .containsExactly(
            tuple("Landing", "interface", "export interface Landing"),
            tuple("Verdict", "type", "export type Verdict = \"ok\" | \"no\";"),
            tuple("Board", "class", "export default class Board extends Base"),
            tuple("land", "function",
                "export async function land(opts: { dryRun: boolean }): Promise<Landing>"));
  }

  @Test
  void readsModifiersAndReceiversBeforeAGenericKeyword() {
    String rust = "// fn hidden()\npub(crate) fn parse<T>(s: &str) -> Result<T, Error> {\n";
    String ruby = "# def hidden\nclass Plan < Base\n  def self.load(path)\n  end\nend\n";
    assertThat(Outline.of("src/lib.rs", rust))
        .extracting(Declaration::name, Declaration::signature)
        .containsExactly(tuple("parse", "pub(crate) fn parse<T>(s: &str) -> Result<T, Error>"));
    assertThat(Outline.of("plan.rb", ruby))
        .extracting(Declaration::name, Declaration::kind, Declaration::signature)
        .containsExactly(tuple("Plan", "class", "class Plan < Base"),
            tuple("load", "function", "def self.load(path)"));
  }

  @Test
  void supportsOnlyKnownExtensions() {
    assertThat(Outline.supports("a/B.java")).isTrue();
    assertThat(Outline.supports("a/b.py")).isTrue();
    assertThat(Outline.supports("a/b.RS")).isTrue();
    assertThat(Outline.supports("README.md")).isFalse();
    assertThat(Outline.supports("go")).isFalse();
    assertThat(Outline.of("notes.txt", "class Foo {}")).isEmpty();
    assertThat(Outline.changedNames("notes.txt", "class Foo {}", "class Bar {}")).isEmpty();
  }

  // Added and deleted files

  @Test
  void reportsEveryNameOfAnAddedOrDeletedFile() {
    assertThat(Outline.of("Coordinator.java", null)).isEmpty();
    assertThat(Outline.changedNames("Coordinator.java", null, COORDINATOR))
        .containsExactly("Coordinator", "Coordinator.Coordinator", "Coordinator.claim");
    assertThat(Outline.changedNames("governor.py", GOVERNOR, null))
        .containsExactly("Governor", "Governor.match");
    assertThat(Outline.changedNames("Broken.java", null, "class Broken {"))
        .containsExactly("Broken");
  }
}
