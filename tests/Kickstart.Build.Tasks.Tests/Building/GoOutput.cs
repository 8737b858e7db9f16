namespace Kickstart.Build.Tasks.Tests.Building;

/// <summary>
/// Output captured from the real Go 1.19.8 toolchain (/usr/bin/go, linux/amd64, gcc 12.2 for cgo) by running it on
/// small throw-away modules, so the parsers are tested against what Go really prints. Each field says how it was made.
/// </summary>
internal static class GoOutput
{
    /// <summary>`go build ./...` in module example.com/syn whose main.go line 5 is a lone "}" after "x := ".</summary>
    public const string SyntaxError = """
        # example.com/syn
        ./main.go:5:1: syntax error: unexpected }, expecting expression
        """;

    /// <summary>
    /// `go build ./...` in module example.com/typ: internal/web/handlers.go calls f(1, 2) for func f(a int) and
    /// declares `var s string = 3`; main.go uses an undefined name. Two packages, tab-indented have/want lines.
    /// </summary>
    public const string TypeErrorsInTwoPackages = """
        # example.com/typ/internal/web
        internal/web/handlers.go:6:7: too many arguments in call to f
        	have (number, number)
        	want (int)
        internal/web/handlers.go:7:17: cannot use 3 (untyped int constant) as string value in variable declaration
        # example.com/typ
        ./main.go:6:14: undefined: undefinedThing
        """;

    /// <summary>The same module built from cmd/server (`cd cmd/server &amp;&amp; go build .`): paths climb with "../../".</summary>
    public const string TypeErrorsFromASubdirectory = """
        # example.com/typ/internal/web
        ../../internal/web/handlers.go:6:7: too many arguments in call to f
        	have (number, number)
        	want (int)
        ../../internal/web/handlers.go:7:17: cannot use 3 (untyped int constant) as string value in variable declaration
        """;

    /// <summary>`go vet ./...` on a main.go with Printf("%d\n", "x") followed by unreachable code.</summary>
    public const string VetFindings = """
        # example.com/vet
        ./main.go:6:2: fmt.Printf format %d has arg "x" of wrong type string
        ./main.go:8:2: unreachable code
        """;

    /// <summary>`go vet .` where main_test.go has `var x int = "s"`: vet's own type check fails, with the "vet: " prefix.</summary>
    public const string VetTypeCheckError = """
        # example.com/vet2
        vet: ./main_test.go:6:14: cannot use "s" (untyped string constant) as int value in variable declaration
        """;

    /// <summary>`go build .` in a directory without go.mod (stderr).</summary>
    public const string NoGoMod = "go: go.mod file not found in current directory or any parent directory; see 'go help modules'";

    /// <summary>`go build ./...` in a directory without go.mod (stderr): no "go: " prefix, no file.</summary>
    public const string NoGoModPattern = "pattern ./...: directory prefix . does not contain main module or its selected dependencies";

    /// <summary>`go build .` importing example.com/nothere/pkg, which no required module provides (GOPROXY=off).</summary>
    public const string MissingModule = """
        main.go:3:8: no required module provides package example.com/nothere/pkg; to add it:
        	go get example.com/nothere/pkg
        """;

    /// <summary>`go build .` with a go.mod whose require block holds the bare word "bogus" (module in /tmp/gofx/badmod).</summary>
    public const string BadGoModAbsolutePath = """
        go: errors parsing go.mod:
        /tmp/gofx/badmod/go.mod:6:2: usage: require module/path v1.2.3
        """;

    /// <summary>`go build .` with a go.mod holding the line "foo bar" (module in /tmp/gofx/er): a location without column.</summary>
    public const string UnknownGoModDirective = """
        go: errors parsing go.mod:
        /tmp/gofx/er/go.mod:4: unknown directive: foo
        """;

    /// <summary>`go test -json ./...` where main_test.go fails to compile: plain text on stdout ...</summary>
    public const string TestBuildFailedStdout = "FAIL\texample.com/vet2 [build failed]";

    /// <summary>... and on stderr.</summary>
    public const string TestBuildFailedStderr = """
        # example.com/vet2 [example.com/vet2.test]
        ./main_test.go:6:14: cannot use "s" (untyped string constant) as int value in variable declaration
        """;

    /// <summary>
    /// `CGO_ENABLED=1 go build .` with a cgo preamble `static int f(void) { int unused; return 1; }` and
    /// `#cgo CFLAGS: -Wall`: gcc's warning with its source excerpt. The build succeeds (exit code 0).
    /// </summary>
    public const string CgoWarning = """
        # example.com/cgo
        ./main.go: In function ‘f’:
        ./main.go:5:26: warning: unused variable ‘unused’ [-Wunused-variable]
            5 | static int f(void) { int unused; return 1; }
              |                          ^~~~~~
        """;

