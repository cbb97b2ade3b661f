using McpFunctions.Storage;

namespace McpFunctions.Tests.Storage;

public sealed class TableKeyValidationTests
{
    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\u0000b")]
    [InlineData("a\u001Fb")]
    [InlineData("a\u007Fb")]
    [InlineData("a\u0085b")]
    [InlineData("a\u009Fb")]
    public void ValidateKey_Throws_WhenKeyHasForbiddenCharacter(string key)
    {
        Assert.False(TableKeyValidation.IsValidKey(key));
        Assert.Throws<ArgumentException>(() => TableKeyValidation.ValidateKey(key, "key"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc-DEF_123")]
    [InlineData("it's ok")]
    [InlineData("é ü 漢字 \u00A0")]
    [InlineData("a=b&c=d%20")]
    public void ValidateKey_Accepts_WhenKeyFollowsServiceRules(string key)
    {
        TableKeyValidation.ValidateKey(key, "key");

        Assert.True(TableKeyValidation.IsValidKey(key));
    }

    [Fact]
    public void ValidateKey_Throws_WhenKeyLongerThan1KiB()
    {
        Assert.True(TableKeyValidation.IsValidKey(new string('k', 1024)));
        Assert.Throws<ArgumentException>(() => TableKeyValidation.ValidateKey(new string('k', 1025), "key"));
    }

    [Fact]
    public void ValidateKey_ThrowsArgumentNull_WhenKeyNull()
    {
        Assert.False(TableKeyValidation.IsValidKey(null));
        Assert.Throws<ArgumentNullException>(() => TableKeyValidation.ValidateKey(null, "key"));
    }

    [Theory]
    [InlineData("McpSessions")]
    [InlineData("abc")]
    [InlineData("A12345678901234567890123456789012345678901234567890123456789012")]
    public void ValidateTableName_Accepts_ValidNames(string name)
    {
        TableKeyValidation.ValidateTableName(name, "name");

        Assert.True(TableKeyValidation.IsValidTableName(name));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1abc")]
    [InlineData("mcp-sessions")]
    [InlineData("mcp_sessions")]
    [InlineData("A123456789012345678901234567890123456789012345678901234567890123")]
    [InlineData("Tables")]
    public void ValidateTableName_Throws_WhenNameBreaksRules(string name)
    {
        Assert.False(TableKeyValidation.IsValidTableName(name));
        Assert.Throws<ArgumentException>(() => TableKeyValidation.ValidateTableName(name, "name"));
    }

    [Theory]
    [InlineData("PartitionKey")]
    [InlineData("RowKey")]
    [InlineData("Timestamp")]
    [InlineData("odata.etag")]
    [InlineData("Value@odata.type")]
    [InlineData("")]
    public void ValidatePropertyName_Throws_WhenNameReservedOrEmpty(string name)
    {
        Assert.ThrowsAny<ArgumentException>(() => TableKeyValidation.ValidatePropertyName(name));
    }

    [Fact]
    public void ValidatePropertyName_Throws_WhenLongerThanServiceLimit()
    {
        TableKeyValidation.ValidatePropertyName(new string('a', TableKeyValidation.MaxPropertyNameLength));
        Assert.Throws<ArgumentException>(() => TableKeyValidation.ValidatePropertyName(new string('a', TableKeyValidation.MaxPropertyNameLength + 1)));
    }
}
