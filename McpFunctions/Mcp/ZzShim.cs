using System.Collections.Concurrent;
using McpFunctions.Sessions;
using McpFunctions.Storage;
namespace McpFunctions.Mcp;
internal static class ZzShimExtensions
{
    public static IServiceCollection AddShimStore(this IServiceCollection services) { services.AddSingleton<McpFunctions.ResourceServer.ITokenValidator, ZzShimValidator>(); return services; }
    public static IServiceCollection AddShimTools(this IServiceCollection services) => services;
}
internal sealed class ZzShimStore(TimeProvider time) : ISessionStore
{
    private readonly ConcurrentDictionary<string, SessionRecord> _rows = new();
    public Task<StoreWriteResult<SessionRecord>> CreateAsync(SessionRecord s, CancellationToken c) { var v = s with { ETag = Guid.NewGuid().ToString() }; return Task.FromResult(_rows.TryAdd(s.Id, v) ? StoreWriteResult<SessionRecord>.Success(v) : StoreWriteResult<SessionRecord>.Failed(StoreWriteStatus.Conflict)); }
    public Task<SessionRecord?> GetAsync(string id, CancellationToken c) => Task.FromResult(_rows.TryGetValue(id, out var v) && !v.IsExpired(time.GetUtcNow()) ? v : null);
    public Task<StoreWriteResult<SessionRecord>> UpdateAsync(SessionRecord s, CancellationToken c) { if (!_rows.TryGetValue(s.Id, out var cur)) return Task.FromResult(StoreWriteResult<SessionRecord>.Failed(StoreWriteStatus.NotFound)); var v = s with { ETag = Guid.NewGuid().ToString() }; return Task.FromResult(_rows.TryUpdate(s.Id, v, cur) && cur.ETag == s.ETag ? StoreWriteResult<SessionRecord>.Success(v) : StoreWriteResult<SessionRecord>.Failed(StoreWriteStatus.PreconditionFailed)); }
    public Task<bool> DeleteAsync(string id, CancellationToken c) => Task.FromResult(_rows.TryRemove(id, out _));
}
internal sealed class ZzShimValidator : McpFunctions.ResourceServer.ITokenValidator
{
    public Task<McpFunctions.ResourceServer.TokenValidationResult> ValidateAsync(string token, CancellationToken c) => Task.FromResult(McpFunctions.ResourceServer.TokenValidationResult.Invalid("shim"));
}
