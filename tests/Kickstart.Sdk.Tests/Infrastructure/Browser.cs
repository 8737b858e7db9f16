using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Playwright;

namespace Kickstart.Sdk.Tests.Infrastructure;

/// <summary>
/// A real browser: Debian's chromium, headless, driven through Playwright (never a browser Playwright downloads). The
/// flags keep it off the network: background services would otherwise try to reach hosts this machine cannot.
/// </summary>
internal sealed class Browser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Browser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<Browser> LaunchAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is needed for the browser tests (.ci/run installs Debian's chromium)");
        IPlaywright playwright = await Playwright.CreateAsync();
        IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = new[]
            {
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
            },
        });
        return new Browser(playwright, browser);
    }

    public Task<IPage> NewPageAsync() => _browser.NewPageAsync();

    /// <summary>Where screenshots go: kept after the run as test artifacts.</summary>
    public static string ArtifactPath(string name)
    {
        string directory = Path.Combine(TestRun.RepoRoot, "artifacts", "test-screenshots");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, name);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}
