using System.Collections.Generic;
using System.Text;

namespace Kickstart.Build.Tasks.Building;

/// <summary>Splits a property such as GoBuildFlags ("-race -gcflags=\"all=-N -l\"") into words the way a shell would for plain quoting.</summary>
internal static class CommandLineWords
{
    public static List<string> Split(string? text)
    {
        var words = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
            return words;
        var current = new StringBuilder();
        bool inWord = false;
        char quote = '\0';
        foreach (char c in text!)
        {
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                else current.Append(c);
                continue;
            }
            if (c == '"' || c == '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c) || c == ';')
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }
        if (inWord)
            words.Add(current.ToString());
        return words;
    }
}
