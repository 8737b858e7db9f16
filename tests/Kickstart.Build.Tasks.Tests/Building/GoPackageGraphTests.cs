using System;
using System.Collections.Generic;
using Kickstart.Build.Tasks.Building;
using Kickstart.TestSupport;

namespace Kickstart.Build.Tasks.Tests.Building;

/// <summary>The package graph of one service of a module, from the real go command.</summary>
public sealed class GoPackageGraphTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _module = new("kickstart-graph-");

    public GoPackageGraphTests()
    {
        _module.Write("go.mod", "module example.com/app\n\ngo 1.19\n");
        _module.Write("cmd/worker/main.go", "package main\n\nimport _ \"example.com/app/internal/shared\"\n\nfunc main() {}\n");
        _module.Write("cmd/api/main.go", "package main\n\nimport (\n\t_ \"example.com/app/internal/apionly\"\n\t_ \"example.com/app/internal/shared\"\n)\n\nfunc main() {}\n");
        _module.Write("internal/shared/shared.go", "package shared\n\nimport \"strings\"\n\nvar Upper = strings.ToUpper\n");
        _module.Write("internal/apionly/apionly.go", "package apionly\n");
        _module.Write("internal/tagged/tagged.go", "package tagged\n");
        _module.Write("cmd/worker/extra.go", "//go:build extra\n\npackage main\n\nimport _ \"example.com/app/internal/tagged\"\n");
    }

    public void Dispose() => _module.Dispose();

    private PackageSet? List(string mainPackage, string? tags = null, string? buildFlags = null, string? directory = null)
    {
        using var graph = new GoPackageGraph(new GoListSettings("go", directory ?? _module.Path, mainPackage, tags, buildFlags,
            new[] { new KeyValuePair<string, string>("GOFLAGS", "-mod=mod") }), _ => { });
        graph.Refresh();
        Assert.True(Poll.Until(() => !graph.Listing, Deadline), "go list never finished");
        return graph.Current;
    }

    [Fact]
    public void TheGraphHoldsTheServicesOwnPackagesAndNoOtherServices()
    {
        PackageSet worker = List("cmd/worker")!;
        Assert.NotNull(worker);
        Assert.True(worker.Holds(_module.At("cmd/worker")));
        Assert.True(worker.Holds(_module.At("internal/shared")));
        Assert.False(worker.Holds(_module.At("internal/apionly")));
        Assert.False(worker.Holds(_module.At("cmd/api")));
        Assert.False(worker.Holds(_module.At("internal/tagged")));
        Assert.True(worker.Imports(_module.At("internal/shared"), "strings"));
        Assert.True(worker.Imports(_module.At("cmd/worker"), "example.com/app/internal/shared"));

        PackageSet api = List("./cmd/api")!;
        Assert.True(api.Holds(_module.At("internal/apionly")) && api.Holds(_module.At("internal/shared")));
    }

    [Fact]
    public void TheBuildsTagsDecideWhichFilesAndSoWhichPackagesCount()
    {
        Assert.True(List("cmd/worker", tags: "extra")!.Holds(_module.At("internal/tagged")));
        Assert.True(List("cmd/worker", buildFlags: "-tags extra -v")!.Holds(_module.At("internal/tagged")));
    }

    [Fact]
    public void AModuleGoCannotListIsAnUnknownGraph()
    {
        _module.Write("cmd/worker/main.go", "package main\n\nimport _ \"example.com/app/internal/missing\"\n\nfunc main() {}\n");
        Assert.Null(List("cmd/worker"));
        using var noModule = new TempDirectory("kickstart-graph-nomod-");
        noModule.Write("main.go", "package main\n\nfunc main() {}\n");
        Assert.Null(List(".", directory: noModule.Path));
    }

    [Fact]
    public void OnlyTheBuildFlagsThatDecideThePackagesAreGivenToGoList()
    {
        IReadOnlyList<string> arguments = GoPackageGraph.Arguments(new GoListSettings("go", "/m", "cmd/api", "a;b",
            "-race -ldflags \"-X main.v=1\" -mod vendor -trimpath -tags=c -gcflags=all=-N -v", Array.Empty<KeyValuePair<string, string>>()));
        Assert.Equal(new[] { "list", "-deps", "-f", GoPackageGraph.ListTemplate, "-tags", "a,b", "-race", "-mod", "vendor", "-tags=c", "./cmd/api" }, arguments);
    }
}
