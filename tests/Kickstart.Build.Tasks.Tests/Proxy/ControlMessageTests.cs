using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.Json.Serialization;
using Kickstart.Contracts;

namespace Kickstart.Build.Tasks.Tests.Proxy;

/// <summary>
/// The control messages the Watch task writes on the dev proxy's stdin, through the one contract both compile
/// (src/Kickstart.Contracts): what the task writes is what the proxy reads, and a line the proxy cannot use is refused
/// with a <see cref="FormatException"/>, which the proxy reports as a warning and skips (BrowserEventTests runs that).
/// </summary>
public sealed class ControlMessageTests
{
    /// <summary>One of every message, with the values that are hard to carry: line breaks, markup, quotes, no file.</summary>
    public static IEnumerable<object[]> EveryMessage() => new[]
    {
        new object[] { new RestartingMessage() },
        new object[] { new ReadyMessage("http://127.0.0.1:41234") },
        new object[] { new ReadyMessage(null) },
        new object[] { new BuildSucceededMessage() },
        new object[]
        {
            new BuildFailedMessage(new[]
            {
                new BuildError("/abs/x.go", 12, 5, "undefined: x"),
                new BuildError("/abs/dir with space/\"y\".go", 3, 1, "<script>alert(1)</script>\nsecond line\r\n\ttabbed"),
                new BuildError(null, 0, 0, "go: cannot find main module"),
                new BuildError("/abs/ünï.go", int.MaxValue, 0, ""),
            }),
        },
        new object[] { new BuildFailedMessage(Array.Empty<BuildError>()) },
        new object[] { new ReloadPagesMessage(new[] { "static/app.js", "img/logo.png" }) },
        new object[] { new ReloadPagesMessage(Array.Empty<string>()) },
        new object[] { new SwapStylesheetsMessage(new[] { "static/site.css", "dir with space/\"ünï\".css" }) },
        new object[] { new SwapStylesheetsMessage(Array.Empty<string>()) },
    };

    [Theory]
    [MemberData(nameof(EveryMessage))]
    public void EveryMessageReadsBackAsTheMessageWritten(object message) // object: the contract's types are internal
    {
        var sent = (ControlMessage)message;
        ControlMessage received = ControlMessage.Parse(sent.ToJsonLine());

        Assert.IsType(sent.GetType(), received);
        if (sent is BuildFailedMessage failed)
            Assert.Equal(failed.Errors, ((BuildFailedMessage)received).Errors); // element by element (records compare by value)
        else if (sent is SwapStylesheetsMessage swap)
            Assert.Equal(swap.Paths, ((SwapStylesheetsMessage)received).Paths);
        else if (sent is ReloadPagesMessage reload)
            Assert.Equal(reload.Paths, ((ReloadPagesMessage)received).Paths);
        else
            Assert.Equal(sent, received);
    }

    [Theory]
    [MemberData(nameof(EveryMessage))]
    public void EveryMessageIsOneLine(object message)
    {
        string line = ((ControlMessage)message).ToJsonLine();

        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
    }

    [Fact]
    public void EveryKindOfMessageIsRoundTripped()
    {
        // A message added to the contract without a sample above would go untested: this names it.
        IEnumerable<Type> kinds = typeof(ControlMessage).GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => a.DerivedType);
        IEnumerable<Type> sampled = EveryMessage().Select(sample => sample[0].GetType()).Distinct();

