using Kickstart.Build.Tasks.Diagnostics;

namespace Kickstart.Build.Tasks.Tests.Diagnostics;

/// <summary>
/// The form of each kind of setting. A number or boolean that passes must be one MSBuild converts for a typed task
/// parameter, or the user would see MSB4030 instead of a KS error.
/// </summary>
public sealed class SettingChecksTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("250")]
    [InlineData(" 20 ")]
    [InlineData("2147483647")]
    public void WholeNumbers(string value)
    {
        Assert.True(SettingChecks.IsWholeNumber(value));
        Assert.Equal(int.Parse(value.Trim(), System.Globalization.CultureInfo.InvariantCulture), System.Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData("1.5")]
    [InlineData("20ms")]
    [InlineData("2147483648")]
    public void NotWholeNumbers(string value) => Assert.False(SettingChecks.IsWholeNumber(value));

    [Theory]
    [InlineData("true", true)]
    [InlineData("False", true)]
    [InlineData("", true)]
    [InlineData("yes", false)]
    [InlineData("maybe", false)]
    [InlineData("1", false)]
    public void Booleans(string value, bool accepted) => Assert.Equal(accepted, SettingChecks.IsBoolean(value));

    [Theory]
    [InlineData("http://127.0.0.1:8080", true, "http://127.0.0.1:8080/")]
    [InlineData(" http://localhost:80/ ", true, "http://localhost/")]
    [InlineData("https://127.0.0.1:8443", true, "https://127.0.0.1:8443/")]
    [InlineData("https://127.0.0.1:8443", false, null)]
    [InlineData("http://127.0.0.1", true, null)]
    [InlineData("ftp://127.0.0.1:21", true, null)]
    [InlineData("not a url", true, null)]
    public void UrlsMustNameTheirPort(string text, bool allowHttps, string? expected) =>
        Assert.Equal(expected, SettingChecks.ParseUrlWithPort(text, allowHttps)?.ToString());

    [Theory]
    [InlineData("http://127.0.0.1:8080", "http://localhost:8080", true)]
    [InlineData("http://0.0.0.0:8080", "http://127.0.0.1:8080", true)]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8081", false)]
    [InlineData("http://10.0.0.5:8080", "http://127.0.0.1:8080", false)]
    public void SameSocket(string server, string proxy, bool same) =>
        Assert.Equal(same, SettingChecks.IsSameSocket(new System.Uri(server), new System.Uri(proxy)));
}
