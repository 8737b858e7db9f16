using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Kickstart.Sdk.Tests.Infrastructure;

namespace Kickstart.Sdk.Tests;

/// <summary>
/// A Go server referencing a Go WebAssembly client (GoClientKind=wasm): the client builds first, main.wasm and the
/// toolchain's wasm_exec.js are copied where the server serves them, incrementally, cleaned and published with it.
/// </summary>
public sealed class WasmClientTests
{
    private const string ClientMain = "//go:build js && wasm\n\npackage main\n\nimport \"syscall/js\"\n\nfunc main() {\n\tjs.Global().Get(\"console\").Call(\"log\", \"hello from wasm\")\n}\n";

    private static string GoRoot()
    {
        var psi = new ProcessStartInfo(TestRun.RealGo, "env GOROOT") { RedirectStandardOutput = true, UseShellExecute = false };
        using Process go = Process.Start(psi)!;
        string root = go.StandardOutput.ReadToEnd().Trim();
        Assert.True(go.WaitForExit(30_000));
        return root;
    }

    private static bool IsWasm(string path) => File.ReadAllBytes(path).Take(4).SequenceEqual(new byte[] { 0, (byte)'a', (byte)'s', (byte)'m' });

    [Fact]
    public void ServerBuildsItsWasmClientFirstAndCopiesItsFiles()
    {
        using var ws = Workspace.Create(nameof(ServerBuildsItsWasmClientFirstAndCopiesItsFiles));
        GoProject server = ws.AddGoProject("server", "server");
        // The client is a package of the server's module with its own project: no second go.mod.
        GoProject client = GoProject.CreateIn(Path.Combine(server.Directory, "client"), "client", withMain: false);
        client.Delete("go.mod");
        client.Write("main.go", ClientMain);
        client.Write("index.html", "<script src=\"wasm_exec.js\"></script>");
        client.Project.AddItem("KickstartClientFile", "index.html");
        client.SetProperty("GoClientKind", "wasm");
        server.Project.AddItem("ProjectReference", "client/client.proj");
        server.Save();

        CommandResult build = ws.Dotnet("build", server.ProjectPath);
        Assert.True(build.Succeeded, build.ToString());
        Assert.Equal(2, ws.Go.CountOf("build"));
        string wasm = Path.Combine(server.Directory, "wwwroot", "main.wasm");
        string wasmExec = Path.Combine(server.Directory, "wwwroot", "wasm_exec.js");
        Assert.True(IsWasm(wasm), build.ToString());
        string root = GoRoot();
        string expectedWasmExec = new[] { Path.Combine(root, "lib", "wasm", "wasm_exec.js"), Path.Combine(root, "misc", "wasm", "wasm_exec.js") }.First(File.Exists);
        Assert.Equal(File.ReadAllText(expectedWasmExec), File.ReadAllText(wasmExec));
        Assert.True(File.Exists(server.BinaryPath()));
        Assert.True(File.Exists(Path.Combine(server.Directory, "wwwroot", "index.html")), "KickstartClientFile items are copied too");

        // Nothing changed: neither project starts go, the copies stay as they are.
        DateTime copiedAt = File.GetLastWriteTimeUtc(wasm);
        ws.Go.Reset();
        CommandResult again = ws.Dotnet("build", server.ProjectPath);
        Assert.True(again.Succeeded, again.ToString());
        Assert.Empty(ws.Go.Calls);
        Assert.Equal(copiedAt, File.GetLastWriteTimeUtc(wasm));

        // The copied files are no items of the server (no rebuild, no watch loop); the client's sources are watched with it.
        server.Write("wwwroot/page.html", "<p>generated</p>");
        Assert.DoesNotContain(Evaluation.Items(server, "GoContent"), i => i.Include.StartsWith("wwwroot/", StringComparison.Ordinal));
        CommandResult watchItems = ws.Dotnet("msbuild", server.ProjectPath, "-t:_KickstartCollectReferenceWatchItems", "-getTargetResult:_KickstartCollectReferenceWatchItems");
        Assert.True(watchItems.Succeeded, watchItems.ToString());
        Assert.Contains(Path.Combine(client.Directory, "main.go"), watchItems.Output);

        // A change to the client rebuilds the client, and the server copies the new main.wasm.
        client.Write("main.go", ClientMain.Replace("hello from wasm", "hello again"));
        ws.Go.Reset();
        CommandResult changed = ws.Dotnet("build", server.ProjectPath);
        Assert.True(changed.Succeeded, changed.ToString());
        Assert.Equal(File.ReadAllBytes(Path.Combine(client.Directory, "bin", "Debug", "main.wasm")), File.ReadAllBytes(wasm));

        // publish -r: the server is cross-compiled, the client stays js/wasm, and its files go along.
        CommandResult publish = ws.Dotnet("publish", server.ProjectPath, "-r", "linux-arm64");
        Assert.True(publish.Succeeded, publish.ToString());
        string publishDir = Path.Combine(server.Directory, "bin", "Release", "linux-arm64", "publish");
        Assert.True(IsWasm(Path.Combine(publishDir, "wwwroot", "main.wasm")), publish.ToString());
        Assert.True(File.Exists(Path.Combine(publishDir, "wwwroot", "wasm_exec.js")));
        Assert.Equal(0xB7, BitConverter.ToUInt16(File.ReadAllBytes(Path.Combine(publishDir, "server")), 18));

        // clean: the server's copies and the client's own outputs.
        CommandResult clean = ws.Dotnet("clean", server.ProjectPath);
        Assert.True(clean.Succeeded, clean.ToString());
        Assert.False(File.Exists(wasm));
        Assert.False(File.Exists(wasmExec));
        Assert.False(File.Exists(Path.Combine(server.Directory, "wwwroot", "index.html")));
        Assert.False(File.Exists(Path.Combine(client.Directory, "bin", "Debug", "main.wasm")));
        Assert.True(File.Exists(Path.Combine(server.Directory, "wwwroot", "page.html")), "clean deletes only what the build wrote");
    }
}
