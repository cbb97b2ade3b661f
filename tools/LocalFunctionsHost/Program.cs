using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace LocalFunctionsHost
{
    /// <summary>
    /// A local stand-in for the Azure Functions host (development and test tool, never production):
    /// <c>dotnet run --project tools/LocalFunctionsHost -- --app &lt;worker output folder&gt; [--port 7071] [--host 127.0.0.1]</c>.
    /// </summary>
    internal static class LocalHost
    {
        public static Task<int> Main(string[] args) => RunAsync(args);

        private static readonly TimeSpan WorkerStartTimeout = TimeSpan.FromSeconds(90);

        public static async Task<int> RunAsync(string[] args)
        {
            var options = HostCommandLine.TryParse(args, out var error);
            if (options is null)
            {
                Console.Error.WriteLine(error);
                return error == HostCommandLine.Usage ? 0 : 2;
            }

            IPAddress? address = null;
            if (!string.Equals(options.Address, "localhost", StringComparison.OrdinalIgnoreCase)
                && !IPAddress.TryParse(options.Address, out address))
            {
                Console.Error.WriteLine($"--host must be an IP address or 'localhost', not '{options.Address}'.");
                return 2;
            }

            AppFolder app;
            try
            {
                app = AppFolder.Load(options.AppDirectory, Environment.CurrentDirectory);
            }
            catch (AppFolderException ex)
            {
                Console.Error.WriteLine(ex.Message);
                return 2;
            }

            string? Setting(string name) =>
                Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value
                : app.Settings.TryGetValue(name, out var fromFile) ? fromFile : null;

            // Both sockets are bound before anything else, so that a port in use is one clear line and the worker can
            // start at once, in parallel with the host's own start-up (the real host is already running when it
            // starts a worker): its connection waits in the listen backlog until Kestrel accepts it.
            Socket publicSocket;
            try
            {
                publicSocket = Listen(address ?? IPAddress.Loopback, options.Port);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                Console.Error.WriteLine($"Port {options.Port} on {options.Address} is already in use; choose another with --port.");
                return 3;
            }
            catch (SocketException ex)
            {
                Console.Error.WriteLine($"The local host could not listen on {options.Address}:{options.Port}: {ex.Message}");
                return 3;
            }

            // The worker's channel: HTTP/2 only (gRPC without TLS needs prior knowledge), loopback only.
            var grpcSocket = Listen(IPAddress.Loopback, 0);
            var grpcPort = ((IPEndPoint)grpcSocket.LocalEndPoint!).Port;
            var console = new ConsoleOutput(TimeProvider.System, app.MinimumLogLevel);
            using var worker = new WorkerProcess(app, console);
            try
            {
                worker.Start(new Uri($"http://127.0.0.1:{grpcPort}/"));
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                Console.Error.WriteLine($"Could not start the worker with '{app.Executable}': {ex.Message}");
                return 1;
            }

            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
            // The host is configured by its command line only: an appsettings.json beside it or ASPNETCORE_URLS and
            // Logging__* meant for the worker (whose environment this process passes on) must not change it.
            builder.Configuration.Sources.Clear();
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "[yyyy-MM-ddTHH:mm:ss.fffZ] ";
                console.UseUtcTimestamp = true;
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
            builder.Logging.AddFilter("Yarp", LogLevel.Warning);
            builder.Logging.AddFilter("Grpc", LogLevel.Warning);
            // A failed start is reported as one line below, not as the generic host's exception dump.
            builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
            builder.Logging.AddFilter("LocalFunctionsHost", app.MinimumLogLevel < LogLevel.Information ? app.MinimumLogLevel : LogLevel.Information);
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Limits.MaxRequestBodySize = PublicRequestDispatcher.MaxRequestBodySize;
                kestrel.ListenHandle((ulong)publicSocket.SafeHandle.DangerousGetHandle(), listen => listen.Protocols = HttpProtocols.Http1);
                kestrel.ListenHandle((ulong)grpcSocket.SafeHandle.DangerousGetHandle(), listen => listen.Protocols = HttpProtocols.Http2);
            });

            builder.Services.AddRouting();
            builder.Services.AddGrpc(grpc =>
            {
                grpc.MaxReceiveMessageSize = null;
                grpc.MaxSendMessageSize = null;
            });
            builder.Services.AddHttpForwarder();
            builder.Services.AddSingleton(options);
            builder.Services.AddSingleton(app);
            builder.Services.AddSingleton(TimeProvider.System);
            builder.Services.AddSingleton(console);
            builder.Services.AddSingleton<WorkerChannel>();
            builder.Services.AddSingleton<HttpFunctionForwarder>();
            builder.Services.AddSingleton<TimerRunner>();
            builder.Services.AddSingleton(sp => new PublicRequestDispatcher(
                sp.GetRequiredService<WorkerChannel>(), sp.GetRequiredService<HttpFunctionForwarder>(),
                sp.GetRequiredService<TimerRunner>(), Setting));

            await using var web = builder.Build();
            var dispatcher = web.Services.GetRequiredService<PublicRequestDispatcher>();
            web.Use(async (context, next) =>
            {
                if (context.Connection.LocalPort == grpcPort)
                {
                    await next(context);
                    return;
                }

                await dispatcher.DispatchAsync(context);
            });
            web.MapGrpcService<FunctionRpcService>();

            try
            {
                await web.StartAsync();
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or SocketException)
            {
                Console.Error.WriteLine($"The local host could not start: {ex.Message}");
                return 1;
            }

            var channel = web.Services.GetRequiredService<WorkerChannel>();
            var lifetime = web.Services.GetRequiredService<IHostApplicationLifetime>();
            var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());

            var startup = await Task.WhenAny(channel.Ready, worker.Exited, stopping.Task, Task.Delay(WorkerStartTimeout));
            if (startup != channel.Ready || channel.Ready.IsFaulted)
            {
                var line = startup == worker.Exited
                    ? $"The worker exited with code {worker.Exited.Result} before its functions loaded; the local host stops."
                    : startup == stopping.Task ? null
                    : channel.Ready.IsFaulted ? channel.Ready.Exception!.InnerException!.Message
                    : $"The worker did not load its functions within {WorkerStartTimeout.TotalSeconds:F0} s; the local host stops.";
                if (line is not null)
                {
                    Console.Error.WriteLine(line);
                }

                worker.Stop();
                await web.StopAsync();
                return line is null ? 0 : 1;
            }

            var functions = channel.Ready.Result;
            var router = new FunctionRouter(functions, app.RoutePrefix, web.Services.GetRequiredService<IInlineConstraintResolver>());
            dispatcher.Activate(router, functions);
            var baseUrl = $"http://{(address is null ? "localhost" : options.Address)}:{options.Port}";
            console.Line(Banner.Render(baseUrl, app, worker.ProcessId, router, functions, Setting));

            var timerStop = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
            var timers = web.Services.GetRequiredService<TimerRunner>().Start(functions, Setting, timerStop.Token);

            var ended = await Task.WhenAny(worker.Exited, stopping.Task);
            var exitCode = 0;
            if (ended == worker.Exited)
            {
                var code = worker.Exited.Result;
                Console.Error.WriteLine($"The worker process exited with code {code}; the local host stops.");
                exitCode = code != 0 ? code : 1;
            }

            await timerStop.CancelAsync();
            worker.Stop();
            await web.StopAsync();
            await Task.WhenAll(timers).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            timerStop.Dispose();
            GC.KeepAlive(publicSocket);
            GC.KeepAlive(grpcSocket);
            return exitCode;
        }

        /// <summary>A listening TCP socket, handed to Kestrel by handle.</summary>
        private static Socket Listen(IPAddress address, int port)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(address, port));
                socket.Listen(512);
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }
}
