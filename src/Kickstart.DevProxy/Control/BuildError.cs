using System.Text.Json.Serialization;

namespace Kickstart.DevProxy.Control;

/// <summary>One compiler error as the page shows it: <c>file:line:column: message</c>.</summary>
internal sealed record BuildError(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("line")] int Line,
    [property: JsonPropertyName("column")] int Column,
    [property: JsonPropertyName("message")] string Message);
