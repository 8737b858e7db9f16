namespace Kickstart.Build.Tasks.Tests.Building;

public sealed class GoBuildPackagePatternTests
{
    [Theory]
    [InlineData(".", ".")]
    [InlineData("", ".")]
    [InlineData("  ", ".")]
    [InlineData(" . ", ".")]
    [InlineData("cmd/server", "./cmd/server")]
    [InlineData("cmd\\server", "./cmd/server")]
    [InlineData("server", "./server")]
    [InlineData("main.go", "./main.go")]
    [InlineData("./x", "./x")]
    [InlineData(".\\x", "./x")]
    [InlineData("../tools/gen", "../tools/gen")]
    [InlineData("./...", "./...")]
    [InlineData("example.com/m/cmd", "example.com/m/cmd")]
    [InlineData("gopkg.in/yaml.v3", "gopkg.in/yaml.v3")]
    [InlineData("/src/app/cmd/server", "/src/app/cmd/server")]
    public void MainPackageBecomesAGoPackagePattern(string mainPackage, string expected)
    {
        Assert.Equal(expected, GoBuild.ToGoPackagePattern(mainPackage));
    }
}
