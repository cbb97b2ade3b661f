using McpFunctions.OAuthFacade.DataProtection;
using McpFunctions.Tests.TestSupport;
using Microsoft.AspNetCore.DataProtection;

namespace McpFunctions.Tests.OAuthFacade.DataProtection;

public sealed class FacadeProtectorTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly FacadeProtector _protector;

    public FacadeProtectorTests()
    {
        _protector = new FacadeProtector(new EphemeralDataProtectionProvider(), _time);
    }

    [Fact]
    public void Protect_RoundTrips_AndIsUrlSafeCiphertext()
    {
        var protectedValue = _protector.Protect(FacadeProtectionPurposes.UpstreamPkce, "verifier-ünïcode");

        Assert.True(_protector.TryUnprotect(FacadeProtectionPurposes.UpstreamPkce, protectedValue, out var plaintext));
        Assert.Equal("verifier-ünïcode", plaintext);
        Assert.DoesNotContain("verifier", protectedValue, StringComparison.Ordinal);
        Assert.Matches("^[A-Za-z0-9_-]+$", protectedValue);
    }

    [Fact]
    public void Purposes_AreIsolated_AValueForOneIsNotAcceptedAsAnother()
    {
        var cookie = _protector.Protect(FacadeProtectionPurposes.ConsentCookie, "consent");
        var expiring = _protector.ProtectUntil(FacadeProtectionPurposes.State, "state", _time.GetUtcNow().AddMinutes(5));

        Assert.False(_protector.TryUnprotect(FacadeProtectionPurposes.State, cookie, out _));
        Assert.False(_protector.TryUnprotect(FacadeProtectionPurposes.RotationResponse, cookie, out _));
        Assert.False(_protector.TryUnprotectUnexpired(FacadeProtectionPurposes.ConsentCookie, cookie, out _));
        Assert.False(_protector.TryUnprotect(FacadeProtectionPurposes.State, expiring, out _));
        Assert.True(_protector.TryUnprotectUnexpired(FacadeProtectionPurposes.State, expiring, out _));
    }

    [Fact]
    public void TryUnprotect_IsFalse_ForTamperedGarbageOrEmptyValues()
    {
        var value = _protector.Protect(FacadeProtectionPurposes.UpstreamRefreshToken, "refresh");
        var tampered = value[..^2] + (value[^2] == 'A' ? 'B' : 'A') + value[^1];

        Assert.False(_protector.TryUnprotect(FacadeProtectionPurposes.UpstreamRefreshToken, tampered, out var plaintext));
        Assert.Equal(string.Empty, plaintext);
        Assert.False(_protector.TryUnprotect(FacadeProtectionPurposes.UpstreamRefreshToken, "not base64 !!", out _));
        Assert.False(_protector.TryUnprotect(FacadeProtectionPurposes.UpstreamRefreshToken, null, out _));
        Assert.False(_protector.TryUnprotectUnexpired(FacadeProtectionPurposes.State, "%%%", out _));
    }

    [Fact]
    public void ProtectUntil_ExpiresByTheInjectedClock()
    {
        var value = _protector.ProtectUntil(FacadeProtectionPurposes.ConsentCookie, "remembered", _time.GetUtcNow().AddDays(30));

        _time.Advance(TimeSpan.FromDays(30) - TimeSpan.FromMilliseconds(1));
        var justBefore = _protector.TryUnprotectUnexpired(FacadeProtectionPurposes.ConsentCookie, value, out var plaintext);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var atExpiry = _protector.TryUnprotectUnexpired(FacadeProtectionPurposes.ConsentCookie, value, out _);

        Assert.True(justBefore);
        Assert.Equal("remembered", plaintext);
        Assert.False(atExpiry);
    }

    [Fact]
    public void UnknownPurpose_IsRefusedWhereItIsWritten()
    {
        var failure = Assert.Throws<ArgumentException>(() => _protector.Protect("consent", "x"));

        Assert.Contains("consent-cookie", failure.Message, StringComparison.Ordinal);
    }
}
