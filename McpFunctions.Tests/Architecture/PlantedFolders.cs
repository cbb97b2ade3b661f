// A miniature product with one reference of each forbidden kind, so the layer checker is seen to fail
// (FolderLayerTests). Nothing else uses these types.
#pragma warning disable CA1812

namespace McpFunctions.Tests.Architecture.Planted
{
    internal sealed class CompositionRoot;
}

namespace McpFunctions.Tests.Architecture.Planted.High
{
    internal sealed class UsesLow(Low.Fine fine)
    {
        public Low.Fine Fine { get; } = fine;
    }
}

namespace McpFunctions.Tests.Architecture.Planted.Low
{
    internal sealed class Fine;

    internal sealed class ReachesUp(High.UsesLow high)
    {
        public High.UsesLow High { get; } = high;
    }

    internal sealed class ReachesASibling(Beside.Neighbour neighbour)
    {
        public Beside.Neighbour Neighbour { get; } = neighbour;
    }

    internal sealed class ReachesTheRoot(CompositionRoot root)
    {
        public CompositionRoot Root { get; } = root;
    }
}

namespace McpFunctions.Tests.Architecture.Planted.Beside
{
    internal sealed class Neighbour;
}
