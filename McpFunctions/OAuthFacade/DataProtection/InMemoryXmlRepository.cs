using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace McpFunctions.OAuthFacade.DataProtection;

/// <summary>
/// The key ring in this process only (no storage configured): nothing is written to disk, and whatever was
/// protected — consent cookies, pending <c>state</c>, upstream tokens, generated signing keys — is unreadable after
/// a restart. The start-up log says so.
/// </summary>
internal sealed class InMemoryXmlRepository : IXmlRepository
{
    private readonly Lock _gate = new();
    private readonly List<XElement> _elements = [];

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_gate)
        {
            return [.. _elements.Select(e => new XElement(e))];
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        lock (_gate)
        {
            _elements.Add(new XElement(element));
        }
    }
}