    /// <summary>
    /// `CGO_ENABLED=1 go build .` with a cgo preamble calling printf without #include: gcc warns and adds "note:"
    /// lines. The build succeeds (exit code 0).
    /// </summary>
    public const string CgoWarningsWithNotes = """
        # example.com/cgo2
        ./main.go: In function ‘f’:
        ./main.go:4:23: warning: implicit declaration of function ‘printf’ [-Wimplicit-function-declaration]
            4 | static void f(void) { printf("hi\n"); }
              |                       ^~~~~~
        ./main.go:3:1: note: include ‘<stdio.h>’ or provide a declaration of ‘printf’
            2 | 
          +++ |+#include <stdio.h>
            3 | /*
        ./main.go:4:23: warning: incompatible implicit declaration of built-in function ‘printf’ [-Wbuiltin-declaration-mismatch]
            4 | static void f(void) { printf("hi\n"); }
              |                       ^~~~~~
        ./main.go:4:23: note: include ‘<stdio.h>’ or provide a declaration of ‘printf’
        """;

    /// <summary>
    /// `go test -json ./...` in module example.com/server (Time fields removed). main_test.go: TestRoot passes,
    /// TestPanics writes to a nil map. internal/web/handlers_test.go: TestOK passes, TestStatus t.Errorf at line 9,
    /// TestTable has subtests "good" and "bad" (t.Fatalf at line 16), TestSkipped t.Skip at line 21, TestFailNow calls
    /// t.FailNow() (no location).
    /// </summary>
    public const string TestJson = """
        {"Action":"run","Package":"example.com/server","Test":"TestRoot"}
        {"Action":"output","Package":"example.com/server","Test":"TestRoot","Output":"=== RUN   TestRoot\n"}
        {"Action":"output","Package":"example.com/server","Test":"TestRoot","Output":"--- PASS: TestRoot (0.00s)\n"}
        {"Action":"pass","Package":"example.com/server","Test":"TestRoot","Elapsed":0}
        {"Action":"run","Package":"example.com/server","Test":"TestPanics"}
        {"Action":"output","Package":"example.com/server","Test":"TestPanics","Output":"=== RUN   TestPanics\n"}
        {"Action":"output","Package":"example.com/server","Test":"TestPanics","Output":"--- FAIL: TestPanics (0.00s)\n"}
        {"Action":"output","Package":"example.com/server","Test":"TestPanics","Output":"panic: assignment to entry in nil map [recovered]\n"}
        {"Action":"output","Package":"example.com/server","Test":"TestPanics","Output":"\tpanic: assignment to entry in nil map\n"}
        {"Action":"output","Package":"example.com/server","Test":"TestPanics","Output":"\n"}
        {"Action":"output","Package":"example.com/server","Test":"TestPanics","Output":"goroutine 7 [running]:\n"}
        {"Action":"output","Package":"example.com/server","Test":"TestPanics","Output":"testing.tRunner.func1.2({0x508ec0, 0x551ca0})\n"}
        {"Action":"output","Package":"example.com/server","Test":"TestPanics","Output":"\t/usr/lib/go-1.19/src/testing/testing.go:1396 +0x24e\n"}
        {"Action":"output","Package":"example.com/server","Test":"TestPanics","Output":"testing.tRunner.func1()\n"}
        {"Action":"output","Package":"example.com/server","Test":"TestPanics","Output":"\t/usr/lib/go-1.19/src/testing/testing.go:1399 +0x39f\n"}
        {"Action":"output","Package":"example.com/server","Test":"TestPanics","Output":"panic({0x508ec0, 0x551ca0})\n"}
        {"Action":"output","Package":"example.com/server","Test":"TestPanics","Output":"\t/usr/lib/go-1.19/src/runtime/panic.go:884 +0x212\n"}
        {"Action":"output","Package":"example.com/server","Test":"TestPanics","Output":"example.com/server.TestPanics(0xc000007860?)\n"}
        {"Action":"output","Package":"example.com/server","Test":"TestPanics","Output":"\t/tmp/gofx/tst/main_test.go:9 +0x2e\n"}
        {"Action":"output","Package":"example.com/server","Test":"TestPanics","Output":"testing.tRunner(0xc000007ba0, 0x52f2e8)\n"}
        {"Action":"output","Package":"example.com/server","Test":"TestPanics","Output":"\t/usr/lib/go-1.19/src/testing/testing.go:1446 +0x10b\n"}
        {"Action":"output","Package":"example.com/server","Test":"TestPanics","Output":"created by testing.(*T).Run\n"}
        {"Action":"output","Package":"example.com/server","Test":"TestPanics","Output":"\t/usr/lib/go-1.19/src/testing/testing.go:1493 +0x35f\n"}
        {"Action":"fail","Package":"example.com/server","Test":"TestPanics","Elapsed":0}
        {"Action":"output","Package":"example.com/server","Output":"FAIL\texample.com/server\t0.007s\n"}
        {"Action":"fail","Package":"example.com/server","Elapsed":0.007}
        {"Action":"run","Package":"example.com/server/internal/web","Test":"TestOK"}
        {"Action":"output","Package":"example.com/server/internal/web","Test":"TestOK","Output":"=== RUN   TestOK\n"}
        {"Action":"output","Package":"example.com/server/internal/web","Test":"TestOK","Output":"--- PASS: TestOK (0.00s)\n"}
        {"Action":"pass","Package":"example.com/server/internal/web","Test":"TestOK","Elapsed":0}
        {"Action":"run","Package":"example.com/server/internal/web","Test":"TestStatus"}
        {"Action":"output","Package":"example.com/server/internal/web","Test":"TestStatus","Output":"=== RUN   TestStatus\n"}
        {"Action":"output","Package":"example.com/server/internal/web","Test":"TestStatus","Output":"    handlers_test.go:9: want 200, got 500\n"}
        {"Action":"output","Package":"example.com/server/internal/web","Test":"TestStatus","Output":"--- FAIL: TestStatus (0.00s)\n"}
        {"Action":"fail","Package":"example.com/server/internal/web","Test":"TestStatus","Elapsed":0}
        {"Action":"run","Package":"example.com/server/internal/web","Test":"TestTable"}
        {"Action":"output","Package":"example.com/server/internal/web","Test":"TestTable","Output":"=== RUN   TestTable\n"}
        {"Action":"run","Package":"example.com/server/internal/web","Test":"TestTable/good"}
        {"Action":"output","Package":"example.com/server/internal/web","Test":"TestTable/good","Output":"=== RUN   TestTable/good\n"}
        {"Action":"run","Package":"example.com/server/internal/web","Test":"TestTable/bad"}
        {"Action":"output","Package":"example.com/server/internal/web","Test":"TestTable/bad","Output":"=== RUN   TestTable/bad\n"}
        {"Action":"output","Package":"example.com/server/internal/web","Test":"TestTable/bad","Output":"    handlers_test.go:16: bad case\n"}
        {"Action":"output","Package":"example.com/server/internal/web","Test":"TestTable","Output":"--- FAIL: TestTable (0.00s)\n"}
        {"Action":"output","Package":"example.com/server/internal/web","Test":"TestTable/good","Output":"    --- PASS: TestTable/good (0.00s)\n"}
        {"Action":"pass","Package":"example.com/server/internal/web","Test":"TestTable/good","Elapsed":0}
        {"Action":"output","Package":"example.com/server/internal/web","Test":"TestTable/bad","Output":"    --- FAIL: TestTable/bad (0.00s)\n"}
        {"Action":"fail","Package":"example.com/server/internal/web","Test":"TestTable/bad","Elapsed":0}
        {"Action":"fail","Package":"example.com/server/internal/web","Test":"TestTable","Elapsed":0}
        {"Action":"run","Package":"example.com/server/internal/web","Test":"TestSkipped"}
        {"Action":"output","Package":"example.com/server/internal/web","Test":"TestSkipped","Output":"=== RUN   TestSkipped\n"}
        {"Action":"output","Package":"example.com/server/internal/web","Test":"TestSkipped","Output":"    handlers_test.go:21: not on this machine\n"}
        {"Action":"output","Package":"example.com/server/internal/web","Test":"TestSkipped","Output":"--- SKIP: TestSkipped (0.00s)\n"}
        {"Action":"skip","Package":"example.com/server/internal/web","Test":"TestSkipped","Elapsed":0}
        {"Action":"run","Package":"example.com/server/internal/web","Test":"TestFailNow"}
        {"Action":"output","Package":"example.com/server/internal/web","Test":"TestFailNow","Output":"=== RUN   TestFailNow\n"}
        {"Action":"output","Package":"example.com/server/internal/web","Test":"TestFailNow","Output":"--- FAIL: TestFailNow (0.00s)\n"}
        {"Action":"fail","Package":"example.com/server/internal/web","Test":"TestFailNow","Elapsed":0}
        {"Action":"output","Package":"example.com/server/internal/web","Output":"FAIL\n"}
        {"Action":"output","Package":"example.com/server/internal/web","Output":"FAIL\texample.com/server/internal/web\t0.003s\n"}
        {"Action":"fail","Package":"example.com/server/internal/web","Elapsed":0.003}
        """;

