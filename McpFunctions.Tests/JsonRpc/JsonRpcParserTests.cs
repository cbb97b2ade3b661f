using System.Text;
using McpFunctions.JsonRpc;
using McpFunctions.Mcp;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;

namespace McpFunctions.Tests.JsonRpc;

/// <summary>
/// The JSON-RPC 2.0 parser on its own (no Kestrel): what each body becomes, and for every malformed one the exact
/// error code and message a client reads (JSON-RPC 2.0 §4, §5.1, §6; MCP basic "Requests": ids are strings or integers).
/// </summary>
public sealed class JsonRpcParserTests
{
    private const int ParseError = -32700;
    private const int InvalidRequest = -32600;

    [Fact]
    public void Request_WithStringId_KeepsIdMethodAndParams()
    {
        var parsed = Parse("""{"jsonrpc":"2.0","id":"a-1","method":"tools/list","params":{"cursor":"next"}}""");

        Assert.Null(parsed.Error);
        Assert.False(parsed.IsBatch);
        Assert.True(parsed.HasRequests);
        var message = Assert.Single(parsed.Messages);
        Assert.Equal(IncomingMessageKind.Request, message.Kind);
        Assert.Equal(new RequestId("a-1"), message.Id);
        Assert.Equal("tools/list", message.Method);
        Assert.Equal("next", message.Params!["cursor"]!.GetValue<string>());
        Assert.Null(message.Error);
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("42", 42L)]
    [InlineData("-7", -7L)]
    [InlineData("9007199254740993", 9007199254740993L)]
    public void Request_WithIntegerId_KeepsTheNumber(string idJson, long expected)
    {
        var message = Single($$"""{"jsonrpc":"2.0","id":{{idJson}},"method":"ping"}""");

        Assert.Equal(IncomingMessageKind.Request, message.Kind);
        Assert.Equal(new RequestId(expected), message.Id);
        Assert.Null(message.Params);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("[1]")]
    public void Request_WithAnIdThatIsNeitherStringNorInteger_IsInvalid_WithoutEchoingIt(string idJson)
    {
        var message = Single($$"""{"jsonrpc":"2.0","id":{{idJson}},"method":"ping"}""");

        AssertInvalid(message, expectedId: null, "Invalid request: 'id' must be a string or an integer.");
    }

    [Fact]
    public void Notification_HasNoId_AndMakesNoRequest()
    {
        var parsed = Parse("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");

        var message = Assert.Single(parsed.Messages);
        Assert.Equal(IncomingMessageKind.Notification, message.Kind);
        Assert.Null(message.Id);
        Assert.Equal("notifications/initialized", message.Method);
        Assert.False(parsed.HasRequests);
    }

    [Fact]
    public void Notification_WithNullId_IsAccepted_AsSomeClientsSendIt()
    {
        var message = Single("""{"jsonrpc":"2.0","id":null,"method":"notifications/cancelled","params":{"requestId":3}}""");

        Assert.Equal(IncomingMessageKind.Notification, message.Kind);
        Assert.Null(message.Id);
        Assert.Equal(3, message.Params!["requestId"]!.GetValue<int>());
    }

    [Fact]
    public void Request_WithNullId_IsInvalid()
    {
        var message = Single("""{"jsonrpc":"2.0","id":null,"method":"tools/list"}""");

        AssertInvalid(message, expectedId: null, "Invalid request: 'id' must not be null.");
    }

