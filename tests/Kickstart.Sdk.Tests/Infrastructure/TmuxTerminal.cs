using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace Kickstart.Sdk.Tests.Infrastructure;

/// <summary>
/// A real terminal: a tmux server of the test's own (its own socket, so it starts with the test's environment), one
/// window running a command, read back with capture-pane and typed into with send-keys.
/// </summary>
internal sealed class TmuxTerminal : IDisposable
{
    private readonly string _socket = "ks-" + Guid.NewGuid().ToString("N")[..12];
    private readonly Dictionary<string, string?> _environment;

    private const string ExitMarker = "[terminal command exit ";

    private TmuxTerminal(Dictionary<string, string?> environment) => _environment = environment;

    public static bool Available => TestRun.FindOnPath("tmux") is not null;

    /// <summary>Starts <paramref name="command"/> in a 200×50 terminal; the window stays after it exits so its last screen can be read.</summary>
    public static TmuxTerminal Start(string workingDirectory, string command, Dictionary<string, string?> environment)
    {
        var terminal = new TmuxTerminal(environment);
        // The shell tmux runs the command in says how it ended (tmux's own pane status is not always there to read
        // the moment the pane is dead); its no-op trap keeps a Ctrl+C from ending the shell before it can say it,
        // and, unlike an ignored signal, is not inherited: the command gets Ctrl+C as in any terminal.
        terminal.Tmux("-f", "/dev/null", "new-session", "-d", "-s", "main", "-x", "200", "-y", "50", "-c", workingDirectory,
            $"trap : INT; {command}; echo \"{ExitMarker}$?]\"");
        terminal.Tmux("set-option", "-t", "main", "remain-on-exit", "on");
        return terminal;
    }

    public int PanePid => int.Parse(Tmux("display-message", "-p", "-t", "main", "#{pane_pid}").Trim());

    public bool PaneDead => Tmux("display-message", "-p", "-t", "main", "#{pane_dead}").Trim() == "1";

    /// <summary>How the command ended, once <see cref="PaneDead"/>: "exit code N", or "signal N" when a signal killed it.</summary>
    public string PaneEnd
    {
        get
        {
            int marker = Screen.LastIndexOf(ExitMarker, StringComparison.Ordinal);
            if (marker >= 0)
            {
                string rest = Screen[(marker + ExitMarker.Length)..];
                return "exit code " + rest[..Math.Max(0, rest.IndexOf(']'))];
            }

            // tmux may mark the pane dead (its terminal closed) a moment before it has reaped the command.
            string[] parts = Array.Empty<string>();
            Poll.Until(() => (parts = Tmux("display-message", "-p", "-t", "main", "#{pane_dead_status}/#{pane_dead_signal}").Trim().Split('/')).Any(p => p.Length > 0),
                TimeSpan.FromSeconds(5));
            return parts.Length > 0 && parts[0].Length > 0 ? $"exit code {parts[0]}" : $"signal {(parts.Length > 1 ? parts[1] : "?")}";
        }
    }

    public string Screen => Tmux("capture-pane", "-p", "-J", "-S", "-500", "-t", "main");

    public void SendKeys(string keys) => Tmux("send-keys", "-t", "main", keys);

    public bool WaitForScreen(Func<string, bool> predicate, TimeSpan deadline) => Poll.Until(() => predicate(Screen), deadline, TimeSpan.FromMilliseconds(50));

    private string Tmux(params string[] arguments)
    {
        var psi = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-L");
        psi.ArgumentList.Add(_socket);
        foreach (string a in arguments)
            psi.ArgumentList.Add(a);
        Dictionary<string, string?> env = new(Dotnet.StartInfo(".", Array.Empty<string>(), _environment).Environment);
        psi.Environment.Clear();
        foreach (var (k, v) in env)
            if (v is not null) psi.Environment[k] = v;
        using Process p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return output;
    }

    public void Dispose()
    {
        try { Tmux("kill-server"); }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { }
    }
}
