using Microsoft.AspNetCore.Http.Features;

namespace McpFunctions.OAuthFacade.Endpoints;

/// <summary>Bounds on the small forms the façade reads (token, revocation and consent posts are well under 4 KiB).</summary>
internal static class FormLimits
{
    public const int MaxFormBytes = 16 * 1024;

    /// <summary>Reads the form with <see cref="MaxFormBytes"/> as the whole-body limit; null when it is larger or not a form.</summary>
    public static async Task<IFormCollection?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasFormContentType || request.ContentLength > MaxFormBytes)
        {
            return null;
        }

        request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions
        {
            BufferBody = false,
            ValueCountLimit = 64,
            KeyLengthLimit = 256,
            ValueLengthLimit = MaxFormBytes,
            MultipartBodyLengthLimit = MaxFormBytes,
        }));
        try
        {
            return await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
