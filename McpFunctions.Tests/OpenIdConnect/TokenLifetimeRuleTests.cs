using McpFunctions.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace McpFunctions.Tests.OpenIdConnect;

/// <summary>Lifetime on the injected clock (RFC 7519 §4.1.4–4.1.5), including IdentityModel's MinValue stand-ins.</summary>
public sealed class TokenLifetimeRuleTests
{
    private static readonly DateTime Now = new(2030, 1, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(60);

    [Fact]
    public void AbsentNotBefore_AsMinValue_IsNotAnOverflow() =>
        Assert.True(TokenLifetimeRule.Validate(Now, DateTime.MinValue, Now.AddMinutes(5), Skew));

    [Fact]
    public void ExpiredBeyondTheSkew_Throws() =>
        Assert.Throws<SecurityTokenExpiredException>(() => TokenLifetimeRule.Validate(Now, null, Now.AddSeconds(-61), Skew));

    [Fact]
    public void ExpiredWithinTheSkew_IsValid() =>
        Assert.True(TokenLifetimeRule.Validate(Now, null, Now.AddSeconds(-59), Skew));

    [Fact]
    public void NotYetValidBeyondTheSkew_Throws() =>
        Assert.Throws<SecurityTokenNotYetValidException>(() => TokenLifetimeRule.Validate(Now, Now.AddSeconds(61), Now.AddHours(1), Skew));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NoExpiry_Throws(bool minValue) =>
        Assert.Throws<SecurityTokenNoExpirationException>(() => TokenLifetimeRule.Validate(Now, null, minValue ? DateTime.MinValue : null, Skew));
}
