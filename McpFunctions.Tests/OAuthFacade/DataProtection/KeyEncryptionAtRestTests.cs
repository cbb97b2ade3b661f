using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using McpFunctions.OAuthFacade.DataProtection;
using McpFunctions.Tests.OAuthFacade.Tokens;
using McpFunctions.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpFunctions.Tests.OAuthFacade.DataProtection;

/// <summary>
/// The data-protection key ring at rest: encrypted with <c>Facade:DataProtection:Certificate</c> when it is set (and
/// still readable by another instance with the same setting); in clear on purpose otherwise, with one start-up line that
/// says so and what to set — never the framework's generic "No XML encryptor configured" warning.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class KeyEncryptionAtRestTests(AzuriteFixture azurite)
{
    private const int FrameworkNoEncryptorEventId = 35;
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task WithACertificate_KeysInTheTableAreEncrypted_AndAnotherInstanceReadsThem()
    {
        // Arrange
        var settings = new Dictionary<string, string?>(FacadeTestHost.UniqueTables()) { ["Auth:Mode"] = "Facade", ["Facade:DataProtection:Certificate"] = NewCertificate() };
        await using var instanceA = FacadeTestHost.Create(_time, settings, azurite);
        await using var instanceB = FacadeTestHost.Create(_time, settings, azurite);

        // Act
        var protectedValue = instanceA.Get<FacadeProtector>().Protect(FacadeProtectionPurposes.All.First(), "secret state");
        await StartLogAsync(instanceA);

        // Assert
        Assert.True(instanceB.Get<FacadeProtector>().TryUnprotect(FacadeProtectionPurposes.All.First(), protectedValue, out var plaintext));
        Assert.Equal("secret state", plaintext);
        var stored = Assert.Single(instanceA.Get<IOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>>().Value.XmlRepository!.GetAllElements()).ToString();
        Assert.Contains("EncryptedData", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", stored, StringComparison.Ordinal);
        Assert.Contains(instanceA.Logs.Lines, l => l.EventId.Id == 5006 && l.Level == LogLevel.Information);
        Assert.DoesNotContain(instanceA.Logs.Lines, l => l.EventId.Id == FrameworkNoEncryptorEventId && l.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task WithoutACertificate_OnTheLocalEmulator_KeysAreInClear_WithANoteNotTheFrameworkWarning()
    {
        // Arrange
        var settings = new Dictionary<string, string?>(FacadeTestHost.UniqueTables()) { ["Auth:Mode"] = "Facade" };
        await using var instance = FacadeTestHost.Create(_time, settings, azurite);

        // Act
        instance.Get<FacadeProtector>().Protect(FacadeProtectionPurposes.All.First(), "secret state");
        await StartLogAsync(instance);

        // Assert
        var note = Assert.Single(instance.Logs.Lines, l => l.EventId.Id == 5008);
        Assert.Equal(LogLevel.Information, note.Level);
        Assert.Contains("on Azure set Facade:DataProtection:Certificate", note.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(instance.Logs.Lines, l => l.Level >= LogLevel.Warning && l.Category.Contains("DataProtection", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InMemory_NoFrameworkWarning()
    {
        await using var instance = FacadeTestHost.Create(_time, new Dictionary<string, string?> { ["Auth:Mode"] = "Facade" });

        instance.Get<FacadeProtector>().Protect(FacadeProtectionPurposes.All.First(), "secret state");

        Assert.DoesNotContain(instance.Logs.Lines, l => l.Level >= LogLevel.Warning && l.Category.StartsWith("Microsoft.AspNetCore.DataProtection", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("not base64 at all")]
    [InlineData("AAAA")]
    public async Task AnUnusableCertificate_StopsTheStart_NamingTheSetting(string value)
    {
        await using var instance = FacadeTestHost.Create(_time, new Dictionary<string, string?> { ["Auth:Mode"] = "Facade", ["Facade:DataProtection:Certificate"] = value });

        var error = Assert.Throws<OptionsValidationException>(() => instance.Get<IOptions<FacadeDataProtectionOptions>>().Value);

        Assert.Contains("Facade:DataProtection:Certificate", error.Message, StringComparison.Ordinal);
    }

    private static async Task StartLogAsync(FacadeTestHost host)
    {
        foreach (var service in host.Get<IEnumerable<IHostedService>>().OfType<FacadeStateStartupLog>())
        {
            await service.StartAsync(CancellationToken.None);
        }
    }

    private static string NewCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=McpFunctions data protection test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12));
    }
}
