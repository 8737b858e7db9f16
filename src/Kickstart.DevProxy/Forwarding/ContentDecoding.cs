using System;
using System.IO;
using System.IO.Compression;

namespace Kickstart.DevProxy.Forwarding;

/// <summary>Undoes the <c>Content-Encoding</c> of an HTML body so the script can be injected into it.</summary>
internal static class ContentDecoding
{
    /// <summary>Whether <see cref="Decode"/> understands the encoding (none counts as understood).</summary>
    public static bool IsSupported(string? encoding) => Normalize(encoding) is "" or "identity" or "gzip" or "x-gzip" or "br" or "deflate";

    /// <exception cref="InvalidDataException">The body is not validly encoded.</exception>
    public static byte[] Decode(byte[] body, string? encoding)
    {
        switch (Normalize(encoding))
        {
            case "":
            case "identity":
                return body;
            case "gzip":
            case "x-gzip":
                return Inflate(new GZipStream(new MemoryStream(body), CompressionMode.Decompress));
            case "br":
                return Inflate(new BrotliStream(new MemoryStream(body), CompressionMode.Decompress));
            case "deflate":
                // HTTP's "deflate" is meant to be zlib-wrapped, but some servers send raw deflate: tell them apart by
                // the zlib header (compression method 8, header checksum a multiple of 31).
                bool zlib = body.Length >= 2 && (body[0] & 0x0F) == 8 && ((body[0] << 8) | body[1]) % 31 == 0;
                return Inflate(zlib
                    ? new ZLibStream(new MemoryStream(body), CompressionMode.Decompress)
                    : new DeflateStream(new MemoryStream(body), CompressionMode.Decompress));
            default:
                throw new InvalidDataException($"unsupported content encoding '{encoding}'.");
        }
    }

    private static string Normalize(string? encoding) => (encoding ?? "").Trim().ToLowerInvariant();

    private static byte[] Inflate(Stream decoder)
    {
        using (decoder)
        {
            using var output = new MemoryStream();
            decoder.CopyTo(output);
            return output.ToArray();
        }
    }
}
