using System;
using Microsoft.Build.Framework;

namespace Kickstart.Build.Tasks.Session;

/// <summary>
/// Gives the MSBuild node back while the watch waits for changes (IBuildEngine3.Yield) and takes it again before
/// touching the engine (Reacquire). Without it, a solution of N services watched with -t:Watch would need N nodes,
/// and the services beyond the node count would never start.
/// </summary>
internal sealed class NodeSharing
{
    private readonly IBuildEngine3? _engine;

    public NodeSharing(IBuildEngine engine) => _engine = engine as IBuildEngine3;

    public IDisposable Yield()
    {
        _engine?.Yield();
        return new Reacquirer(_engine);
    }

    private sealed class Reacquirer : IDisposable
    {
        private IBuildEngine3? _engine;

        public Reacquirer(IBuildEngine3? engine) => _engine = engine;

        public void Dispose()
        {
            _engine?.Reacquire();
            _engine = null;
        }
    }
}
