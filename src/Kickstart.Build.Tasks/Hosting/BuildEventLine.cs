using System.IO;
using System.Text;
using System.Text.Json;
using Microsoft.Build.Framework;

namespace Kickstart.Build.Tasks.Hosting;

/// <summary>
/// One build event of the watch's process as one line of JSON, and back: messages (with their importance, and the
/// terminal logger's live type when they have one), warnings and errors with every field a logger shows.
/// </summary>
/// <remarks>Written with <see cref="Utf8JsonWriter"/> and read with <see cref="JsonDocument"/>: no reflection, nothing to warm up.</remarks>
internal static class BuildEventLine
{
    private const string Text = "text", Importance = "importance", ExtendedType = "extendedType", Sender = "sender", Help = "help",
        Subcategory = "subcategory", Code = "code", File = "file", Line = "line", Column = "column", EndLine = "endLine", EndColumn = "endColumn";

    public static string Message(BuildMessageEventArgs e) => Write(w =>
    {
        w.WriteString(WatchProcessContract.Kind, WatchProcessContract.MessageKind);
        w.WriteString(Text, e.Message);
        w.WriteNumber(Importance, (int)e.Importance);
        if (e is ExtendedBuildMessageEventArgs extended)
            w.WriteString(ExtendedType, extended.ExtendedType);
        Common(w, e.SenderName, e.HelpKeyword);
    });

    public static string Warning(BuildWarningEventArgs e) => Write(w =>
    {
        w.WriteString(WatchProcessContract.Kind, WatchProcessContract.WarningKind);
        Diagnostic(w, e.Message, e.Subcategory, e.Code, e.File, e.LineNumber, e.ColumnNumber, e.EndLineNumber, e.EndColumnNumber);
        Common(w, e.SenderName, e.HelpKeyword);
    });

    public static string Error(BuildErrorEventArgs e) => Write(w =>
    {
        w.WriteString(WatchProcessContract.Kind, WatchProcessContract.ErrorKind);
        Diagnostic(w, e.Message, e.Subcategory, e.Code, e.File, e.LineNumber, e.ColumnNumber, e.EndLineNumber, e.EndColumnNumber);
        Common(w, e.SenderName, e.HelpKeyword);
    });

    public static string Done(bool succeeded) => Write(w =>
    {
        w.WriteString(WatchProcessContract.Kind, WatchProcessContract.DoneKind);
        w.WriteBoolean(WatchProcessContract.Succeeded, succeeded);
    });

    /// <summary>The event of a line, or null for <see cref="WatchProcessContract.DoneKind"/> (then <paramref name="done"/> holds the result).</summary>
    /// <exception cref="JsonException">Not a line of this contract.</exception>
    public static BuildEventArgs? Read(string line, out bool? done)
    {
        done = null;
        using JsonDocument document = JsonDocument.Parse(line);
        JsonElement e = document.RootElement;
        string kind = String(e, WatchProcessContract.Kind) ?? throw new JsonException("no kind");
        switch (kind)
        {
            case WatchProcessContract.MessageKind:
                var importance = (MessageImportance)Number(e, Importance);
                return String(e, ExtendedType) is { } type
                    ? new ExtendedBuildMessageEventArgs(type, String(e, Text), String(e, Help), String(e, Sender), importance)
                    : new BuildMessageEventArgs(String(e, Text), String(e, Help), String(e, Sender), importance);
            case WatchProcessContract.WarningKind:
                return new BuildWarningEventArgs(String(e, Subcategory), String(e, Code), String(e, File), Number(e, Line), Number(e, Column),
                    Number(e, EndLine), Number(e, EndColumn), String(e, Text), String(e, Help), String(e, Sender));
            case WatchProcessContract.ErrorKind:
                return new BuildErrorEventArgs(String(e, Subcategory), String(e, Code), String(e, File), Number(e, Line), Number(e, Column),
                    Number(e, EndLine), Number(e, EndColumn), String(e, Text), String(e, Help), String(e, Sender));
            case WatchProcessContract.DoneKind:
                done = e.TryGetProperty(WatchProcessContract.Succeeded, out JsonElement ok) && ok.ValueKind == JsonValueKind.True;
                return null;
            default:
                throw new JsonException($"unknown kind '{kind}'");
        }
    }

    private static void Diagnostic(Utf8JsonWriter w, string? message, string? subcategory, string? code, string? file,
        int line, int column, int endLine, int endColumn)
    {
        w.WriteString(Text, message);
        w.WriteString(Subcategory, subcategory);
        w.WriteString(Code, code);
        w.WriteString(File, file);
        w.WriteNumber(Line, line);
        w.WriteNumber(Column, column);
        w.WriteNumber(EndLine, endLine);
        w.WriteNumber(EndColumn, endColumn);
    }

    private static void Common(Utf8JsonWriter w, string? sender, string? help)
    {
        w.WriteString(Sender, sender);
        w.WriteString(Help, help);
    }

    private static string Write(System.Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private static string? String(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 0;
}
