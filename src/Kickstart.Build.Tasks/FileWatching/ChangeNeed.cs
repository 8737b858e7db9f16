using System;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>
/// What a change to one watched file needs under watch, weakest first: the KickstartOnChange metadata of its items.
/// A file that is several items (a stylesheet that is also embedded) needs the strongest of their values.
/// </summary>
public enum ChangeNeed
{
    /// <summary><c>reload</c>: the server serves the file from disk as it is (a stylesheet, a script, an image): open pages reload.</summary>
    Reload,

    /// <summary><c>restart</c>: the server read the file when it started (a template it parses once, a config file): a new server.</summary>
    Restart,

    /// <summary><c>rebuild</c>: the file goes into the binary (a Go source, an embedded file, a module file): <c>go build</c>.</summary>
    Rebuild,

    /// <summary><c>evaluate</c>: the project file or an import: the project is read and evaluated anew, then built.</summary>
    Evaluate,
}

/// <summary>The metadata's words for <see cref="ChangeNeed"/>, in one place: the watch reads them, ValidateGoProject checks them.</summary>
public static class ChangeNeeds
{
    /// <summary>The item metadata that says what a change to the file needs.</summary>
    public const string Metadata = "KickstartOnChange";

    /// <summary>The values KickstartOnChange may have, as a user writes them (the KS2053 message lists them).</summary>
    public const string Allowed = "rebuild, restart, reload or evaluate";

    /// <summary>Reads a KickstartOnChange value (any case, trimmed); false for anything else (empty included).</summary>
    public static bool TryParse(string? value, out ChangeNeed need)
    {
        switch ((value ?? "").Trim().ToLowerInvariant())
        {
            case "reload": need = ChangeNeed.Reload; return true;
            case "restart": need = ChangeNeed.Restart; return true;
            case "rebuild": need = ChangeNeed.Rebuild; return true;
            case "evaluate": need = ChangeNeed.Evaluate; return true;
            default: need = ChangeNeed.Rebuild; return false;
        }
    }

    /// <summary>The stronger of two needs.</summary>
    public static ChangeNeed Max(ChangeNeed a, ChangeNeed b) => a >= b ? a : b;
}
