using McpFunctions.Sessions;
using Microsoft.Extensions.Options;

namespace McpFunctions.Tests.Sessions;

/// <summary>Where a session expires: idle expiry for bound sessions (or with authentication off), a short absolute life for unbound ones.</summary>
public sealed class SessionLifetimeTests
{
    private static readonly DateTimeOffset Created = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Created.AddMinutes(3);

    [Fact]
    public void BoundSession_ExpiresAfterTheIdleTimeout_FromNow()
    {
        var lifetime = Lifetime(limitUnbound: true);

        Assert.Equal(Now.AddHours(24), lifetime.ExpiresAt("user-1", Now, Created));
    }

    [Fact]
    public void UnboundSession_WithAuthenticationOn_ExpiresAtItsAbsoluteLifetime_HoweverBusy()
    {
        var lifetime = Lifetime(limitUnbound: true);

        Assert.Equal(Created.AddMinutes(5), lifetime.ExpiresAt(null, Now, Created));
        Assert.Equal(Created.AddMinutes(5), lifetime.ExpiresAt(null, Now.AddMinutes(1), Created));
    }

    [Fact]
    public void UnboundSession_WithAuthenticationOff_ExpiresWhenIdle()
    {
        var lifetime = Lifetime(limitUnbound: false);

        Assert.Equal(Now.AddHours(24), lifetime.ExpiresAt(null, Now, Created));
    }

    [Fact]
    public void Touch_IsDueOnceTheIntervalHasPassed_NotBefore()
    {
        var lifetime = Lifetime(limitUnbound: true);
        var session = new SessionRecord { Id = "s", ProtocolVersion = "2025-06-18", CreatedAt = Created, LastSeenAt = Created, ExpiresAt = Created.AddHours(24) };

        Assert.False(lifetime.IsTouchDue(session, Created.AddMinutes(5).AddTicks(-1)));
        Assert.True(lifetime.IsTouchDue(session, Created.AddMinutes(5)));
    }

    private static SessionLifetime Lifetime(bool limitUnbound) => new(Options.Create(new SessionLifetimeOptions { LimitUnboundSessions = limitUnbound }));
}