    /// <summary>`go test -json -run TestMultiLine ./internal/web` with t.Errorf("first line\nsecond line") then t.Log("after") ("run" events and Time removed).</summary>
    /// <summary>
    /// `go test -json ./...` (Go 1.19) of a module with one failing test (internal/calc), a package whose results are
    /// cached (internal/ok), packages without test files, and — after it — a package whose TestMain exits 1 without a
    /// failing test (internal/setup). Recorded, Time fields dropped.
    /// </summary>
    public const string TestJsonSeveralPackages = """
        {"Action":"output","Package":"example.com/server","Output":"?   \texample.com/server\t[no test files]\n"}
        {"Action":"skip","Package":"example.com/server","Elapsed":0}
        {"Action":"run","Package":"example.com/server/internal/ok","Test":"TestOK"}
        {"Action":"output","Package":"example.com/server/internal/ok","Test":"TestOK","Output":"=== RUN   TestOK\n"}
        {"Action":"output","Package":"example.com/server/internal/ok","Test":"TestOK","Output":"--- PASS: TestOK (0.00s)\n"}
        {"Action":"pass","Package":"example.com/server/internal/ok","Test":"TestOK","Elapsed":0}
        {"Action":"output","Package":"example.com/server/internal/ok","Output":"PASS\n"}
        {"Action":"output","Package":"example.com/server/internal/ok","Output":"ok  \texample.com/server/internal/ok\t(cached)\n"}
        {"Action":"pass","Package":"example.com/server/internal/ok","Elapsed":0}
        {"Action":"run","Package":"example.com/server/internal/calc","Test":"TestAdd"}
        {"Action":"output","Package":"example.com/server/internal/calc","Test":"TestAdd","Output":"=== RUN   TestAdd\n"}
        {"Action":"output","Package":"example.com/server/internal/calc","Test":"TestAdd","Output":"    calc_test.go:7: Add(2, 2) = 0, want 4\n"}
        {"Action":"output","Package":"example.com/server/internal/calc","Test":"TestAdd","Output":"--- FAIL: TestAdd (0.00s)\n"}
        {"Action":"fail","Package":"example.com/server/internal/calc","Test":"TestAdd","Elapsed":0}
        {"Action":"output","Package":"example.com/server/internal/calc","Output":"FAIL\n"}
        {"Action":"output","Package":"example.com/server/internal/calc","Output":"FAIL\texample.com/server/internal/calc\t0.003s\n"}
        {"Action":"fail","Package":"example.com/server/internal/calc","Elapsed":0.003}
        {"Action":"output","Package":"example.com/server/internal/web","Output":"?   \texample.com/server/internal/web\t[no test files]\n"}
        {"Action":"skip","Package":"example.com/server/internal/web","Elapsed":0}
        """;