        Assert.Equal(kinds.OrderBy(t => t.Name), sampled.OrderBy(t => t.Name));
        // And a message record not named in the attributes could not be written at all.
        Assert.Equal(kinds.OrderBy(t => t.Name), LoadableTypes(typeof(ControlMessage).Assembly)
            .Where(t => t.IsSubclassOf(typeof(ControlMessage)) && !t.IsAbstract).OrderBy(t => t.Name));
    }

    // The task assembly compiles against parts of MSBuild this test process does not load: skip what needs them.
    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.Where(t => t is not null)!;
        }
    }

    [Fact]
    public void TheWireFormIsTheOneTheProxyTestsWriteByHand()
    {
        // tests/Kickstart.DevProxy.Tests types these lines to drive the real proxy: they must stay what the task writes.
        Assert.Equal("{\"type\":\"restarting\"}", new RestartingMessage().ToJsonLine());
        Assert.Equal("{\"type\":\"ready\",\"upstream\":\"http://127.0.0.1:5000\"}", new ReadyMessage("http://127.0.0.1:5000").ToJsonLine());
        Assert.Equal("{\"type\":\"ready\"}", new ReadyMessage(null).ToJsonLine());
        Assert.Equal("{\"type\":\"buildSucceeded\"}", new BuildSucceededMessage().ToJsonLine());
        Assert.Equal("{\"type\":\"buildFailed\",\"errors\":[{\"file\":\"/abs/x.go\",\"line\":12,\"column\":5,\"message\":\"undefined: x\"}]}",
            new BuildFailedMessage(new[] { new BuildError("/abs/x.go", 12, 5, "undefined: x") }).ToJsonLine());
        Assert.Equal("{\"type\":\"reloadPages\",\"paths\":[\"static/app.js\"]}", new ReloadPagesMessage(new[] { "static/app.js" }).ToJsonLine());
        Assert.Equal("{\"type\":\"swapStylesheets\",\"paths\":[\"static/site.css\"]}", new SwapStylesheetsMessage(new[] { "static/site.css" }).ToJsonLine());
    }

    [Fact]
    public void AnErrorWithoutAFileOrAPositionIsStillAnError()
    {
        var failed = (BuildFailedMessage)ControlMessage.Parse("{\"type\":\"buildFailed\",\"errors\":[{\"message\":\"go: no Go files\"},{}]}");

        Assert.Equal(new[] { new BuildError("", 0, 0, "go: no Go files"), new BuildError("", 0, 0, "") }, failed.Errors);
        // What the pages are given has no nulls either, however the task built it.
        Assert.Equal("", new BuildError(null, 1, 2, null).File);
        Assert.Equal("", new BuildError(null, 1, 2, null).Message);
    }

    [Fact]
    public void WhatANewerTaskAddsToAMessageIsIgnored()
    {
        Assert.Equal(new RestartingMessage(), ControlMessage.Parse("{\"type\":\"restarting\",\"reason\":\"main.go changed\"}"));
        Assert.Equal(new ReadyMessage("http://127.0.0.1:1"), ControlMessage.Parse("{\"type\":\"ready\",\"upstream\":\"http://127.0.0.1:1\",\"pid\":7}"));
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("{\"type\":\"ready\"")]
    [InlineData("null")]
    [InlineData("42")]
    [InlineData("\"ready\"")]
    [InlineData("[{\"type\":\"ready\"}]")]
    [InlineData("{}")]
    [InlineData("{\"upstream\":\"http://127.0.0.1:1\"}")]
    [InlineData("{\"upstream\":\"http://127.0.0.1:1\",\"type\":\"ready\"}")] // the type comes first, as the task writes it
    [InlineData("{\"type\":null}")]
    [InlineData("{\"type\":5}")]
    [InlineData("{\"type\":\"somethingNew\"}")]
    [InlineData("{\"type\":\"Ready\"}")]
    [InlineData("{\"type\":\"ready\",\"upstream\":5}")]
    [InlineData("{\"type\":\"buildFailed\"}")]
    [InlineData("{\"type\":\"buildFailed\",\"errors\":null}")]
    [InlineData("{\"type\":\"buildFailed\",\"errors\":{}}")]
    [InlineData("{\"type\":\"buildFailed\",\"errors\":[null]}")]
    [InlineData("{\"type\":\"buildFailed\",\"errors\":[\"x.go:1: nope\"]}")]
    [InlineData("{\"type\":\"swapStylesheets\"}")]
    [InlineData("{\"type\":\"reloadPages\"}")]
    [InlineData("{\"type\":\"reloadPages\",\"paths\":[null]}")]
    [InlineData("{\"type\":\"swapStylesheets\",\"paths\":null}")]
    [InlineData("{\"type\":\"swapStylesheets\",\"paths\":[null]}")]
    [InlineData("{\"type\":\"swapStylesheets\",\"paths\":\"site.css\"}")]
    public void ALineThatIsNotAMessageOfThisVersionIsRefusedAsMalformed(string line)
    {
        FormatException refused = Assert.Throws<FormatException>(() => ControlMessage.Parse(line));
        Assert.DoesNotContain('\n', refused.Message); // the proxy's warning about it is one line
    }
}
