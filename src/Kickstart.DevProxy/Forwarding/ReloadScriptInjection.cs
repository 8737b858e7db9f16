using System;
using System.Text;

namespace Kickstart.DevProxy.Forwarding;

/// <summary>
/// Puts the reload script tag into an HTML document, working on bytes: the page's own encoding (UTF-8 or any other
/// ASCII-compatible one) is never decoded and re-encoded, so every other byte stays as the server sent it.
/// </summary>
internal static class ReloadScriptInjection
{
    public const string ScriptTag = "<script src=\"/_kickstart/reload.js\"></script>";
    private static readonly byte[] ScriptTagBytes = Encoding.ASCII.GetBytes(ScriptTag);
    private static readonly byte[] BodyEndTag = Encoding.ASCII.GetBytes("</body");

    /// <summary>Inserts the tag just before the last <c>&lt;/body&gt;</c> (any case), or at the end when there is none.</summary>
    public static byte[] Inject(ReadOnlySpan<byte> html)
    {
        int at = LastBodyEndTag(html);
        if (at < 0)
            at = html.Length;
        var result = new byte[html.Length + ScriptTagBytes.Length];
        html[..at].CopyTo(result);
        ScriptTagBytes.CopyTo(result.AsSpan(at));
        html[at..].CopyTo(result.AsSpan(at + ScriptTagBytes.Length));
        return result;
    }

    private static int LastBodyEndTag(ReadOnlySpan<byte> html)
    {
        for (int start = html.Length - BodyEndTag.Length; start >= 0; start--)
        {
            if (!StartsWithIgnoringAsciiCase(html[start..], BodyEndTag))
                continue;
            // "</bodyx" is another tag; "</body>" and "</body >" are the one we want.
            int next = start + BodyEndTag.Length;
            if (next == html.Length || html[next] == (byte)'>' || IsAsciiWhitespace(html[next]))
                return start;
        }
        return -1;
    }

    private static bool StartsWithIgnoringAsciiCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> lowerCasePrefix)
    {
        for (int i = 0; i < lowerCasePrefix.Length; i++)
        {
            byte b = text[i];
            if (b is >= (byte)'A' and <= (byte)'Z')
                b = (byte)(b + ('a' - 'A'));
            if (b != lowerCasePrefix[i])
                return false;
        }
        return true;
    }

    private static bool IsAsciiWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f';
}