    /// <summary>A package whose TestMain prints and exits 1 before any test runs (Go 1.19, recorded).</summary>
    public const string TestJsonTestMainExits = """
        {"Action":"output","Package":"example.com/server/internal/setup","Output":"setup broke\n"}
        {"Action":"output","Package":"example.com/server/internal/setup","Output":"FAIL\texample.com/server/internal/setup\t0.003s\n"}
        {"Action":"fail","Package":"example.com/server/internal/setup","Elapsed":0.003}
        """;

    public const string TestJsonMultiLine = """
        {"Action":"output","Package":"example.com/server/internal/web","Test":"TestMultiLine","Output":"=== RUN   TestMultiLine\n"}
        {"Action":"output","Package":"example.com/server/internal/web","Test":"TestMultiLine","Output":"    multi_test.go:6: first line\n"}
        {"Action":"output","Package":"example.com/server/internal/web","Test":"TestMultiLine","Output":"        second line\n"}
        {"Action":"output","Package":"example.com/server/internal/web","Test":"TestMultiLine","Output":"    multi_test.go:7: after\n"}
        {"Action":"output","Package":"example.com/server/internal/web","Test":"TestMultiLine","Output":"--- FAIL: TestMultiLine (0.00s)\n"}
        {"Action":"fail","Package":"example.com/server/internal/web","Test":"TestMultiLine","Elapsed":0}
        {"Action":"output","Package":"example.com/server/internal/web","Output":"FAIL\n"}
        {"Action":"output","Package":"example.com/server/internal/web","Output":"FAIL\texample.com/server/internal/web\t0.002s\n"}
        {"Action":"fail","Package":"example.com/server/internal/web","Elapsed":0.002}
        """;

    /// <summary>Lines split as ToolTask hands them over.</summary>
    public static string[] Lines(string text) => text.Replace("\r\n", "\n").Split('\n');
}