    [Fact]
    public void Response_IsRecognised_WithItsId()
    {
        var parsed = Parse("""{"jsonrpc":"2.0","id":9,"result":{}}""");

        var message = Assert.Single(parsed.Messages);
        Assert.Equal(IncomingMessageKind.Response, message.Kind);
        Assert.Equal(new RequestId(9L), message.Id);
        Assert.False(parsed.HasRequests);
        Assert.Equal(IncomingMessageKind.Response, Single("""{"jsonrpc":"2.0","id":"x","error":{"code":-1,"message":"m"}}""").Kind);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"1.0","id":5,"method":"ping"}""")]
    [InlineData("""{"jsonrpc":2.0,"id":5,"method":"ping"}""")]
    [InlineData("""{"id":5,"method":"ping"}""")]
    public void WrongOrMissingVersion_IsInvalid_AndKeepsTheId(string body)
    {
        AssertInvalid(Single(body), new RequestId(5L), "Invalid request: 'jsonrpc' must be \"2.0\".");
    }

    [Theory]
    [InlineData("""[1,2]""")]
    [InlineData("""  "positional" """)]
    [InlineData("""7""")]
    public void Params_ThatAreNotAnObject_AreInvalid(string parameters)
    {
        var message = Single($$"""{"jsonrpc":"2.0","id":"p","method":"tools/call","params":{{parameters}}}""");

        AssertInvalid(message, new RequestId("p"), "Invalid request: 'params' must be an object.");
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("12")]
    [InlineData("null")]
    public void Method_ThatIsNotANonEmptyString_IsInvalid(string method)
    {
        var message = Single($$"""{"jsonrpc":"2.0","id":1,"method":{{method}}}""");

        AssertInvalid(message, new RequestId(1L), "Invalid request: 'method' must be a non-empty string.");
    }

    [Fact]
    public void Message_WithNeitherMethodNorResultNorError_IsInvalid()
    {
        AssertInvalid(Single("""{"jsonrpc":"2.0","id":1}"""), new RequestId(1L), "Invalid request: no 'method', 'result' or 'error'.");
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":""")]
    [InlineData("""not json""")]
    [InlineData("""{"jsonrpc":"2.0",}""")]
    [InlineData("")]
    public void MalformedJson_IsAParseError_ForTheWholeBody(string body)
    {
        var parsed = Parse(body);

        AssertBodyError(parsed, ParseError, "Parse error: the body is not valid JSON.");
    }

    [Fact]
    public void LoneSurrogateEscape_IsAParseError_NamingTheText()
    {
        var parsed = Parse("""{"jsonrpc":"2.0","id":1,"method":"x","params":{"a":"\uD800"}}""");

        AssertBodyError(parsed, ParseError, "Parse error: a string is not valid Unicode text (a lone UTF-16 surrogate escape or invalid UTF-8).");
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","jsonrpc":"2.0","id":1,"method":"ping"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"a","name":"b"}}""")]
    [InlineData("""[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"id":3,"method":"ping"}]""")]
    public void DuplicateMemberNames_AtAnyDepth_AreAnInvalidRequest(string body)
    {
        AssertBodyError(Parse(body), InvalidRequest, "Invalid request: an object has the same member name twice.");
    }

    [Fact]
    public void Batch_ParsesEachElement_AndMarksNonObjectsInvalid()
    {
        var parsed = Parse("""[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/initialized"},5]""");

        Assert.Null(parsed.Error);
        Assert.True(parsed.IsBatch);
        Assert.Equal(3, parsed.Messages.Count);
        Assert.Equal(IncomingMessageKind.Request, parsed.Messages[0].Kind);
        Assert.Equal(IncomingMessageKind.Notification, parsed.Messages[1].Kind);
        AssertInvalid(parsed.Messages[2], expectedId: null, "Invalid request: a batch element is not an object.");
        Assert.True(parsed.HasRequests);
    }

    [Fact]
    public void BatchOfOne_IsStillABatch()
    {
        var parsed = Parse("""[{"jsonrpc":"2.0","id":1,"method":"initialize"}]""");

        Assert.True(parsed.IsBatch);
        Assert.Equal("initialize", Assert.Single(parsed.Messages).Method);
    }

    [Fact]
    public void EmptyBatch_IsAnInvalidRequest()
    {
        AssertBodyError(Parse("[]"), InvalidRequest, "Invalid request: an empty batch.");
    }

    [Theory]
    [InlineData("\"hello\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("true")]
    public void ScalarBody_IsAnInvalidRequest(string body)
    {
        AssertBodyError(Parse(body), InvalidRequest, "Invalid request: the body is not a JSON-RPC message.");
    }

    [Fact]
    public void NestingDeeperThanTheLimit_IsAParseError_NotAStackOverflow()
    {
        var deep = new string('[', 200) + new string(']', 200);

        AssertBodyError(Parse($$$"""{"jsonrpc":"2.0","id":1,"method":"x","params":{"a":{{{deep}}}}}"""), ParseError, "Parse error: the body is not valid JSON.");
    }

    [Fact]
    public async Task OversizedBody_IsRefusedBeforeParsing_AndOneAtTheLimitIsRead()
    {
        var body = """{"jsonrpc":"2.0","id":1,"method":"ping"}""";
        var limit = Encoding.UTF8.GetByteCount(body);

        Assert.Null(await RequestBodyReader.ReadAsync(Request(body + " "), limit, CancellationToken.None));
        var read = await RequestBodyReader.ReadAsync(Request(body), limit, CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal("ping", Assert.Single(JsonRpcParser.Parse(read.Value).Messages).Method);
    }

    private static ParsedBody Parse(string body) => JsonRpcParser.Parse(Encoding.UTF8.GetBytes(body));

    private static IncomingMessage Single(string body)
    {
        var parsed = Parse(body);
        Assert.Null(parsed.Error);
        Assert.False(parsed.IsBatch);
        return Assert.Single(parsed.Messages);
    }

    private static void AssertInvalid(IncomingMessage message, RequestId? expectedId, string expectedMessage)
    {
        Assert.Equal(IncomingMessageKind.Invalid, message.Kind);
        Assert.Equal(expectedId, message.Id);
        Assert.Null(message.Method);
        Assert.Equal(InvalidRequest, message.Error!.Code);
        Assert.Equal(expectedMessage, message.Error.Message);
    }

    private static void AssertBodyError(ParsedBody parsed, int code, string message)
    {
        Assert.Empty(parsed.Messages);
        Assert.False(parsed.IsBatch);
        Assert.Equal(code, parsed.Error!.Code);
        Assert.Equal(message, parsed.Error.Message);
        Assert.Null(parsed.Error.Data);
    }

    private static HttpRequest Request(string body)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return context.Request;
    }
}
