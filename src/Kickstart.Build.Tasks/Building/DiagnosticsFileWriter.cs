using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace Kickstart.Build.Tasks.Building;

/// <summary>
/// Writes a build's errors as JSON lines ({"file","line","column","message"}): the watch loop reads them after a failed
/// rebuild to show them in the browser, since errors logged by a nested build reach the loggers, not the task.
/// </summary>
internal static class DiagnosticsFileWriter
{
    public static void Write(string path, IReadOnlyList<GoDiagnostic> errors)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        using var writer = new StreamWriter(path, append: false);
        foreach (GoDiagnostic d in errors)
        {
            writer.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["file"] = d.File,
                ["line"] = d.Line,
                ["column"] = d.Column,
                ["message"] = d.Message,
                ["code"] = d.Code,
            }));
        }
    }

    public static List<GoDiagnostic> Read(string path)
    {
        var errors = new List<GoDiagnostic>();
        if (!File.Exists(path))
            return errors;
        foreach (string line in File.ReadAllLines(path))
        {
            if (line.Length == 0)
                continue;
            using JsonDocument doc = JsonDocument.Parse(line);
            JsonElement e = doc.RootElement;
            errors.Add(new GoDiagnostic(
                e.TryGetProperty("file", out JsonElement f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null,
                e.TryGetProperty("line", out JsonElement l) ? l.GetInt32() : 0,
                e.TryGetProperty("column", out JsonElement c) ? c.GetInt32() : 0,
                e.TryGetProperty("message", out JsonElement m) ? m.GetString() ?? "" : "",
                false,
                e.TryGetProperty("code", out JsonElement code) ? code.GetString() ?? "" : ""));
        }
        return errors;
    }
}
