using System.Text;
using McpFunctions.Hosting;

namespace McpFunctions.Tests.Hosting;

/// <summary>The one check every client JSON body passes before it is materialised (RFC 8259 §7, §8.2; RFC 7493 §2.3).</summary>
public sealed class JsonInputValidatorTests
{
    [Theory]
    [InlineData("""{"a":"\ud83d\ude00"}""")]
    [InlineData("""{"a":"\\ud800"}""")]
    [InlineData("""{"a":"\\\ud83d\ude00\\"}""")]
    [InlineData("""{"\u0041":"\u00e9","B":"😀"}""")]
    [InlineData("""{"a":{"x":1},"b":{"x":2},"c":[{"x":1},{"x":2}]}""")]
    [InlineData("""[{"a":1},{"a":1}]""")]
    [InlineData("""{"A":1,"a":1}""")]
    public void Accepts_WellFormedText_AndRepeatedNamesInDifferentObjects(string json) =>
        Assert.Equal(JsonInputProblem.None, JsonInputValidator.Validate(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("""{"a":"\ud800"}""")]
    [InlineData("""{"a":"\udc00"}""")]
    [InlineData("""{"a":"\ud800\u0041"}""")]
    [InlineData("""{"a":"\ud800x"}""")]
    [InlineData("""{"a":"\udc00\ud800"}""")]
    [InlineData("""{"a":"\ud800\ud800"}""")]
    [InlineData("""{"a":"\\\ud800"}""")]
    [InlineData("""{"\ud800":1}""")]
    [InlineData("""[["\uDBFF"]]""")]
    public void Refuses_LoneSurrogateEscapes_InValuesAndNames(string json) =>
        Assert.Equal(JsonInputProblem.InvalidString, JsonInputValidator.Validate(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Refuses_InvalidUtf8()
    {
        byte[] json = [.. """{"a":" """u8, 0xFF, .. "\"}"u8];

        Assert.Equal(JsonInputProblem.InvalidString, JsonInputValidator.Validate(json));
    }

    [Theory]
    [InlineData("""{"a":1,"a":1}""")]
    [InlineData("""{"p":{"_meta":{},"_meta":{}}}""")]
    [InlineData("""{"p":[1,{"x":{"y":1,"z":2,"y":3}}]}""")]
    [InlineData("""{"a":1,"\u0061":2}""")]
    public void Refuses_DuplicateNames_AtAnyDepth_AfterUnescaping(string json) =>
        Assert.Equal(JsonInputProblem.DuplicateMember, JsonInputValidator.Validate(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("{")]
    [InlineData("""{"a":}""")]
    [InlineData("")]
    public void Refuses_Malformed(string json) =>
        Assert.Equal(JsonInputProblem.Malformed, JsonInputValidator.Validate(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Refuses_NestingBeyondTheLimit()
    {
        var json = new string('[', JsonInputValidator.MaxDepth + 1) + new string(']', JsonInputValidator.MaxDepth + 1);

        Assert.Equal(JsonInputProblem.Malformed, JsonInputValidator.Validate(Encoding.UTF8.GetBytes(json)));
    }
}
